package dev.specter;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
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
import dev.specter.datachannel.DataChannelState;
import dev.specter.event.DataChannelMessage;
import dev.specter.event.DataChannelReceived;
import dev.specter.signaling.ConnectionState;
import dev.specter.signaling.SessionDescription;
import dev.specter.test.RawSdp;
import dev.specter.test.SpecterIntegrationTest;
import dev.specter.test.SpecterIntegrationTestSupport;
import dev.specter.webrtc.DefaultSpecterFactory;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * A raw webrtc-java peer (nothing of Specter) opens data channels on a Specter connection
 * as a hostile remote would: more than the per-connection limit at once, and open/close
 * loops. Specter accepts at most {@code 256} live remote channels, closes the rest, and
 * keeps only a bounded number of closed channels (and their native objects) per
 * connection. The native count is only visible in-process; in worker mode the other
 * assertions still run.
 */
@SpecterIntegrationTest
class RemoteDataChannelLimitsIT extends SpecterIntegrationTestSupport {

	private static final int LIMIT = 256;

	private static PeerConnectionFactory rawFactory;

	private final SpecterFactory factory;

	private RawPeer raw;

	private PeerConnectionId pc;

	RemoteDataChannelLimitsIT(SpecterFactory factory) {
		this.factory = factory;
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
		if (this.pc != null) {
			this.specter.closePeerConnection(this.pc);
		}
		if (this.raw != null) {
			this.raw.close();
		}
		this.events.clear();
	}

	@Test
	void channelsBeyondTheLimitAreClosedAndTheConnectionKeepsWorking() throws Exception {
		connect();
		long before = openDataChannels();
		List<RawChannel> opened = new ArrayList<>();
		for (int i = 0; i < 300; i++) {
			opened.add(this.raw.open("c" + i));
		}
		// The first channel counts: 255 of the 300 are accepted, 45 refused.
		int refused = 300 - (LIMIT - 1);
		Awaitility.await("refused channels closed on the raw side")
			.atMost(Duration.ofSeconds(60))
			.pollInterval(Duration.ofMillis(50))
			.until(() -> opened.stream().filter(RawChannel::isClosed).count() >= refused);
		Awaitility.await("received channels announced")
			.atMost(Duration.ofSeconds(30))
			.until(() -> this.events.events(DataChannelReceived.class, this.pc).size() >= LIMIT);
		Thread.sleep(500);
		assertThat(this.events.events(DataChannelReceived.class, this.pc)).hasSize(LIMIT);
		assertThat(opened.stream().filter(RawChannel::isClosed).count()).isEqualTo(refused);
		assertThat(opened.subList(0, LIMIT - 1)).allMatch(RawChannel::isOpen);
		if (this.factory instanceof DefaultSpecterFactory) {
			assertThat(openDataChannels() - before).as("native channels held").isLessThanOrEqualTo(LIMIT - 1);
		}
		assertThat(this.specter.connectionState(this.pc)).isEqualTo(ConnectionState.CONNECTED);
		opened.get(7).send("still here");
		this.events.await(DataChannelMessage.class, this.pc, (m) -> m.text().equals("still here"),
				Duration.ofSeconds(20));
		// Closing accepted channels makes room again.
		for (int i = 0; i < 10; i++) {
			opened.get(i).channel.close();
		}
		Awaitility.await()
			.atMost(Duration.ofSeconds(30))
			.until(() -> opened.subList(0, 10).stream().allMatch(RawChannel::isClosed));
		List<DataChannelId> firstTen = this.events.events(DataChannelReceived.class, this.pc)
			.stream()
			.filter((e) -> e.label().matches("c\\d"))
			.map(DataChannelReceived::channel)
			.toList();
		assertThat(firstTen).hasSize(10);
		Awaitility.await("the closed channels closed in Specter")
			.atMost(Duration.ofSeconds(30))
			.until(() -> firstTen.stream()
				.allMatch((id) -> this.specter.dataChannelState(this.pc, id) == DataChannelState.CLOSED));
		RawChannel late = this.raw.open("late");
		late.opened.get(30, TimeUnit.SECONDS);
		this.events.await(DataChannelReceived.class, this.pc, (e) -> e.label().equals("late"), Duration.ofSeconds(20));
	}

	@Test
	void openCloseLoopsKeepABoundedNumberOfChannels() throws Exception {
		connect();
		long before = openDataChannels();
		int cycles = 600;
		int batch = 10;
		for (int done = 0; done < cycles; done += batch) {
			List<RawChannel> round = new ArrayList<>();
			for (int i = 0; i < batch; i++) {
				round.add(this.raw.open("loop" + (done + i)));
			}
			for (RawChannel channel : round) {
				channel.opened.get(30, TimeUnit.SECONDS);
			}
			for (RawChannel channel : round) {
				channel.channel.close();
			}
			for (RawChannel channel : round) {
				channel.closed.get(30, TimeUnit.SECONDS);
			}
			for (RawChannel channel : round) {
				channel.dispose();
			}
		}
		DataChannelReceived last = this.events.await(DataChannelReceived.class, this.pc,
				(e) -> e.label().equals("loop" + (cycles - 1)), Duration.ofSeconds(30));
		Awaitility.await("the last loop channel closed in Specter")
			.atMost(Duration.ofSeconds(30))
			.until(() -> this.specter.dataChannelState(this.pc, last.channel()) == DataChannelState.CLOSED);
		List<DataChannelReceived> received = this.events.events(DataChannelReceived.class, this.pc);
		assertThat(received).hasSize(cycles + 1);
		if (this.factory instanceof DefaultSpecterFactory) {
			long held = openDataChannels() - before;
			System.out.printf("Remote open/close loop: %d channels opened and closed, %d native channels held%n",
					cycles, held);
			assertThat(held).as("native channels held after %d open/close cycles", cycles)
				.isLessThanOrEqualTo(2L * LIMIT + 16);
		}
		// The oldest closed channels are forgotten; the newest still answer CLOSED.
		DataChannelId oldest = received.stream()
			.filter((e) -> e.label().equals("loop0"))
			.findFirst()
			.orElseThrow()
			.channel();
		Awaitility.await("the oldest closed channel forgotten")
			.atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> assertThatExceptionOfType(NotFoundException.class)
				.isThrownBy(() -> this.specter.dataChannelState(this.pc, oldest)));
		assertThat(this.specter.dataChannelState(this.pc, last.channel())).isEqualTo(DataChannelState.CLOSED);
		assertThat(this.specter.connectionState(this.pc)).isEqualTo(ConnectionState.CONNECTED);
		this.raw.first.send("after the loop");
		this.events.await(DataChannelMessage.class, this.pc, (m) -> m.text().equals("after the loop"),
				Duration.ofSeconds(20));
	}

	private long openDataChannels() {
		return (this.factory instanceof DefaultSpecterFactory inProcess) ? inProcess.resources().openDataChannels() : 0;
	}

	/** Connects a raw offerer to a new Specter connection, without trickle. */
	private void connect() throws Exception {
		this.raw = new RawPeer(rawFactory);
		String offer = this.raw.offerAfterGathering();
		this.pc = this.specter.newPeerConnection();
		this.specter.setRemoteDescription(this.pc, SessionDescription.offer(offer)).get(10, TimeUnit.SECONDS);
		this.specter.setLocalDescription(this.pc).get(10, TimeUnit.SECONDS);
		SessionDescription answer = this.specter.whenGatheringComplete(this.pc).get(20, TimeUnit.SECONDS);
		this.raw.accept(answer.sdp());
		this.raw.first.opened.get(20, TimeUnit.SECONDS);
		this.events.await(DataChannelReceived.class, this.pc, (e) -> e.label().equals("first"), Duration.ofSeconds(20));
	}

	/** One channel of the raw peer, with its open and closed states. */
	private static final class RawChannel implements RTCDataChannelObserver {

		final RTCDataChannel channel;

		final CompletableFuture<Void> opened = new CompletableFuture<>();

		final CompletableFuture<Void> closed = new CompletableFuture<>();

		RawChannel(RTCDataChannel channel) {
			this.channel = channel;
			channel.registerObserver(this);
			// An ordered channel opens as soon as its open message is sent, possibly
			// before the observer was registered.
			onStateChange();
		}

		boolean isOpen() {
			return this.opened.isDone() && !this.closed.isDone();
		}

		boolean isClosed() {
			return this.closed.isDone();
		}

		void send(String text) throws Exception {
			this.channel.send(new RTCDataChannelBuffer(ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)), false));
		}

		void dispose() {
			try {
				this.channel.unregisterObserver();
				this.channel.dispose();
			}
			catch (Throwable ex) {
				// already gone with its connection
			}
		}

		@Override
		public void onBufferedAmountChange(long previousAmount) {
		}

		@Override
		public void onStateChange() {
			try {
				RTCDataChannelState state = this.channel.getState();
				if (state == RTCDataChannelState.OPEN) {
					this.opened.complete(null);
				}
				else if (state == RTCDataChannelState.CLOSED) {
					this.closed.complete(null);
				}
			}
			catch (Throwable ex) {
				// never let anything reach the native thread
			}
		}

		@Override
		public void onMessage(RTCDataChannelBuffer buffer) {
		}

	}

	/**
	 * A raw webrtc-java offerer that signals without trickle and opens channels at will.
	 */
	private static final class RawPeer implements PeerConnectionObserver {

		private final RTCPeerConnection pc;

		final RawChannel first;

		private final List<RawChannel> channels = new CopyOnWriteArrayList<>();

		private final CompletableFuture<Void> gathered = new CompletableFuture<>();

		RawPeer(PeerConnectionFactory factory) {
			this.pc = factory.createPeerConnection(new RTCConfiguration(), this);
			this.first = open("first");
		}

		RawChannel open(String label) {
			RTCDataChannelInit init = new RTCDataChannelInit();
			init.ordered = true;
			init.maxRetransmits = -1;
			init.maxPacketLifeTime = -1;
			init.id = -1;
			init.protocol = "";
			RawChannel channel = new RawChannel(this.pc.createDataChannel(label, init));
			this.channels.add(channel);
			return channel;
		}

		String offerAfterGathering() throws Exception {
			return RawSdp.offerAfterGathering(this.pc, this.gathered);
		}

		void accept(String answer) throws Exception {
			set(new RTCSessionDescription(RTCSdpType.ANSWER, answer), false);
		}

		private void set(RTCSessionDescription description, boolean local) throws Exception {
			RawSdp.set(this.pc, description, local);
		}

		@Override
		public void onIceCandidate(RTCIceCandidate candidate) {
			// Non-trickle: the candidate is in the local description.
		}

		@Override
		public void onIceGatheringChange(RTCIceGatheringState state) {
			if (state == RTCIceGatheringState.COMPLETE) {
				this.gathered.complete(null);
			}
		}

		void close() {
			try {
				this.pc.close();
			}
			catch (Throwable ex) {
				// closing twice, or after a failure
			}
			for (RawChannel channel : this.channels) {
				channel.dispose();
			}
		}

	}

}
