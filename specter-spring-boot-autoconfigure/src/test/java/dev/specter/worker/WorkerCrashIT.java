package dev.specter.worker;

import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import dev.specter.DataChannelId;
import dev.specter.EngineFailedException;
import dev.specter.ErrorCode;
import dev.specter.PeerConnectionId;
import dev.specter.Specter;
import dev.specter.SpecterConfig;
import dev.specter.SpecterException;
import dev.specter.SpecterFactory;
import dev.specter.datachannel.DataChannelState;
import dev.specter.dispatch.EventDispatcher;
import dev.specter.event.DataChannelMessage;
import dev.specter.event.DataChannelReceived;
import dev.specter.event.DataChannelStateChanged;
import dev.specter.event.PeerConnectionClosed;
import dev.specter.event.SpecterEvent;
import dev.specter.signaling.IceCandidate;
import dev.specter.signaling.SdpType;
import dev.specter.signaling.SessionDescription;
import dev.specter.test.CandidateRelay;
import dev.specter.test.EventRecorder;
import dev.specter.test.Peers;
import dev.specter.test.TestApplication;
import dev.specter.webrtc.DefaultSpecterFactory;
import dev.specter.webrtc.PeerConnectionFactoryPool;
import dev.specter.webrtc.RuntimeSettings;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Crash containment with real worker processes and real peers: the application runs its
 * engine in two workers ({@code specter.engine.isolation=workers}); the remote peers are
 * an in-process Specter of the test JVM, candidates relayed through events. A worker is
 * killed ({@code kill -9}) or crashed by a known native fault (handed past the guard by
 * the test hook): the application lives on, the other worker's connections lose and
 * reorder nothing, each dead connection is closed once with ENGINE_FAILED, pending
 * futures fail with ENGINE_FAILED, and new connections work.
 */
@SpringBootTest(classes = TestApplication.class,
		properties = { "specter.ice-servers=", "specter.engine.isolation=workers", "specter.engine.workers=2",
				"specter.engine.worker-jvm-options=-Dspecter.worker.test.remote-description-hook="
						+ "dev.specter.worker.CrashingRemoteDescriptionHook" })
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@ExtendWith(OutputCaptureExtension.class)
class WorkerCrashIT {

	/** Connections per worker; the proof asks for 50. */
	private static final int PER_WORKER = Integer.getInteger("specter.workers.it.connections", 50);

	private static final int MESSAGES = 40;

	private static final String CRASH = "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\na=group:BUNDLE 0\r\n"
			+ "m=application 9 UDP/DTLS/SCTP webrtc-datachannel\r\nc=IN IP4 0.0.0.0\r\na=mid:0\r\n"
			+ "a=sctp-port:%n%n%n%n\r\n";

	private final Specter specter;

	private final WorkerSpecterFactory factory;

	private final EventRecorder events;

	private final CandidateRelay relay;

	private final ConfigurableApplicationContext context;

	private final DefaultSpecterFactory remoteFactory;

	private final Specter remote;

	private final List<Link> links = new ArrayList<>();

	@Autowired
	WorkerCrashIT(Specter specter, SpecterFactory factory, EventRecorder events, CandidateRelay relay,
			ConfigurableApplicationContext context) {
		this.specter = specter;
		this.factory = (WorkerSpecterFactory) factory;
		this.events = events;
		this.relay = relay;
		this.context = context;
		this.remoteFactory = new DefaultSpecterFactory(new PeerConnectionFactoryPool(),
				new EventDispatcher(context, 4, 100_000), RuntimeSettings.DEFAULTS);
		this.remote = this.remoteFactory.create(SpecterConfig.ofUrls());
	}

	/**
	 * Both workers live before a test: the previous test's crash is replaced in the
	 * background, and until then least-loaded routing can only use the survivor, so the
	 * even split this test relies on would not hold.
	 */
	@BeforeEach
	void awaitBothWorkers() {
		Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> this.factory.workerPids().size() == 2);
	}

	@AfterEach
	void closeLinks() {
		for (Specter side : List.of(this.specter, this.remote)) {
			for (PeerConnectionId pc : side.peerConnections()) {
				side.closePeerConnection(pc);
			}
		}
		this.links.clear();
		Awaitility.await()
			.atMost(Duration.ofSeconds(30))
			.until(() -> this.factory.routeCount() == 0 && this.remote.peerConnections().isEmpty());
		this.events.clear();
	}

	@AfterAll
	void closeRemote() {
		this.remoteFactory.close();
	}

	@Test
	void killingAWorkerClosesItsConnectionsOnlyAndANewConnectionWorks() throws Exception {
		long setUp = System.nanoTime();
		List<Link> all = open(2 * PER_WORKER);
		System.out.printf("Worker mode: %d connected pairs (data channel open) in %d ms%n", all.size(),
				TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - setUp));
		long victimPid = this.factory.workerPid(all.get(0).local());
		List<Link> victims = all.stream().filter((l) -> this.factory.workerPid(l.local()) == victimPid).toList();
		List<Link> survivors = all.stream().filter((l) -> this.factory.workerPid(l.local()) != victimPid).toList();
		assertThat(victims).hasSize(PER_WORKER);
		assertThat(survivors).hasSize(PER_WORKER);
		exchange(all, 0, MESSAGES / 2);
		// A future of the victim that cannot complete on its own: a candidate queued
		// until the remote description, which never comes.
		PeerConnectionId idle = newConnectionOn(victimPid);
		CompletableFuture<Void> pending = this.specter.addIceCandidate(idle,
				new IceCandidate("candidate:1 1 udp 2130706431 127.0.0.1 50000 typ host", "0", 0, null));
		assertThat(pending).isNotDone();

		// The other worker's connections keep exchanging while the victim is killed.
		ExecutorService senders = Executors.newSingleThreadExecutor();
		Future<?> sending = senders.submit(() -> {
			exchange(survivors, MESSAGES / 2, MESSAGES);
			return null;
		});
		long killed = System.nanoTime();
		ProcessHandle.of(victimPid).orElseThrow().destroyForcibly();

		PeerConnectionId fresh = Awaitility.await()
			.atMost(Duration.ofSeconds(10))
			.ignoreExceptions()
			.until(() -> Peers.newPeerConnection(this.specter), (pc) -> pc != null);
		long freshMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killed);
		sending.get(120, TimeUnit.SECONDS);
		senders.shutdown();

		assertThat(this.context.isActive()).isTrue();
		assertThatFailsWithEngineFailed(pending);
		assertDeadOnce(victims.stream().map(Link::local).toList(), idle);
		assertComplete(survivors, MESSAGES);
		assertThat(this.factory.workerPid(fresh)).isNotEqualTo(victimPid).isPositive();
		// The new connection works end to end, and the dead worker is replaced.
		Link link = open(1).get(0);
		assertComplete(List.of(exchange(List.of(link), 0, 3).get(0)), 3);
		Awaitility.await()
			.atMost(Duration.ofSeconds(60))
			.until(() -> this.factory.workerPids().size() == 2 && !this.factory.workerPids().contains(victimPid));
		System.out.printf("Worker mode: killed worker %d; first new connection after %d ms, replacement pid %s%n",
				victimPid, freshMillis, this.factory.workerPids());
		this.specter.closePeerConnection(fresh);
	}

	@Test
	void aNativeCrashInAWorkerIsContainedAndReported(CapturedOutput output) throws Exception {
		List<Link> all = open(8);
		long victimPid = this.factory.workerPid(all.get(0).local());
		List<Link> victims = all.stream().filter((l) -> this.factory.workerPid(l.local()) == victimPid).toList();
		List<Link> survivors = all.stream().filter((l) -> this.factory.workerPid(l.local()) != victimPid).toList();
		assertThat(victims).isNotEmpty();
		assertThat(survivors).isNotEmpty();
		exchange(all, 0, MESSAGES / 2);
		// A fresh connection of the victim gets the known crasher as its remote offer.
		PeerConnectionId target = newConnectionOn(victimPid);
		CompletableFuture<Void> crash = this.specter.setRemoteDescription(target,
				new SessionDescription(SdpType.OFFER, CRASH));
		assertThatFailsWithEngineFailed(crash);
		exchange(survivors, MESSAGES / 2, MESSAGES);

		assertThat(this.context.isActive()).isTrue();
		List<PeerConnectionId> dead = new ArrayList<>(victims.stream().map(Link::local).toList());
		assertDeadOnce(dead, target);
		assertComplete(survivors, MESSAGES);
		Awaitility.await()
			.atMost(Duration.ofSeconds(20))
			.until(() -> output.getOut().contains("Crash report") || output.getErr().contains("Crash report"));
		assertThat(output.toString()).contains("hs_err_worker-").contains("SIGSEGV");
		Link link = open(1).get(0);
		assertComplete(List.of(exchange(List.of(link), 0, 3).get(0)), 3);
		try (var files = Files.list(this.factory.directory())) {
			assertThat(files.map((f) -> f.getFileName().toString())).anyMatch((f) -> f.startsWith("hs_err_worker-"));
		}
	}

	/**
	 * A new connection on the given worker: the others made meanwhile stay open until one
	 * lands there (closed at once, their worker could be the least loaded again: ties go
	 * to the same worker).
	 */
	private PeerConnectionId newConnectionOn(long pid) {
		List<PeerConnectionId> elsewhere = new ArrayList<>();
		try {
			for (int i = 0; i < 10; i++) {
				PeerConnectionId pc = Peers.newPeerConnection(this.specter);
				if (this.factory.workerPid(pc) == pid) {
					return pc;
				}
				elsewhere.add(pc);
			}
		}
		finally {
			elsewhere.forEach(this.specter::closePeerConnection);
		}
		throw new AssertionError("no connection landed on worker " + pid);
	}

	private static void assertThatFailsWithEngineFailed(CompletableFuture<?> future) {
		try {
			future.get(30, TimeUnit.SECONDS);
			throw new AssertionError("the future completed");
		}
		catch (ExecutionException ex) {
			assertThat(ex.getCause()).isInstanceOf(EngineFailedException.class);
			assertThat(((SpecterException) ex.getCause()).code()).isEqualTo(ErrorCode.ENGINE_FAILED);
		}
		catch (Exception ex) {
			throw new AssertionError(ex);
		}
	}

	/**
	 * Each connection gets one closed event, reason ENGINE_FAILED, as its last event, and
	 * is gone.
	 */
	private void assertDeadOnce(List<PeerConnectionId> victims, PeerConnectionId extra) throws Exception {
		List<PeerConnectionId> dead = new ArrayList<>(victims);
		dead.add(extra);
		for (PeerConnectionId pc : dead) {
			this.events.await(PeerConnectionClosed.class, pc, (e) -> true, Duration.ofSeconds(30));
		}
		Thread.sleep(500);
		for (PeerConnectionId pc : dead) {
			List<PeerConnectionClosed> closed = this.events.events(PeerConnectionClosed.class, pc);
			assertThat(closed).hasSize(1);
			assertThat(closed.get(0).reason()).isEqualTo(PeerConnectionClosed.Reason.ENGINE_FAILED);
			assertThat(closed.get(0).specter()).isEqualTo(this.specter.id());
			List<SpecterEvent> all = this.events.events(SpecterEvent.class, pc);
			assertThat(all.get(all.size() - 1)).isEqualTo(closed.get(0));
			assertThat(this.specter.peerConnectionExists(pc)).isFalse();
		}
	}

	/** Both sides of each link received 0..count-1, each once, in order; none closed. */
	private void assertComplete(List<Link> links, int count) {
		List<String> expected = IntStream.range(0, count).mapToObj(Integer::toString).toList();
		for (Link link : links) {
			for (PeerConnectionId pc : List.of(link.local(), link.remote())) {
				Awaitility.await()
					.atMost(Duration.ofSeconds(60))
					.until(() -> this.events.events(DataChannelMessage.class, pc).size() >= count);
				assertThat(this.events.events(DataChannelMessage.class, pc).stream().map(DataChannelMessage::text))
					.containsExactlyElementsOf(expected);
				assertThat(this.events.events(PeerConnectionClosed.class, pc)).isEmpty();
			}
		}
	}

	/** Sends numbers from..to-1 on each link, in both directions. */
	private List<Link> exchange(List<Link> links, int from, int to) throws Exception {
		for (int i = from; i < to; i++) {
			List<CompletableFuture<Void>> sent = new ArrayList<>();
			for (Link link : links) {
				sent.add(this.specter.sendText(link.local(), link.localChannel(), Integer.toString(i)));
				sent.add(this.remote.sendText(link.remote(), link.remoteChannel(), Integer.toString(i)));
			}
			CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
		}
		return links;
	}

	/** Opens connected pairs with an open data channel, several at a time. */
	private List<Link> open(int count) throws Exception {
		ExecutorService pool = Executors.newFixedThreadPool(8);
		try {
			List<Future<Link>> futures = new ArrayList<>();
			for (int i = 0; i < count; i++) {
				futures.add(pool.submit(this::openOne));
			}
			List<Link> opened = new ArrayList<>();
			for (Future<Link> future : futures) {
				opened.add(future.get(120, TimeUnit.SECONDS));
			}
			synchronized (this.links) {
				this.links.addAll(opened);
			}
			return opened;
		}
		finally {
			pool.shutdown();
		}
	}

	private Link openOne() throws Exception {
		PeerConnectionId local = Peers.newPeerConnection(this.specter);
		PeerConnectionId remote = Peers.newPeerConnection(this.remote);
		this.relay.link(this.specter, local, this.remote, remote);
		DataChannelId channel = this.specter.createDataChannel(local, "numbers").get(30, TimeUnit.SECONDS);
		Peers.negotiate(this.specter, local, this.remote, remote);
		this.events.await(DataChannelStateChanged.class, local,
				(e) -> e.channel().equals(channel) && e.state() == DataChannelState.OPEN, Duration.ofSeconds(60));
		DataChannelReceived received = this.events.await(DataChannelReceived.class, remote, (e) -> true,
				Duration.ofSeconds(60));
		this.events.await(DataChannelStateChanged.class, remote,
				(e) -> e.channel().equals(received.channel()) && e.state() == DataChannelState.OPEN,
				Duration.ofSeconds(60));
		return new Link(local, remote, channel, received.channel());
	}

	record Link(PeerConnectionId local, PeerConnectionId remote, DataChannelId localChannel,
			DataChannelId remoteChannel) {
	}

}
