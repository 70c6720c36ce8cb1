package dev.specter;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

import dev.onvoid.webrtc.CreateSessionDescriptionObserver;
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
import dev.onvoid.webrtc.RTCOfferOptions;
import dev.onvoid.webrtc.RTCPeerConnection;
import dev.onvoid.webrtc.RTCSdpType;
import dev.onvoid.webrtc.RTCSessionDescription;
import dev.onvoid.webrtc.SetSessionDescriptionObserver;
import dev.onvoid.webrtc.media.audio.HeadlessAudioDeviceModule;
import dev.specter.event.DataChannelMessage;
import dev.specter.signaling.SessionDescription;
import dev.specter.test.EchoBot;
import dev.specter.test.EventRecorder;
import dev.specter.test.TestApplication;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code specter.dtls.shared-certificate=true}: every connection of an instance presents
 * the instance's certificate. Two connections of the auto-configured Specter each
 * negotiate with a raw webrtc-java peer (nothing of Specter), connect over DTLS and
 * exchange messages both ways (the remote peer's DTLS checks the certificate presented
 * against the answer's {@code a=fingerprint}); the fingerprints of the two are the same.
 * Another instance with the option has another fingerprint; an instance without it has a
 * new one per connection.
 */
@SpringBootTest(classes = TestApplication.class, properties = { "specter.ice-servers=", "specter.operation-timeout=10s",
		"specter.dtls.shared-certificate=true" })
class SharedDtlsCertificateIT {

	private static final Pattern FINGERPRINT = Pattern.compile("(?m)^a=fingerprint:sha-256 ([0-9A-F:]+)\\r?$");

	private static PeerConnectionFactory rawFactory;

	private final Specter specter;

	private final SpecterFactory factory;

	private final EventRecorder events;

	private final EchoBot echo;

	private final List<Specter> created = new ArrayList<>();

	private final List<RawOfferer> clients = new ArrayList<>();

	@Autowired
	SharedDtlsCertificateIT(Specter specter, SpecterFactory factory, EventRecorder events, EchoBot echo) {
		this.specter = specter;
		this.factory = factory;
		this.events = events;
		this.echo = echo;
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
		this.clients.forEach(RawOfferer::close);
		this.created.forEach(Specter::close);
		this.events.clear();
	}

	@Test
	void twoConnectionsOfOneInstancePresentItsCertificateAndCarryData() throws Exception {
		assertThat(this.specter.config().sharedDtlsCertificate()).isTrue();
		String first = connectAndExchange("first");
		String second = connectAndExchange("second");
		assertThat(first).isEqualTo(second);
	}

	@Test
	void anotherInstanceHasAnotherCertificateAndWithoutTheOptionEachConnectionHasItsOwn() throws Exception {
		String shared = fingerprint(answerTo(this.specter, new RawOfferer(rawFactory, this.clients)));
		assertThat(fingerprint(answerTo(this.specter, new RawOfferer(rawFactory, this.clients)))).isEqualTo(shared);
		Specter other = create(this.specter.config());
		String otherShared = fingerprint(answerTo(other, new RawOfferer(rawFactory, this.clients)));
		assertThat(fingerprint(answerTo(other, new RawOfferer(rawFactory, this.clients)))).isEqualTo(otherShared);
		assertThat(otherShared).isNotEqualTo(shared);
		Specter perConnection = create(this.specter.config().withSharedDtlsCertificate(false));
		String one = fingerprint(answerTo(perConnection, new RawOfferer(rawFactory, this.clients)));
		String two = fingerprint(answerTo(perConnection, new RawOfferer(rawFactory, this.clients)));
		assertThat(one).isNotEqualTo(two).isNotEqualTo(shared).isNotEqualTo(otherShared);
	}

	/**
	 * Connects a raw peer to a new connection of the auto-configured Specter, sends a
	 * message each way, and returns the connection's fingerprint after checking that it
	 * is the certificate the raw peer's DTLS accepted.
	 */
	private String connectAndExchange(String text) throws Exception {
		RawOfferer client = new RawOfferer(rawFactory, this.clients);
		String offer = client.offerAfterGathering();
		PeerConnectionId pc = this.specter.newPeerConnection();
		this.echo.enroll(pc);
		String answer = answer(this.specter, pc, offer);
		client.accept(answer);
		client.open.get(20, TimeUnit.SECONDS);
		client.send(text);
		this.events.await(DataChannelMessage.class, pc, (m) -> m.text().equals(text), Duration.ofSeconds(20));
		assertThat(client.received.get(20, TimeUnit.SECONDS)).isEqualTo("echo: " + text);
		// The raw peer's DTLS checked the certificate presented against this fingerprint.
		String fingerprint = fingerprint(answer);
		assertThat(fingerprint(this.specter.localDescription(pc).orElseThrow().sdp())).isEqualTo(fingerprint);
		return fingerprint;
	}

	private String answerTo(Specter instance, RawOfferer client) throws Exception {
		String offer = client.offerAfterGathering();
		return answer(instance, instance.newPeerConnection(), offer);
	}

	private String answer(Specter instance, PeerConnectionId pc, String offer) throws Exception {
		return instance.setRemoteDescription(pc, SessionDescription.offer(offer))
			.thenCompose((applied) -> instance.setLocalDescription(pc))
			.thenCompose((answer) -> instance.whenGatheringComplete(pc))
			.get(20, TimeUnit.SECONDS)
			.sdp();
	}

	private Specter create(SpecterConfig config) {
		Specter instance = this.factory.create(config);
		this.created.add(instance);
		return instance;
	}

	private static String fingerprint(String sdp) {
		Matcher matcher = FINGERPRINT.matcher(sdp);
		assertThat(matcher.find()).as("a=fingerprint:sha-256 in %s", sdp).isTrue();
		return matcher.group(1);
	}

	/**
	 * A raw webrtc-java offerer that signals without trickle and answers each message it
	 * receives into {@link #received}.
	 */
	private static final class RawOfferer implements PeerConnectionObserver {

		private final RTCPeerConnection pc;

		private final RTCDataChannel channel;

		private final CompletableFuture<Void> gathered = new CompletableFuture<>();

		final CompletableFuture<Void> open = new CompletableFuture<>();

		final CompletableFuture<String> received = new CompletableFuture<>();

		RawOfferer(PeerConnectionFactory factory, List<RawOfferer> registry) {
			registry.add(this);
			this.pc = factory.createPeerConnection(new RTCConfiguration(), this);
			RTCDataChannelInit init = new RTCDataChannelInit();
			init.ordered = true;
			init.maxRetransmits = -1;
			init.maxPacketLifeTime = -1;
			init.id = -1;
			init.protocol = "";
			this.channel = this.pc.createDataChannel("certificate", init);
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
					try {
						byte[] bytes = new byte[buffer.data.remaining()];
						buffer.data.get(bytes);
						RawOfferer.this.received.complete(new String(bytes, StandardCharsets.UTF_8));
					}
					catch (Throwable ex) {
						RawOfferer.this.received.completeExceptionally(ex);
					}
				}
			});
		}

		String offerAfterGathering() throws Exception {
			CompletableFuture<RTCSessionDescription> created = new CompletableFuture<>();
			this.pc.createOffer(new RTCOfferOptions(), new CreateSessionDescriptionObserver() {
				@Override
				public void onSuccess(RTCSessionDescription description) {
					created.complete(description);
				}

				@Override
				public void onFailure(String error) {
					created.completeExceptionally(new IllegalStateException(error));
				}
			});
			set(created.get(10, TimeUnit.SECONDS), true);
			this.gathered.get(20, TimeUnit.SECONDS);
			return this.pc.getLocalDescription().sdp;
		}

		void accept(String answer) throws Exception {
			set(new RTCSessionDescription(RTCSdpType.ANSWER, answer), false);
		}

		private void set(RTCSessionDescription description, boolean local) throws Exception {
			CompletableFuture<Void> result = new CompletableFuture<>();
			SetSessionDescriptionObserver observer = new SetSessionDescriptionObserver() {
				@Override
				public void onSuccess() {
					result.complete(null);
				}

				@Override
				public void onFailure(String error) {
					result.completeExceptionally(new IllegalStateException(error));
				}
			};
			if (local) {
				this.pc.setLocalDescription(description, observer);
			}
			else {
				this.pc.setRemoteDescription(description, observer);
			}
			result.get(10, TimeUnit.SECONDS);
		}

		void send(String text) throws Exception {
			this.channel.send(new RTCDataChannelBuffer(ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)), false));
		}

		@Override
		public void onIceCandidate(RTCIceCandidate candidate) {
			// Non-trickle: the candidate is in the local description.
		}

		@Override
		public void onIceGatheringChange(RTCIceGatheringState state) {
			try {
				if (state == RTCIceGatheringState.COMPLETE) {
					this.gathered.complete(null);
				}
			}
			catch (Throwable ex) {
				// never let anything reach the native thread
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
