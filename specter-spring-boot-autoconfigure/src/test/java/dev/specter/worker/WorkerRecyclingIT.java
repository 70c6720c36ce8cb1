package dev.specter.worker;

import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;

import dev.specter.PeerConnectionId;
import dev.specter.Specter;
import dev.specter.SpecterConfig;
import dev.specter.SpecterObserver;
import dev.specter.dispatch.EventDispatcher;
import dev.specter.event.PeerConnectionClosed;
import dev.specter.event.SpecterEvent;
import dev.specter.webrtc.ConnectionLimits;
import dev.specter.webrtc.RuntimeSettings;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import org.springframework.context.PayloadApplicationEvent;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code specter.engine.max-connections-per-worker}: a worker that has been given its
 * share takes no new connections, a new worker takes its place, and the old one exits
 * (giving its native memory back) when its last connection closes, with no failure
 * reported.
 */
class WorkerRecyclingIT {

	@Test
	void aWorkerThatServedItsShareIsReplacedAndExitsAfterItsLastConnection() throws Exception {
		Queue<SpecterEvent> events = new ConcurrentLinkedQueue<>();
		EventDispatcher dispatcher = new EventDispatcher(
				(event) -> events.add((SpecterEvent) ((PayloadApplicationEvent<?>) event).getPayload()), 2, 1000);
		try (WorkerSpecterFactory factory = new WorkerSpecterFactory(WorkerOptions.of(1).withMaxConnectionsPerWorker(3),
				dispatcher, RuntimeSettings.DEFAULTS, ConnectionLimits.DEFAULTS, SpecterObserver.NONE)) {
			Specter specter = factory.create(SpecterConfig.ofUrls());
			long first = factory.workerPids().get(0);
			List<PeerConnectionId> old = List.of(specter.newPeerConnection(), specter.newPeerConnection(),
					specter.newPeerConnection());
			assertThat(old).allSatisfy((pc) -> assertThat(factory.workerPid(pc)).isEqualTo(first));
			PeerConnectionId next = specter.newPeerConnection();
			long second = factory.workerPid(next);
			assertThat(second).isPositive().isNotEqualTo(first);
			assertThat(ProcessHandle.of(first).map(ProcessHandle::isAlive)).contains(true);
			for (PeerConnectionId pc : old) {
				specter.closePeerConnection(pc).get(10, TimeUnit.SECONDS);
			}
			Awaitility.await()
				.atMost(Duration.ofSeconds(20))
				.until(() -> !ProcessHandle.of(first).map(ProcessHandle::isAlive).orElse(false));
			assertThat(factory.workerPids()).containsExactly(second);
			assertThat(factory.workerFailures()).isZero();
			assertThat(factory.counters().recycles()).isEqualTo(1);
			assertThat(factory.counters().deaths()).isZero();
			assertThat(factory.counters().started()).isEqualTo(2);
			assertThat(specter.createDataChannel(next, "still here").get(10, TimeUnit.SECONDS)).isNotNull();
			Awaitility.await()
				.atMost(Duration.ofSeconds(10))
				.until(() -> events.stream().filter(PeerConnectionClosed.class::isInstance).count() == 3);
			assertThat(events.stream().filter(PeerConnectionClosed.class::isInstance))
				.allSatisfy((e) -> assertThat(((PeerConnectionClosed) e).reason())
					.isEqualTo(PeerConnectionClosed.Reason.CLOSED));
		}
	}

}
