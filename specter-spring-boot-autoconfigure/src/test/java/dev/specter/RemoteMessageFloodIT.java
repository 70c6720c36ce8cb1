package dev.specter;

import java.time.Duration;
import java.util.List;
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
import dev.specter.webrtc.RuntimeSettings;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.context.annotation.Import;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A hostile remote peer (raw webrtc-java, nothing of Specter) floods a connection with
 * the largest data-channel messages the engine receives while the application's listener
 * is busy. The connection's mailbox bounds the number of waiting events (10,000), but at
 * 256 KiB each that was 2.5 GB of heap for one connection (measured: 1,000 such messages
 * held 250 MB); Specter also bounds their bytes
 * ({@code specter.data-channel.max-queued-bytes}, 16 MiB), drops the rest and reports
 * them with {@link EventsDropped}, in order, and the connection goes on. Runs in both
 * engine modes.
 */
@SpecterIntegrationTest
@Import(RemoteMessageFloodIT.Gate.class)
class RemoteMessageFloodIT extends SpecterIntegrationTestSupport {

	@RegisterExtension
	static final RawFactory rawFactory = new RawFactory();

	private final Gate gate;

	private RawOfferer raw;

	private PeerConnectionId pc;

	RemoteMessageFloodIT(Gate gate) {
		this.gate = gate;
	}

	@AfterEach
	void close() {
		this.gate.release();
		if (this.pc != null) {
			this.specter.closePeerConnection(this.pc);
		}
		if (this.raw != null) {
			this.raw.close();
		}
		this.events.clear();
	}

	@Test
	void aFloodOfLargeMessagesToABusyListenerIsBoundedInBytesAndReported() throws Exception {
		RawChannel channel = connect();
		this.gate.block(this.pc);
		channel.send(Floods.numbered(0, 8));
		assertThat(this.gate.entered.await(20, TimeUnit.SECONDS)).isTrue();
		long before = Floods.usedHeap();
		// 250 MiB of 256 KiB messages (the largest the engine receives) while the
		// listener is busy: 1,000 messages, far below the mailbox's 10,000
		int count = 1000;
		int size = 256 * 1024;
		for (int i = 1; i <= count; i++) {
			while (channel.bufferedAmount() > 4 * 1024 * 1024) {
				Thread.sleep(1);
			}
			channel.send(Floods.numbered(i, size));
		}
		Awaitility.await("the flood sent").atMost(Duration.ofSeconds(120)).until(() -> channel.bufferedAmount() == 0);
		// what the engine got is in the application by now, or on its way
		Thread.sleep(3000);
		long grown = Floods.usedHeap() - before;
		System.out.printf("Remote flood of %d x %d bytes to a busy listener: heap grew by %d MiB%n", count, size,
				grown >> 20);
		assertThat(grown).as("heap held by the waiting messages of one connection")
			.isLessThan(RuntimeSettings.DEFAULT_MAX_QUEUED_BYTES * 4);
		this.gate.release();
		Awaitility.await("every message received or reported dropped")
			.atMost(Duration.ofSeconds(60))
			.until(() -> received().size() + dropped() == count + 1);
		List<Integer> received = received();
		System.out.printf("Remote flood: %d received, %d reported dropped%n", received.size(), dropped());
		assertThat(dropped()).isPositive();
		assertThat(received).isSorted().doesNotHaveDuplicates();
		assertThat(this.events.events(EventsDropped.class, this.pc))
			.allSatisfy((e) -> assertThat(e.oldestDropped()).isEqualTo("DataChannelMessage"));
		// the connection goes on
		channel.send(Floods.numbered(count + 1, 8));
		Awaitility.await("a message after the flood")
			.atMost(Duration.ofSeconds(20))
			.until(() -> received().contains(count + 1));
		assertThat(this.specter.connectionState(this.pc)).isEqualTo(ConnectionState.CONNECTED);
	}

	private List<Integer> received() {
		return Floods.received(this.events, this.pc);
	}

	private long dropped() {
		return Floods.dropped(this.events, this.pc);
	}

	/** Connects a raw webrtc-java offerer with one data channel, without trickle. */
	private RawChannel connect() throws Exception {
		this.raw = RawOfferer.connect(rawFactory.get(), this.specter, this.events, "flood");
		this.pc = this.raw.remote();
		return this.raw.first();
	}

	static class Gate {

		volatile PeerConnectionId blocked;

		final CountDownLatch entered = new CountDownLatch(1);

		volatile CountDownLatch release = new CountDownLatch(1);

		void block(PeerConnectionId pc) {
			this.blocked = pc;
		}

		void release() {
			this.blocked = null;
			this.release.countDown();
		}

		@SpecterListener
		void onMessage(DataChannelMessage message) throws InterruptedException {
			if (message.peerConnection().equals(this.blocked)) {
				this.entered.countDown();
				this.release.await(120, TimeUnit.SECONDS);
			}
		}

	}

}
