package dev.specter;

import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
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
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

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

	private static PeerConnectionFactory rawFactory;

	private final Gate gate;

	private final List<RTCPeerConnection> raws = new ArrayList<>();

	private final List<PeerConnectionId> pcs = new ArrayList<>();

	RemoteMessageFloodTotalIT(Gate gate) {
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
		this.pcs.forEach(this.specter::closePeerConnection);
		this.raws.forEach(RTCPeerConnection::close);
		this.events.clear();
	}

	@Test
	void floodsOfSeveralConnectionsAreCappedByTheTotalAndAFreshConnectionStillWorks() throws Exception {
		List<RTCDataChannel> channels = new ArrayList<>();
		List<PeerConnectionId> flooders = new ArrayList<>();
		for (int i = 0; i < FLOODERS; i++) {
			channels.add(connect("flood-" + i));
			flooders.add(this.pcs.get(i));
		}
		this.gate.block(flooders);
		for (RTCDataChannel channel : channels) {
			channel.send(new RTCDataChannelBuffer(ByteBuffer.wrap(numbered(0, 8)), true));
		}
		assertThat(this.gate.entered.await(20, TimeUnit.SECONDS)).isTrue();
		long before = usedHeap();
		// 25 MiB of 256 KiB messages per connection, the connections interleaved
		for (int i = 1; i <= COUNT; i++) {
			for (RTCDataChannel channel : channels) {
				while (channel.getBufferedAmount() > 4 * 1024 * 1024) {
					Thread.sleep(1);
				}
				channel.send(new RTCDataChannelBuffer(ByteBuffer.wrap(numbered(i, SIZE)), true));
			}
		}
		Awaitility.await("the floods sent")
			.atMost(Duration.ofSeconds(180))
			.until(() -> channels.stream().allMatch((channel) -> channel.getBufferedAmount() == 0));
		// what the engine got is in the application by now, or on its way
		Thread.sleep(3000);
		long grown = usedHeap() - before;
		System.out.printf("Remote floods of %d connections x %d x %d bytes to busy listeners: heap grew by %d MiB%n",
				FLOODERS, COUNT, SIZE, grown >> 20);
		// a fresh connection gets its messages through while the total is full
		RTCDataChannel fresh = connect("fresh");
		PeerConnectionId freshPc = this.pcs.get(FLOODERS);
		for (int i = 1; i <= 3; i++) {
			fresh.send(new RTCDataChannelBuffer(ByteBuffer.wrap(numbered(i, 8)), true));
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
			channels.get(i).send(new RTCDataChannelBuffer(ByteBuffer.wrap(numbered(COUNT + 1, 8)), true));
			PeerConnectionId pc = flooders.get(i);
			Awaitility.await("a message after the flood")
				.atMost(Duration.ofSeconds(20))
				.until(() -> received(pc).contains(COUNT + 1));
			assertThat(this.specter.connectionState(pc)).isEqualTo(ConnectionState.CONNECTED);
		}
	}

	private List<Integer> received(PeerConnectionId pc) {
		return this.events.events(DataChannelMessage.class, pc)
			.stream()
			.map((m) -> ByteBuffer.wrap(m.data()).getInt())
			.toList();
	}

	private long dropped(PeerConnectionId pc) {
		return this.events.events(EventsDropped.class, pc).stream().mapToLong(EventsDropped::count).sum();
	}

	private static byte[] numbered(int number, int size) {
		return ByteBuffer.allocate(size).putInt(number).array();
	}

	/** Connects a raw webrtc-java offerer with one data channel, without trickle. */
	private RTCDataChannel connect(String label) throws Exception {
		CompletableFuture<Void> gathered = new CompletableFuture<>();
		CompletableFuture<Void> open = new CompletableFuture<>();
		RTCPeerConnection raw = rawFactory.createPeerConnection(new RTCConfiguration(), new PeerConnectionObserver() {
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
		this.raws.add(raw);
		RTCDataChannel channel = raw.createDataChannel(label, new RTCDataChannelInit());
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
		String offer = RawSdp.offerAfterGathering(raw, gathered);
		PeerConnectionId pc = this.specter.newPeerConnection();
		this.pcs.add(pc);
		this.specter.setRemoteDescription(pc, SessionDescription.offer(offer)).get(10, TimeUnit.SECONDS);
		this.specter.setLocalDescription(pc).get(10, TimeUnit.SECONDS);
		String answer = this.specter.whenGatheringComplete(pc).get(20, TimeUnit.SECONDS).sdp();
		RawSdp.set(raw, new RTCSessionDescription(RTCSdpType.ANSWER, answer), false);
		open.get(20, TimeUnit.SECONDS);
		this.events.await(DataChannelReceived.class, pc, (e) -> true, Duration.ofSeconds(20));
		return channel;
	}

	private static long usedHeap() {
		for (int i = 0; i < 3; i++) {
			System.gc();
		}
		return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
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
