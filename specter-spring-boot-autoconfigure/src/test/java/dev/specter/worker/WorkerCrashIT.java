package dev.specter.worker;

import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import dev.specter.PeerConnectionId;
import dev.specter.Specter;
import dev.specter.SpecterFactory;
import dev.specter.signaling.SdpType;
import dev.specter.signaling.SessionDescription;
import dev.specter.test.CandidateRelay;
import dev.specter.test.EventRecorder;
import dev.specter.test.Peers;
import dev.specter.test.TestApplication;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
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
@ExtendWith(OutputCaptureExtension.class)
class WorkerCrashIT extends WorkerTestSupport {

	/** Connections per worker; the proof asks for 50. */
	private static final int PER_WORKER = Integer.getInteger("specter.workers.it.connections", 50);

	private static final int MESSAGES = 40;

	private static final String CRASH = "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\na=group:BUNDLE 0\r\n"
			+ "m=application 9 UDP/DTLS/SCTP webrtc-datachannel\r\nc=IN IP4 0.0.0.0\r\na=mid:0\r\n"
			+ "a=sctp-port:%n%n%n%n\r\n";

	@Autowired
	WorkerCrashIT(Specter specter, SpecterFactory factory, EventRecorder events, CandidateRelay relay,
			ConfigurableApplicationContext context) {
		super(specter, factory, events, relay, context);
	}

	@Test
	void killingAWorkerClosesItsConnectionsOnlyAndANewConnectionWorks() throws Exception {
		long setUp = System.nanoTime();
		List<WorkerLinks.Link> all = this.links.open(2 * PER_WORKER);
		System.out.printf("Worker mode: %d connected pairs (data channel open) in %d ms%n", all.size(),
				TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - setUp));
		Split split = split(all);
		long victimPid = split.victimPid();
		List<WorkerLinks.Link> victims = split.victims();
		List<WorkerLinks.Link> survivors = split.survivors();
		assertThat(victims).hasSize(PER_WORKER);
		assertThat(survivors).hasSize(PER_WORKER);
		this.links.exchange(all, 0, MESSAGES / 2);
		PeerConnectionId idle = this.links.newConnectionOn(this.factory, victimPid);
		CompletableFuture<Void> pending = pendingOn(idle);

		// The other worker's connections keep exchanging while the victim is killed.
		ExecutorService senders = Executors.newSingleThreadExecutor();
		Future<?> sending = senders.submit(() -> {
			this.links.exchange(survivors, MESSAGES / 2, MESSAGES);
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
		WorkerLinks.assertFailsWithEngineFailed(pending);
		List<PeerConnectionId> dead = new ArrayList<>(victims.stream().map(WorkerLinks.Link::local).toList());
		dead.add(idle);
		this.links.assertEngineFailedOnce(dead);
		this.links.assertComplete(survivors, MESSAGES);
		assertThat(this.factory.workerPid(fresh)).isNotEqualTo(victimPid).isPositive();
		// The new connection works end to end, and the dead worker is replaced.
		WorkerLinks.Link link = this.links.open(1).get(0);
		this.links.exchange(List.of(link), 0, 3);
		this.links.assertComplete(List.of(link), 3);
		Awaitility.await()
			.atMost(Duration.ofSeconds(60))
			.until(() -> this.factory.workerPids().size() == 2 && !this.factory.workerPids().contains(victimPid));
		System.out.printf("Worker mode: killed worker %d; first new connection after %d ms, replacement pid %s%n",
				victimPid, freshMillis, this.factory.workerPids());
		this.specter.closePeerConnection(fresh);
	}

	@Test
	void aNativeCrashInAWorkerIsContainedAndReported(CapturedOutput output) throws Exception {
		List<WorkerLinks.Link> all = this.links.open(8);
		Split split = split(all);
		long victimPid = split.victimPid();
		List<WorkerLinks.Link> victims = split.victims();
		List<WorkerLinks.Link> survivors = split.survivors();
		this.links.exchange(all, 0, MESSAGES / 2);
		// A fresh connection of the victim gets the known crasher as its remote offer.
		PeerConnectionId target = this.links.newConnectionOn(this.factory, victimPid);
		CompletableFuture<Void> crash = this.specter.setRemoteDescription(target,
				new SessionDescription(SdpType.OFFER, CRASH));
		WorkerLinks.assertFailsWithEngineFailed(crash);
		this.links.exchange(survivors, MESSAGES / 2, MESSAGES);

		assertThat(this.context.isActive()).isTrue();
		List<PeerConnectionId> dead = new ArrayList<>(victims.stream().map(WorkerLinks.Link::local).toList());
		dead.add(target);
		this.links.assertEngineFailedOnce(dead);
		this.links.assertComplete(survivors, MESSAGES);
		Awaitility.await()
			.atMost(Duration.ofSeconds(20))
			.until(() -> output.getOut().contains("Crash report") || output.getErr().contains("Crash report"));
		assertThat(output.toString()).contains("hs_err_worker-").contains("SIGSEGV");
		WorkerLinks.Link link = this.links.open(1).get(0);
		this.links.exchange(List.of(link), 0, 3);
		this.links.assertComplete(List.of(link), 3);
		try (var files = Files.list(this.factory.directory())) {
			assertThat(files.map((f) -> f.getFileName().toString())).anyMatch((f) -> f.startsWith("hs_err_worker-"));
		}
	}

}
