package dev.specter.worker;

import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;

import dev.specter.ApiId;
import dev.specter.DataChannelId;
import dev.specter.PeerConnectionId;
import dev.specter.SpecterConfig;
import dev.specter.SpecterObserver;
import dev.specter.dispatch.EventDispatcher;
import dev.specter.event.DataChannelCreated;
import dev.specter.event.PeerConnectionClosed;
import dev.specter.event.PeerConnectionReady;
import dev.specter.event.SpecterEvent;
import dev.specter.webrtc.ConnectionLimits;
import dev.specter.webrtc.RuntimeSettings;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import org.springframework.context.PayloadApplicationEvent;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link ConnectionCreation} with a real worker: a connection created without waiting
 * exists at once, takes the calls written right after its creation, and gets
 * {@code PeerConnectionReady} first; one the worker refuses is closed with reason
 * {@code ENGINE_FAILED} as its only event.
 */
class ConnectionCreationIT {

	@Test
	void connectionsCreatedWithoutWaitingWorkAndARefusedOneIsClosed() throws Exception {
		Queue<SpecterEvent> events = new ConcurrentLinkedQueue<>();
		EventDispatcher dispatcher = new EventDispatcher(
				(event) -> events.add((SpecterEvent) ((PayloadApplicationEvent<?>) event).getPayload()), 2, 1000);
		try (WorkerSpecterFactory factory = new WorkerSpecterFactory(WorkerOptions.of(1), dispatcher,
				RuntimeSettings.DEFAULTS, ConnectionLimits.DEFAULTS, SpecterObserver.NONE)) {
			WorkerSpecter specter = (WorkerSpecter) factory.create(SpecterConfig.ofUrls());
			// the first waits for the worker; the others are created without waiting
			List<PeerConnectionId> pcs = List.of(specter.newPeerConnection(), specter.newPeerConnection(),
					specter.newPeerConnection());
			for (PeerConnectionId pc : pcs) {
				assertThat(specter.peerConnectionExists(pc)).isTrue();
				// written right after the creation: runs after it in the worker
				DataChannelId channel = specter.createDataChannel(pc, "right after").get(10, TimeUnit.SECONDS);
				assertThat(channel).isNotNull();
				assertThat(specter.whenReady(pc).get(10, TimeUnit.SECONDS)).isEqualTo(pc);
			}
			Awaitility.await()
				.atMost(Duration.ofSeconds(10))
				.until(() -> events.stream().filter(DataChannelCreated.class::isInstance).count() == 3);
			for (PeerConnectionId pc : pcs) {
				List<SpecterEvent> mine = events.stream().filter((e) -> pc.equals(e.peerConnection())).toList();
				assertThat(mine.get(0)).isInstanceOf(PeerConnectionReady.class);
				assertThat(mine).filteredOn(DataChannelCreated.class::isInstance).hasSize(1);
			}

			// a creation the worker refuses (here: an API it does not know)
			WorkerProcess worker = factory.route(pcs.get(0)).worker();
			PeerConnectionId refused = PeerConnectionId.random();
			Route route = factory.register(refused, specter, worker);
			WorkerCalls calls = new WorkerCalls(specter.id(), specter.id().value().toString(), factory);
			ConnectionCreation.start(calls, factory, route, new ApiId(UUID.randomUUID()));
			Awaitility.await()
				.atMost(Duration.ofSeconds(10))
				.until(() -> events.stream().anyMatch((e) -> refused.equals(e.peerConnection())));
			Thread.sleep(200);
			List<SpecterEvent> refusedEvents = events.stream()
				.filter((e) -> refused.equals(e.peerConnection()))
				.toList();
			assertThat(refusedEvents).singleElement()
				.isInstanceOfSatisfying(PeerConnectionClosed.class,
						(closed) -> assertThat(closed.reason()).isEqualTo(PeerConnectionClosed.Reason.ENGINE_FAILED));
			assertThat(specter.peerConnectionExists(refused)).isFalse();
			assertThat(specter.peerConnections()).containsExactlyInAnyOrderElementsOf(pcs);
		}
	}

}
