package dev.specter;

import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import dev.onvoid.webrtc.PeerConnectionFactory;
import dev.onvoid.webrtc.PeerConnectionObserver;
import dev.onvoid.webrtc.RTCConfiguration;
import dev.onvoid.webrtc.RTCDataChannel;
import dev.onvoid.webrtc.RTCDataChannelBuffer;
import dev.onvoid.webrtc.RTCDataChannelInit;
import dev.onvoid.webrtc.RTCDataChannelObserver;
import dev.onvoid.webrtc.RTCDataChannelState;
import dev.onvoid.webrtc.RTCIceCandidate;
import dev.onvoid.webrtc.RTCIceGatheringState;
import dev.onvoid.webrtc.RTCPeerConnection;
import dev.onvoid.webrtc.RTCSdpType;
import dev.onvoid.webrtc.RTCSessionDescription;
import dev.onvoid.webrtc.media.audio.HeadlessAudioDeviceModule;
import dev.specter.event.DataChannelMessage;
import dev.specter.event.DataChannelReceived;
import dev.specter.event.EventsDropped;
import dev.specter.signaling.ConnectionState;
import dev.specter.signaling.SessionDescription;
import dev.specter.test.RawSdp;
import dev.specter.test.SpecterIntegrationTest;
import dev.specter.test.SpecterIntegrationTestSupport;
import dev.specter.webrtc.RuntimeSettings;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

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

	private static PeerConnectionFactory rawFactory;

	private final Gate gate;

	private RTCPeerConnection raw;

	private PeerConnectionId pc;

	RemoteMessageFloodIT(Gate gate) {
		this.gate = gate;
	}

	@BeforeAll
	static void rawFactory() {
		rawFactory = new PeerConnectionFactory(new HeadlessAudioDeviceModule());
	}

	@AfterAll
	static void disposeRawFactory() {
		rawFactory.dispose();
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
		RTCDataChannel channel = connect();
		this.gate.block(this.pc);
		channel.send(new RTCDataChannelBuffer(ByteBuffer.wrap(numbered(0, 8)), true));
		assertThat(this.gate.entered.await(20, TimeUnit.SECONDS)).isTrue();
		long before = usedHeap();
		// 250 MiB of 256 KiB messages (the largest the engine receives) while the
		// listener is busy: 1,000 messages, far below the mailbox's 10,000
		int count = 1000;
		int size = 256 * 1024;
		for (int i = 1; i <= count; i++) {
			while (channel.getBufferedAmount() > 4 * 1024 * 1024) {
				Thread.sleep(1);
			}
			channel.send(new RTCDataChannelBuffer(ByteBuffer.wrap(numbered(i, size)), true));
		}
		Awaitility.await("the flood sent")
			.atMost(Duration.ofSeconds(120))
			.until(() -> channel.getBufferedAmount() == 0);
		// what the engine got is in the application by now, or on its way
		Thread.sleep(3000);
		long grown = usedHeap() - before;
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
		channel.send(new RTCDataChannelBuffer(ByteBuffer.wrap(numbered(count + 1, 8)), true));
		Awaitility.await("a message after the flood")
			.atMost(Duration.ofSeconds(20))
			.until(() -> received().contains(count + 1));
		assertThat(this.specter.connectionState(this.pc)).isEqualTo(ConnectionState.CONNECTED);
	}

	private List<Integer> received() {
		return this.events.events(DataChannelMessage.class, this.pc)
			.stream()
			.map((m) -> ByteBuffer.wrap(m.data()).getInt())
			.toList();
	}

	private long dropped() {
		return this.events.events(EventsDropped.class, this.pc).stream().mapToLong(EventsDropped::count).sum();
	}

	private static byte[] numbered(int number, int size) {
		return ByteBuffer.allocate(size).putInt(number).array();
	}

	/** Connects a raw webrtc-java offerer with one data channel, without trickle. */
	private RTCDataChannel connect() throws Exception {
		CompletableFuture<Void> gathered = new CompletableFuture<>();
		CompletableFuture<Void> open = new CompletableFuture<>();
		this.raw = rawFactory.createPeerConnection(new RTCConfiguration(), new PeerConnectionObserver() {
			@Override
			public void onIceCandidate(RTCIceCandidate candidate) {
			}

			@Override
			public void onIceGatheringChange(RTCIceGatheringState state) {
				if (state == RTCIceGatheringState.COMPLETE) {
					gathered.complete(null);
				}
			}
		});
		RTCDataChannel channel = this.raw.createDataChannel("flood", new RTCDataChannelInit());
		channel.registerObserver(new RTCDataChannelObserver() {
			@Override
			public void onBufferedAmountChange(long previousAmount) {
			}

			@Override
			public void onStateChange() {
				try {
					if (channel.getState() == RTCDataChannelState.OPEN) {
						open.complete(null);
					}
				}
				catch (Throwable ex) {
					// never into the native thread
				}
			}

			@Override
			public void onMessage(RTCDataChannelBuffer buffer) {
			}
		});
		String offer = RawSdp.offerAfterGathering(this.raw, gathered);
		this.pc = this.specter.newPeerConnection();
		this.specter.setRemoteDescription(this.pc, SessionDescription.offer(offer)).get(10, TimeUnit.SECONDS);
		this.specter.setLocalDescription(this.pc).get(10, TimeUnit.SECONDS);
		String answer = this.specter.whenGatheringComplete(this.pc).get(20, TimeUnit.SECONDS).sdp();
		RawSdp.set(this.raw, new RTCSessionDescription(RTCSdpType.ANSWER, answer), false);
		open.get(20, TimeUnit.SECONDS);
		this.events.await(DataChannelReceived.class, this.pc, (e) -> true, Duration.ofSeconds(20));
		return channel;
	}

	private static long usedHeap() {
		for (int i = 0; i < 3; i++) {
			System.gc();
		}
		return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
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
