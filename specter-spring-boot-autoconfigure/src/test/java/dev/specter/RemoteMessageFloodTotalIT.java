package dev.specter;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import dev.specter.event.DataChannelMessage;
import dev.specter.event.EventsDropped;
import dev.specter.signaling.ConnectionState;
import dev.specter.test.Floods;
import dev.specter.test.RawChannel;
import dev.specter.test.RawFactory;
import dev.specter.test.RawOfferer;
import dev.specter.test.SpecterIntegrationTest;
import dev.specter.test.SpecterIntegrationTestSupport;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.context.annotation.Import;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Several hostile remote peers (raw webrtc-java) flood their connections with the largest
 * data-channel messages the engine receives while the application's listener is busy.
 * Each connection stays within its own bound
 * ({@code specter.data-channel.max-queued-bytes}, 4 MiB here), but together they would
 * hold that bound times the connections; the total of the instance
 * ({@code specter.data-channel.max-queued-bytes-total}, 6 MiB here) caps them: the rest
 * is dropped and reported by {@link EventsDropped}, and a fresh connection still gets its
 * messages through while the total is full. Runs in both engine modes.
 */
@SpecterIntegrationTest(
		properties = { "specter.data-channel.max-queued-bytes=4MB", "specter.data-channel.max-queued-bytes-total=6MB" })
@Import(RemoteMessageFloodTotalIT.Gate.class)
class RemoteMessageFloodTotalIT extends SpecterIntegrationTestSupport {

	private static final int FLOODERS = 3;

	private static final int COUNT = 100;

	private static final int SIZE = 256 * 1024;

	private static final long PER_CONNECTION = 4L * 1024 * 1024;

	private static final long TOTAL = 6L * 1024 * 1024;

	@RegisterExtension
	static final RawFactory rawFactory = new RawFactory();

	private final Gate gate;

	private final List<RawOfferer> raws = new ArrayList<>();

	private final List<PeerConnectionId> pcs = new ArrayList<>();

	RemoteMessageFloodTotalIT(Gate gate) {
		this.gate = gate;
	}

	@AfterEach
	void close() {
		this.gate.release();
		this.pcs.forEach(this.specter::closePeerConnection);
		this.raws.forEach(RawOfferer::close);
		this.events.clear();
	}

	@Test
	void floodsOfSeveralConnectionsAreCappedByTheTotalAndAFreshConnectionStillWorks() throws Exception {
		List<RawChannel> channels = new ArrayList<>();
		List<PeerConnectionId> flooders = new ArrayList<>();
		for (int i = 0; i < FLOODERS; i++) {
			channels.add(connect("flood-" + i));
			flooders.add(this.pcs.get(i));
		}
		this.gate.block(flooders);
		for (RawChannel channel : channels) {
			channel.send(Floods.numbered(0, 8));
		}
		assertThat(this.gate.entered.await(20, TimeUnit.SECONDS)).isTrue();
		long before = Floods.usedHeap();
		// 25 MiB of 256 KiB messages per connection, the connections interleaved
		for (int i = 1; i <= COUNT; i++) {
			for (RawChannel channel : channels) {
				while (channel.bufferedAmount() > 4 * 1024 * 1024) {
					Thread.sleep(1);
				}
				channel.send(Floods.numbered(i, SIZE));
			}
		}
		Awaitility.await("the floods sent")
			.atMost(Duration.ofSeconds(180))
			.until(() -> channels.stream().allMatch((channel) -> channel.bufferedAmount() == 0));
		// what the engine got is in the application by now, or on its way
		Thread.sleep(3000);
		long grown = Floods.usedHeap() - before;
		System.out.printf("Remote floods of %d connections x %d x %d bytes to busy listeners: heap grew by %d MiB%n",
				FLOODERS, COUNT, SIZE, grown >> 20);
		// a fresh connection gets its messages through while the total is full
		RawChannel fresh = connect("fresh");
		PeerConnectionId freshPc = this.pcs.get(FLOODERS);
		for (int i = 1; i <= 3; i++) {
			fresh.send(Floods.numbered(i, 8));
			int expected = i;
			Awaitility.await("a message of a fresh connection while the total is full")
				.atMost(Duration.ofSeconds(20))
				.until(() -> received(freshPc).contains(expected));
		}
		assertThat(this.events.events(EventsDropped.class, freshPc)).isEmpty();
		this.gate.release();
		for (PeerConnectionId pc : flooders) {
			Awaitility.await("every message received or reported dropped")
				.atMost(Duration.ofSeconds(60))
				.until(() -> received(pc).size() + dropped(pc) == COUNT + 1);
		}
		int accepted = 0;
		for (PeerConnectionId pc : flooders) {
			List<Integer> received = received(pc);
			System.out.printf("Remote flood on %s: %d received, %d reported dropped%n", pc, received.size(),
					dropped(pc));
			assertThat(received).isSorted().doesNotHaveDuplicates();
			assertThat(this.events.events(EventsDropped.class, pc))
				.allSatisfy((e) -> assertThat(e.oldestDropped()).isEqualTo("DataChannelMessage"));
			// the first message was with the listener, not waiting
			accepted += received.size() - 1;
		}
		// each connection alone could keep 4 MiB waiting (16 messages, 48 for three); the
		// total keeps 6 MiB (24), plus one message per connection that had none waiting
		long perConnectionOnly = FLOODERS * (PER_CONNECTION / SIZE);
		long cap = TOTAL / SIZE + FLOODERS;
		System.out.printf("Messages kept waiting by %d connections: %d (per-connection bounds alone: %d, cap %d)%n",
				FLOODERS, accepted, perConnectionOnly, cap);
		assertThat((long) accepted).isLessThanOrEqualTo(cap).isLessThan(perConnectionOnly);
		assertThat(grown).as("heap held by the waiting messages of all connections").isLessThan(4 * TOTAL);
		// the connections go on
		for (int i = 0; i < FLOODERS; i++) {
			channels.get(i).send(Floods.numbered(COUNT + 1, 8));
			PeerConnectionId pc = flooders.get(i);
			Awaitility.await("a message after the flood")
				.atMost(Duration.ofSeconds(20))
				.until(() -> received(pc).contains(COUNT + 1));
			assertThat(this.specter.connectionState(pc)).isEqualTo(ConnectionState.CONNECTED);
		}
	}

	private List<Integer> received(PeerConnectionId pc) {
		return Floods.received(this.events, pc);
	}

	private long dropped(PeerConnectionId pc) {
		return Floods.dropped(this.events, pc);
	}

	/** Connects a raw webrtc-java offerer with one data channel, without trickle. */
	private RawChannel connect(String label) throws Exception {
		RawOfferer raw = RawOfferer.connect(rawFactory.get(), this.specter, this.events, label);
		this.raws.add(raw);
		this.pcs.add(raw.remote());
		return raw.first();
	}

	static class Gate {

		final Set<PeerConnectionId> blocked = ConcurrentHashMap.newKeySet();

		final CountDownLatch entered = new CountDownLatch(FLOODERS);

		final CountDownLatch release = new CountDownLatch(1);

		void block(List<PeerConnectionId> pcs) {
			this.blocked.addAll(pcs);
		}

		void release() {
			this.blocked.clear();
			this.release.countDown();
		}

		@SpecterListener
		void onMessage(DataChannelMessage message) throws InterruptedException {
			if (this.blocked.contains(message.peerConnection())) {
				this.entered.countDown();
				this.release.await(180, TimeUnit.SECONDS);
			}
		}

	}

}
