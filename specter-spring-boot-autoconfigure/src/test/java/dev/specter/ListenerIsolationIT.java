package dev.specter;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import dev.specter.event.DataChannelMessage;
import dev.specter.event.PeerConnectionClosed;
import dev.specter.event.PeerConnectionReady;
import dev.specter.event.SpecterEvent;
import dev.specter.test.ConnectedPair;
import dev.specter.test.Peers;
import dev.specter.test.SpecterIntegrationTest;
import dev.specter.test.SpecterIntegrationTestSupport;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Listener code runs off the native thread, in per-connection order, and a listener that
 * throws (or closes the connection it handles) disturbs neither other listeners nor other
 * connections.
 */
@SpecterIntegrationTest
@Import(ListenerIsolationIT.Listeners.class)
class ListenerIsolationIT extends SpecterIntegrationTestSupport {

	private final Throwing throwing;

	private final Failures failures;

	private final Closing closing;

	ListenerIsolationIT(Throwing throwing, Failures failures, Closing closing) {
		this.throwing = throwing;
		this.failures = failures;
		this.closing = closing;
	}

	@Test
	void aThrowingListenerDoesNotStopOthersAndReachesTheErrorHandler() throws Exception {
		PeerConnectionId pc = Peers.newPeerConnection(this.specter);
		this.events.await(PeerConnectionReady.class, pc);
		Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> this.throwing.calls.contains(pc));
		Awaitility.await()
			.atMost(Duration.ofSeconds(5))
			.until(() -> this.failures.failed.stream()
				.anyMatch(
						(f) -> f.event().peerConnection().equals(pc) && f.failure() instanceof IllegalStateException));
		assertThat(this.throwing.threads).allSatisfy((name) -> assertThat(name).startsWith("specter-dispatch-"));
		// The connection still works after its listener threw.
		assertThat(this.specter.createOffer(pc).get(5, TimeUnit.SECONDS)).isNotNull();
		this.specter.closePeerConnection(pc);
	}

	@Test
	void eventsOfOneConnectionArriveInOrderOffTheNativeThread() throws Exception {
		ConnectedPair pair = ConnectedPair.open(this.specter, this.events, this.relay);
		int count = 2000;
		for (int i = 0; i < count; i++) {
			this.specter.sendText(pair.a(), pair.channelA(), "m" + i);
		}
		Awaitility.await()
			.atMost(Duration.ofSeconds(30))
			.until(() -> this.events.events(DataChannelMessage.class, pair.b()).size() >= count);
		List<String> received = pair.received(this.events);
		for (int i = 0; i < count; i++) {
			assertThat(received.get(i)).isEqualTo("m" + i);
		}
		assertThat(this.throwing.threads).noneMatch((name) -> name.contains("signaling"));
		pair.close();
	}

	@Test
	void aListenerMayCloseTheConnectionItHandles() throws Exception {
		ConnectedPair pair = ConnectedPair.open(this.specter, this.events, this.relay);
		ConnectedPair other = ConnectedPair.open(this.specter, this.events, this.relay);
		this.closing.targets.add(pair.b());
		this.specter.sendText(pair.a(), pair.channelA(), "close yourself").get(5, TimeUnit.SECONDS);
		this.events.await(PeerConnectionClosed.class, pair.b());
		assertThat(this.specter.peerConnectionExists(pair.b())).isFalse();
		other.roundTrip(this.events, "unaffected");
		other.close();
		pair.close();
	}

	@Import({ Throwing.class, Failures.class, Closing.class })
	static class Listeners {

		@Bean
		SpecterErrorHandler recordingErrorHandler(Failures failures) {
			return failures::record;
		}

	}

	static class Throwing {

		final Set<PeerConnectionId> calls = ConcurrentHashMap.newKeySet();

		final Set<String> threads = ConcurrentHashMap.newKeySet();

		@SpecterListener
		void onAny(SpecterEvent event) {
			this.threads.add(Thread.currentThread().getName());
			if (event instanceof PeerConnectionReady ready) {
				this.calls.add(ready.peerConnection());
				throw new IllegalStateException("listener bug");
			}
		}

	}

	static class Failures {

		final List<Failure> failed = new CopyOnWriteArrayList<>();

		void record(SpecterEvent event, String listener, Throwable failure) {
			this.failed.add(new Failure(event, listener, failure));
		}

		record Failure(SpecterEvent event, String listener, Throwable failure) {
		}

	}

	static class Closing {

		final Set<PeerConnectionId> targets = ConcurrentHashMap.newKeySet();

		private final Specter specter;

		Closing(Specter specter) {
			this.specter = specter;
		}

		@SpecterListener
		void onMessage(DataChannelMessage message) {
			if (this.targets.remove(message.peerConnection())) {
				this.specter.closePeerConnection(message.peerConnection());
			}
		}

	}

}
