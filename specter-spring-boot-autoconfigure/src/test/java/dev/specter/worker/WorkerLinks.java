package dev.specter.worker;

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
import dev.specter.SpecterException;
import dev.specter.datachannel.DataChannelState;
import dev.specter.event.DataChannelMessage;
import dev.specter.event.DataChannelReceived;
import dev.specter.event.DataChannelStateChanged;
import dev.specter.event.PeerConnectionClosed;
import dev.specter.event.SpecterEvent;
import dev.specter.test.CandidateRelay;
import dev.specter.test.EventRecorder;
import dev.specter.test.Peers;
import org.awaitility.Awaitility;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Connected pairs between the application's worker-mode Specter and an in-process remote
 * one, with numbered messages both ways, and the checks worker ITs make on them.
 */
final class WorkerLinks {

	private final Specter local;

	private final Specter remote;

	private final EventRecorder events;

	private final CandidateRelay relay;

	WorkerLinks(Specter local, Specter remote, EventRecorder events, CandidateRelay relay) {
		this.local = local;
		this.remote = remote;
		this.events = events;
		this.relay = relay;
	}

	/** Opens connected pairs with an open data channel, eight at a time. */
	List<Link> open(int count) throws Exception {
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
			return opened;
		}
		finally {
			pool.shutdown();
		}
	}

	private Link openOne() throws Exception {
		PeerConnectionId mine = Peers.newPeerConnection(this.local);
		PeerConnectionId theirs = Peers.newPeerConnection(this.remote);
		this.relay.link(this.local, mine, this.remote, theirs);
		DataChannelId channel = this.local.createDataChannel(mine, "numbers").get(30, TimeUnit.SECONDS);
		Peers.negotiate(this.local, mine, this.remote, theirs);
		Duration wait = Duration.ofSeconds(60);
		this.events.await(DataChannelStateChanged.class, mine,
				(e) -> e.channel().equals(channel) && e.state() == DataChannelState.OPEN, wait);
		DataChannelReceived received = this.events.await(DataChannelReceived.class, theirs, (e) -> true, wait);
		this.events.await(DataChannelStateChanged.class, theirs,
				(e) -> e.channel().equals(received.channel()) && e.state() == DataChannelState.OPEN, wait);
		return new Link(mine, theirs, channel, received.channel());
	}

	/** Sends the numbers from..to-1 on each link, both ways, each round acknowledged. */
	void exchange(List<Link> links, int from, int to) throws Exception {
		for (int i = from; i < to; i++) {
			List<CompletableFuture<Void>> sent = new ArrayList<>();
			for (Link link : links) {
				sent.add(this.local.sendText(link.local(), link.localChannel(), Integer.toString(i)));
				sent.add(this.remote.sendText(link.remote(), link.remoteChannel(), Integer.toString(i)));
			}
			CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
		}
	}

	/** Both ends of each link received 0..count-1, each once, in order; none closed. */
	void assertComplete(List<Link> links, int count) {
		List<String> expected = IntStream.range(0, count).mapToObj(Integer::toString).toList();
		for (Link link : links) {
			for (PeerConnectionId pc : List.of(link.local(), link.remote())) {
				Awaitility.await()
					.atMost(Duration.ofSeconds(60))
					.until(() -> this.events.events(DataChannelMessage.class, pc).size() >= count);
				assertThat(this.events.events(DataChannelMessage.class, pc).stream().map(DataChannelMessage::text))
					.as(pc.toString())
					.containsExactlyElementsOf(expected);
				assertThat(this.events.events(PeerConnectionClosed.class, pc)).as(pc.toString()).isEmpty();
			}
		}
	}

	/**
	 * Each connection got exactly one closed event, reason ENGINE_FAILED, as its last
	 * event, and is gone.
	 */
	void assertEngineFailedOnce(List<PeerConnectionId> dead) throws InterruptedException {
		for (PeerConnectionId pc : dead) {
			this.events.await(PeerConnectionClosed.class, pc, (e) -> true, Duration.ofSeconds(60));
		}
		// a second closed event would come right after the first
		Thread.sleep(500);
		for (PeerConnectionId pc : dead) {
			List<PeerConnectionClosed> closed = this.events.events(PeerConnectionClosed.class, pc);
			assertThat(closed).as(pc.toString()).hasSize(1);
			assertThat(closed.get(0).reason()).isEqualTo(PeerConnectionClosed.Reason.ENGINE_FAILED);
			assertThat(closed.get(0).specter()).isEqualTo(this.local.id());
			List<SpecterEvent> all = this.events.events(SpecterEvent.class, pc);
			assertThat(all.get(all.size() - 1)).isEqualTo(closed.get(0));
			assertThat(this.local.peerConnectionExists(pc)).isFalse();
		}
	}

	/** A new connection of the application's Specter that landed on a given worker. */
	PeerConnectionId newConnectionOn(WorkerSpecterFactory factory, long pid) {
		// The others made meanwhile stay open until one lands there: closed at once,
		// their
		// worker could be the least loaded again (ties go to the same worker).
		List<PeerConnectionId> elsewhere = new ArrayList<>();
		try {
			for (int i = 0; i < 10; i++) {
				PeerConnectionId pc = Peers.newPeerConnection(this.local);
				if (factory.workerPid(pc) == pid) {
					return pc;
				}
				elsewhere.add(pc);
			}
		}
		finally {
			elsewhere.forEach(this.local::closePeerConnection);
		}
		throw new AssertionError("no connection landed on worker " + pid);
	}

	/** The links whose application side is (or is not) on a given worker. */
	static List<Link> onWorker(WorkerSpecterFactory factory, List<Link> links, long pid, boolean on) {
		return links.stream().filter((link) -> (factory.workerPid(link.local()) == pid) == on).toList();
	}

	static void assertFailsWithEngineFailed(CompletableFuture<?> future) throws Exception {
		try {
			future.get(60, TimeUnit.SECONDS);
			throw new AssertionError("the future completed");
		}
		catch (ExecutionException ex) {
			assertThat(ex.getCause()).isInstanceOf(EngineFailedException.class);
			assertThat(((SpecterException) ex.getCause()).code()).isEqualTo(ErrorCode.ENGINE_FAILED);
		}
	}

	record Link(PeerConnectionId local, PeerConnectionId remote, DataChannelId localChannel,
			DataChannelId remoteChannel) {
	}

}
