package dev.specter.worker;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import dev.specter.PeerConnectionId;
import dev.specter.Specter;
import dev.specter.SpecterConfig;
import dev.specter.SpecterFactory;
import dev.specter.dispatch.EventDispatcher;
import dev.specter.signaling.IceCandidate;
import dev.specter.test.CandidateRelay;
import dev.specter.test.EventRecorder;
import dev.specter.webrtc.DefaultSpecterFactory;
import dev.specter.webrtc.PeerConnectionFactoryPool;
import dev.specter.webrtc.RuntimeSettings;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInstance;

import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the two-worker ITs share: the application's worker-mode Specter, an in-process
 * remote Specter of the test JVM as the peers, {@link WorkerLinks} between them; both
 * workers live before each test (a previous test's dead worker is replaced in the
 * background, and until then least-loaded routing can only use the survivor), every
 * connection closed after it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class WorkerTestSupport {

	protected final Specter specter;

	protected final WorkerSpecterFactory factory;

	protected final EventRecorder events;

	protected final ConfigurableApplicationContext context;

	protected final Specter remote;

	protected final WorkerLinks links;

	private final DefaultSpecterFactory remoteFactory;

	WorkerTestSupport(Specter specter, SpecterFactory factory, EventRecorder events, CandidateRelay relay,
			ConfigurableApplicationContext context) {
		this.specter = specter;
		this.factory = (WorkerSpecterFactory) factory;
		this.events = events;
		this.context = context;
		this.remoteFactory = new DefaultSpecterFactory(new PeerConnectionFactoryPool(),
				new EventDispatcher(context, 4, 100_000), RuntimeSettings.DEFAULTS);
		this.remote = this.remoteFactory.create(SpecterConfig.ofUrls());
		this.links = new WorkerLinks(specter, this.remote, events, relay);
	}

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
		Awaitility.await()
			.atMost(Duration.ofSeconds(30))
			.until(() -> this.factory.routeCount() == 0 && this.remote.peerConnections().isEmpty());
		this.events.clear();
	}

	/**
	 * Splits links by the worker of the first one; both sides must be non-empty.
	 * @param all the links
	 * @return that worker's pid, its links and the others
	 */
	protected Split split(List<WorkerLinks.Link> all) {
		long pid = this.factory.workerPid(all.get(0).local());
		Split split = new Split(pid, WorkerLinks.onWorker(this.factory, all, pid, true),
				WorkerLinks.onWorker(this.factory, all, pid, false));
		assertThat(split.victims()).isNotEmpty();
		assertThat(split.survivors()).isNotEmpty();
		return split;
	}

	/**
	 * A future of a connection that cannot complete on its own: a candidate queued until
	 * a remote description that never comes.
	 * @param peerConnection a new connection
	 * @return the pending future
	 */
	protected CompletableFuture<Void> pendingOn(PeerConnectionId peerConnection) {
		CompletableFuture<Void> pending = this.specter.addIceCandidate(peerConnection,
				new IceCandidate("candidate:1 1 udp 2130706431 127.0.0.1 50000 typ host", "0", 0, null));
		assertThat(pending).isNotDone();
		return pending;
	}

	@AfterAll
	void closeRemote() {
		this.remoteFactory.close();
	}

	/** Links split by worker. */
	record Split(long victimPid, List<WorkerLinks.Link> victims, List<WorkerLinks.Link> survivors) {
	}

}
