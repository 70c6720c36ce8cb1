package dev.specter;

import java.time.Duration;
import java.util.Comparator;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import dev.specter.event.DataChannelMessage;
import dev.specter.event.EventsDropped;
import dev.specter.test.ConnectedPair;
import dev.specter.test.SpecterIntegrationTest;
import dev.specter.test.SpecterIntegrationTestSupport;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import org.springframework.context.annotation.Import;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A listener that blocks cannot make memory grow without bound: the connection's mailbox
 * holds at most {@code specter.dispatch.mailbox-capacity} events, reports what it drops
 * as an {@link EventsDropped} event, and other connections are not slowed down.
 */
@SpecterIntegrationTest(properties = "specter.dispatch.mailbox-capacity=50")
@Import(MailboxOverflowIT.Slow.class)
class MailboxOverflowIT extends SpecterIntegrationTestSupport {

	private final Slow slow;

	MailboxOverflowIT(Slow slow) {
		this.slow = slow;
	}

	@Test
	void aBlockingListenerDropsAndReportsInsteadOfGrowing() throws Exception {
		ConnectedPair slowPair = ConnectedPair.open(this.specter, this.events, this.relay);
		ConnectedPair fastPair = ConnectedPair.open(this.specter, this.events, this.relay);
		this.slow.blocked.add(slowPair.b());
		int sent = 400;
		for (int i = 0; i < sent; i++) {
			this.specter.sendText(slowPair.a(), slowPair.channelA(), "slow-" + i).get(5, TimeUnit.SECONDS);
		}
		// While b's listener crawls (20 ms per message), another connection is served at
		// once.
		long started = System.nanoTime();
		fastPair.roundTrip(this.events, "fast lane");
		assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(2));

		Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50)).until(() -> {
			long received = this.events.events(DataChannelMessage.class, slowPair.b()).size();
			long dropped = this.events.events(EventsDropped.class, slowPair.b())
				.stream()
				.mapToLong(EventsDropped::count)
				.sum();
			return received + dropped == sent;
		});
		long dropped = this.events.events(EventsDropped.class, slowPair.b())
			.stream()
			.mapToLong(EventsDropped::count)
			.sum();
		assertThat(dropped).isPositive();
		assertThat(this.events.events(EventsDropped.class, slowPair.b()))
			.allSatisfy((e) -> assertThat(e.oldestDropped()).isEqualTo("DataChannelMessage"));
		// What did arrive is in order.
		var received = slowPair.received(this.events);
		assertThat(received).isSortedAccordingTo(
				Comparator.comparingInt((String m) -> Integer.parseInt(m.substring("slow-".length()))));
		this.slow.blocked.clear();
		slowPair.close();
		fastPair.close();
	}

	static class Slow {

		final Set<PeerConnectionId> blocked = ConcurrentHashMap.newKeySet();

		@SpecterListener
		void onMessage(DataChannelMessage message) throws InterruptedException {
			if (this.blocked.contains(message.peerConnection())) {
				Thread.sleep(20);
			}
		}

	}

}
