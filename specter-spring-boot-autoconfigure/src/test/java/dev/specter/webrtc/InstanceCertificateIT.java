package dev.specter.webrtc;

import java.security.MessageDigest;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.onvoid.webrtc.CreateSessionDescriptionObserver;
import dev.onvoid.webrtc.PeerConnectionFactory;
import dev.onvoid.webrtc.PeerConnectionObserver;
import dev.onvoid.webrtc.RTCCertificatePEM;
import dev.onvoid.webrtc.RTCDataChannel;
import dev.onvoid.webrtc.RTCDataChannelInit;
import dev.onvoid.webrtc.RTCIceCandidate;
import dev.onvoid.webrtc.RTCOfferOptions;
import dev.onvoid.webrtc.RTCPeerConnection;
import dev.onvoid.webrtc.RTCSessionDescription;
import dev.onvoid.webrtc.media.audio.HeadlessAudioDeviceModule;
import dev.specter.SpecterConfig;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * libwebrtc reads the PEM of {@link SelfSignedCertificate}
 * ({@code RTCCertificate::FromPEM}) and uses it: the {@code a=fingerprint} of an offer
 * made by a connection created through {@link NativeInput#createPeerConnection} with it
 * is the SHA-256 of that certificate's DER, and two connections given the same
 * certificate offer the same fingerprint.
 */
class InstanceCertificateIT {

	private static final Pattern FINGERPRINT = Pattern.compile("(?m)^a=fingerprint:sha-256 ([0-9A-F:]+)\\r?$");

	private static PeerConnectionFactory factory;

	@BeforeAll
	static void factory() {
		factory = new PeerConnectionFactory(new HeadlessAudioDeviceModule());
	}

	@AfterAll
	static void dispose() {
		factory.dispose();
	}

	@Test
	void libwebrtcPresentsTheGeneratedCertificate() throws Exception {
		SelfSignedCertificate certificate = SelfSignedCertificate.generate(Instant.now(), InstanceCertificate.LIFETIME);
		RTCCertificatePEM pem = NativeInput.certificate(certificate);
		String expected = sha256(certificate.certificatePem());
		assertThat(offerFingerprint(pem)).isEqualTo(expected);
		assertThat(offerFingerprint(pem)).isEqualTo(expected);
		assertThat(offerFingerprint(null)).isNotEqualTo(expected);
	}

	private static String offerFingerprint(RTCCertificatePEM certificate) throws Exception {
		SpecterConfig config = new SpecterConfig(List.of(), null, null, null, null);
		RTCPeerConnection pc = NativeInput.createPeerConnection(factory, config, certificate,
				new PeerConnectionObserver() {
					@Override
					public void onIceCandidate(RTCIceCandidate candidate) {
					}
				});
		RTCDataChannelInit init = new RTCDataChannelInit();
		init.ordered = true;
		init.maxRetransmits = -1;
		init.maxPacketLifeTime = -1;
		init.id = -1;
		init.protocol = "";
		RTCDataChannel channel = pc.createDataChannel("certificate", init);
		try {
			CompletableFuture<RTCSessionDescription> offer = new CompletableFuture<>();
			pc.createOffer(new RTCOfferOptions(), new CreateSessionDescriptionObserver() {
				@Override
				public void onSuccess(RTCSessionDescription description) {
					offer.complete(description);
				}

				@Override
				public void onFailure(String error) {
					offer.completeExceptionally(new IllegalStateException(error));
				}
			});
			Matcher matcher = FINGERPRINT.matcher(offer.get(10, TimeUnit.SECONDS).sdp);
			assertThat(matcher.find()).isTrue();
			return matcher.group(1);
		}
		finally {
			pc.close();
			channel.dispose();
		}
	}

	private static String sha256(String pem) throws Exception {
		String body = pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
		byte[] digest = MessageDigest.getInstance("SHA-256").digest(Base64.getDecoder().decode(body));
		return HexFormat.ofDelimiter(":").withUpperCase().formatHex(digest);
	}

}
