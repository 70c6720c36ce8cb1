package dev.specter;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import dev.onvoid.webrtc.PeerConnectionFactory;
import dev.onvoid.webrtc.PeerConnectionObserver;
import dev.onvoid.webrtc.RTCConfiguration;
import dev.onvoid.webrtc.RTCDataChannel;
import dev.onvoid.webrtc.RTCDataChannelBuffer;
import dev.onvoid.webrtc.RTCDataChannelObserver;
import dev.onvoid.webrtc.RTCDataChannelState;
import dev.onvoid.webrtc.RTCIceCandidate;
import dev.onvoid.webrtc.RTCIceGatheringState;
import dev.onvoid.webrtc.RTCPeerConnection;
import dev.onvoid.webrtc.RTCSdpType;
import dev.onvoid.webrtc.RTCSessionDescription;
import dev.onvoid.webrtc.media.audio.HeadlessAudioDeviceModule;
import dev.specter.event.DataChannelMessage;
import dev.specter.signaling.ConnectionState;
import dev.specter.signaling.IceGatheringState;
import dev.specter.signaling.SessionDescription;
import dev.specter.test.EventRecorder;
import dev.specter.test.RawChannel;
import dev.specter.test.RawSdp;
import dev.specter.test.TestApplication;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Non-trickle signaling over plain HTTP, as a WHIP endpoint does it: a raw webrtc-java
 * peer (nothing of Specter) waits for its gathering to complete and POSTs its bare SDP
 * offer; the endpoint answers with one bare SDP answer once Specter's gathering is
 * complete ({@link Specter#whenGatheringComplete}). No candidate travels on its own, in
 * either direction, and the peers connect.
 */
@SpringBootTest(classes = { TestApplication.class, NonTrickleIT.SdpEndpoint.class },
		webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "specter.ice-servers=", "specter.operation-timeout=5s" })
class NonTrickleIT {

	private static PeerConnectionFactory rawFactory;

	private final HttpClient http = HttpClient.newHttpClient();

	private final int port;

	private final Specter specter;

	private final EventRecorder events;

	private final SdpEndpoint endpoint;

	@Autowired
	NonTrickleIT(@LocalServerPort int port, Specter specter, EventRecorder events, SdpEndpoint endpoint) {
		this.port = port;
		this.specter = specter;
		this.events = events;
		this.endpoint = endpoint;
	}

	@BeforeAll
	static void rawFactory() {
		rawFactory = new PeerConnectionFactory(new HeadlessAudioDeviceModule());
	}

	@AfterAll
	static void disposeRawFactory() {
		rawFactory.dispose();
	}

	@Test
	void aOneShotHttpOfferAndAnswerConnectsARawPeer() throws Exception {
		RawOfferer client = new RawOfferer(rawFactory);
		try {
			String offer = client.offerAfterGathering();
			assertThat(offer).startsWith("v=0").contains("a=candidate:");

			HttpResponse<String> response = this.http
				.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + "/sdp"))
					.header("Content-Type", "application/sdp")
					.POST(HttpRequest.BodyPublishers.ofString(offer))
					.build(), HttpResponse.BodyHandlers.ofString());
			assertThat(response.statusCode()).isEqualTo(201);
			String answer = response.body();
			assertThat(answer).startsWith("v=0").contains("a=candidate:");
			PeerConnectionId pc = PeerConnectionId.of(response.headers().firstValue("Location").orElseThrow());
			assertThat(this.specter.iceGatheringState(pc)).isEqualTo(IceGatheringState.COMPLETE);

			client.accept(answer);
			client.open.get(20, TimeUnit.SECONDS);
			client.send("hello without trickle");
			this.events.await(DataChannelMessage.class, pc, (m) -> m.text().equals("hello without trickle"),
					Duration.ofSeconds(20));
			assertThat(this.specter.connectionState(pc)).isEqualTo(ConnectionState.CONNECTED);
			assertThat(client.candidatesSeen).as("the client gathered candidates it never sent alone").isPositive();

			// Gathering is complete: a second call completes at once, with the
			// candidates.
			CompletableFuture<SessionDescription> again = this.specter.whenGatheringComplete(pc);
			assertThat(again).isDone();
			assertThat(again.get().sdp()).contains("a=candidate:");
			this.specter.closePeerConnection(pc);
		}
		finally {
			client.close();
		}
	}

	@Test
	void bareSdpThroughTheJsonOverloadIsRefusedWithTheWayToPassIt() throws Exception {
		RawOfferer client = new RawOfferer(rawFactory);
		PeerConnectionId pc = this.specter.newPeerConnection();
		try {
			String offer = client.offerAfterGathering();
			assertThatExceptionOfType(InvalidInputException.class)
				.isThrownBy(() -> this.specter.setRemoteDescription(pc, offer))
				.satisfies((ex) -> assertThat(ex.code()).isEqualTo(ErrorCode.INVALID_JSON))
				.withMessageContaining("SessionDescription.offer(sdp)");
			this.specter.setRemoteDescription(pc, SessionDescription.offer(offer)).get(10, TimeUnit.SECONDS);
		}
		finally {
			this.specter.closePeerConnection(pc);
			client.close();
		}
	}

	@Test
	void theFutureFailsWhenTheConnectionCloses() {
		PeerConnectionId pc = this.specter.newPeerConnection();
		CompletableFuture<SessionDescription> gathered = this.specter.whenGatheringComplete(pc);
		assertThat(gathered).isNotDone();
		this.specter.closePeerConnection(pc);
		assertThat(gathered).failsWithin(5, TimeUnit.SECONDS)
			.withThrowableOfType(ExecutionException.class)
			.withCauseInstanceOf(ConnectionClosedException.class);
	}

	@Test
	void theFutureTimesOutWhenGatheringNeverStarts() {
		PeerConnectionId pc = this.specter.newPeerConnection();
		try {
			// Without a local description nothing is gathered: the operation timeout (5 s
			// here) fails the future.
			assertThat(this.specter.whenGatheringComplete(pc)).failsWithin(20, TimeUnit.SECONDS)
				.withThrowableOfType(ExecutionException.class)
				.withCauseInstanceOf(OperationTimeoutException.class);
		}
		finally {
			this.specter.closePeerConnection(pc);
		}
	}

	/**
	 * A WHIP-style endpoint: bare SDP in, bare SDP out, the connection's id in the
	 * Location header. It never sends or accepts a candidate on its own.
	 */
	@RestController
	static class SdpEndpoint {

		private final Specter specter;

		SdpEndpoint(Specter specter) {
			this.specter = specter;
		}

		@PostMapping(path = "/sdp", consumes = "application/sdp", produces = "application/sdp")
		CompletableFuture<ResponseEntity<String>> offer(@RequestBody String offer) {
			PeerConnectionId pc = this.specter.newPeerConnection();
			return this.specter.setRemoteDescription(pc, SessionDescription.offer(offer))
				.thenCompose((applied) -> this.specter.setLocalDescription(pc))
				.thenCompose((answer) -> this.specter.whenGatheringComplete(pc))
				.thenApply((complete) -> ResponseEntity.created(URI.create(pc.toString())).body(complete.sdp()));
		}

	}

	/**
	 * A raw webrtc-java offerer that signals without trickle: it keeps its candidates
	 * (they end up in its local description) and adds none from the remote side.
	 */
	private static final class RawOfferer implements PeerConnectionObserver {

		private final RTCPeerConnection pc;

		private final RTCDataChannel channel;

		private final CompletableFuture<Void> gathered = new CompletableFuture<>();

		final CompletableFuture<Void> open = new CompletableFuture<>();

		volatile int candidatesSeen;

		RawOfferer(PeerConnectionFactory factory) {
			this.pc = factory.createPeerConnection(new RTCConfiguration(), this);
			this.channel = this.pc.createDataChannel("non-trickle", RawChannel.reliable());
			this.channel.registerObserver(new RTCDataChannelObserver() {
				@Override
				public void onBufferedAmountChange(long previousAmount) {
				}

				@Override
				public void onStateChange() {
					try {
						if (RawOfferer.this.channel.getState() == RTCDataChannelState.OPEN) {
							RawOfferer.this.open.complete(null);
						}
					}
					catch (Throwable ex) {
						// never let anything reach the native thread
					}
				}

				@Override
				public void onMessage(RTCDataChannelBuffer buffer) {
				}
			});
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

		void send(String text) throws Exception {
			this.channel.send(new RTCDataChannelBuffer(ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)), false));
		}

		@Override
		public void onIceCandidate(RTCIceCandidate candidate) {
			// Non-trickle: the candidate is in the local description; it is not sent.
			this.candidatesSeen++;
		}

		@Override
		public void onIceGatheringChange(RTCIceGatheringState state) {
			if (state == RTCIceGatheringState.COMPLETE) {
				this.gathered.complete(null);
			}
		}

		void close() {
			try {
				this.channel.unregisterObserver();
				this.pc.close();
				this.channel.dispose();
			}
			catch (Throwable ex) {
				// closing twice, or after a failure
			}
		}

	}

}
