package dev.specter.stomp;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import dev.specter.PeerConnectionId;
import dev.specter.Specter;
import dev.specter.media.MediaKind;
import dev.specter.media.TransceiverDirection;
import dev.specter.signaling.ConnectionState;
import dev.specter.signaling.SdpType;
import dev.specter.signaling.SessionDescription;
import dev.specter.test.EventRecorder;
import dev.specter.test.Peers;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.messaging.MessageDeliveryException;

import static dev.specter.stomp.StompTestClient.type;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Large signaling frames over a real STOMP-over-WebSocket session (Tomcat, default
 * settings plus Specter's): offers of 16 KB, 52 KB (400 m-lines) and 256 KB reach Specter
 * and get an answer or a typed error without the session closing, and a 256 KB answer
 * reaches the client (Specter's own SDP limit is raised for that one, to 1 MB, as it is
 * not what is tested here); a 2 MB frame gets a typed LIMIT_EXCEEDED error and a log
 * line, and nobody else notices.
 */
@SpringBootTest(classes = StompTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "specter.ice-servers=", "specter.stomp.enabled=true", "specter.stomp.signaling.enabled=true",
				"specter.limits.max-sdp-size=1MB" })
@ExtendWith(OutputCaptureExtension.class)
class StompFrameSizeIT {

	private final int port;

	private final Specter specter;

	private final EventRecorder events;

	@Autowired
	StompFrameSizeIT(@LocalServerPort int port, Specter specter, EventRecorder events) {
		this.port = port;
		this.specter = specter;
		this.events = events;
	}

	@Test
	void offersUpTo256KbReachSpecterAndTheSessionStays() throws Exception {
		try (StompTestClient client = StompTestClient.connect(this.port, null)) {
			client.subscribe("/user/queue/specter");
			client.sync();

			JsonNode small = offer(client, "small", realOffer(16 * 1024));
			assertThat(small.path("type").asString()).isEqualTo("Answer");

			JsonNode manyLines = offer(client, "m-lines", offerWith400MLines());
			System.out
				.println("400 m-lines: " + manyLines.path("type").asString() + " " + manyLines.path("code").asString());
			assertThat(manyLines.path("type").asString()).isIn("Answer", "Error");
			if (manyLines.path("type").asString().equals("Error")) {
				assertThat(manyLines.path("code").asString()).isIn("REJECTED", "INVALID_ARGUMENT");
			}

			SessionDescription large = realOffer(250_000);
			JsonNode answer = offer(client, "large", large);
			assertThat(answer.path("type").asString()).as(answer.path("message").asString()).isEqualTo("Answer");
			int answerSize = answer.path("description").path("sdp").asString().length();
			System.out
				.println("256 KB offer: SDP " + large.sdp().length() + " bytes; answer SDP " + answerSize + " bytes");
			assertThat(answerSize).isGreaterThan(128 * 1024);

			// Server to client: an answer of more than 256 KB (to a 360 KB offer, in a
			// frame that is
			// still under the 512 KB limit) reaches the client.
			SessionDescription larger = realOffer(360_000);
			JsonNode largeAnswer = offer(client, "larger", larger);
			assertThat(largeAnswer.path("type").asString()).as(largeAnswer.path("message").asString())
				.isEqualTo("Answer");
			int largeAnswerSize = largeAnswer.path("description").path("sdp").asString().length();
			System.out.println("360 KB offer: answer SDP " + largeAnswerSize + " bytes");
			assertThat(largeAnswerSize).isGreaterThan(256 * 1024);

			assertThat(client.session().isConnected()).isTrue();
			assertThat(client.errorFrames()).isEmpty();
			assertThat(client.transportErrors()).isEmpty();
			client.sync();
		}
	}

	@Test
	void aFrameOverTheLimitGetsLimitExceededAndOthersAreUnaffected(CapturedOutput output) throws Exception {
		try (StompTestClient bystander = StompTestClient.connect(this.port, null);
				StompTestClient big = StompTestClient.connect(this.port, null)) {
			bystander.subscribe("/user/queue/specter");
			bystander.sync();
			big.subscribe("/user/queue/specter");
			big.sync();
			try (JavaBrowser browser = new JavaBrowser(this.specter, this.events, bystander)) {
				PeerConnectionId pc = browser.requestConnection("bystander");
				browser.negotiate(pc);
				PeerConnectionId bigConnection = new JavaBrowser(this.specter, this.events, big)
					.requestConnection("big");

				ObjectNode message = StompTestClient.JSON.createObjectNode();
				message.put("requestId", "huge");
				message.put("peerConnection", bigConnection.toString());
				ObjectNode description = message.putObject("description");
				description.put("type", "offer");
				description.put("sdp",
						"v=0\r\n" + "a=x-padding:0123456789abcdef0123456789abcdef\r\n".repeat(48 * 1024));
				String json = StompTestClient.JSON.writeValueAsString(message);
				assertThat(json.getBytes(StandardCharsets.UTF_8).length).isGreaterThan(2 * 1024 * 1024);
				try {
					big.send("/app/specter/offer", json);
				}
				catch (MessageDeliveryException ex) {
					// The server closed the session while the client was still writing
					// the frame.
				}

				StompTestClient.ErrorFrame error = Awaitility.await()
					.atMost(Duration.ofSeconds(30))
					.until(() -> big.errorFrames().stream().findFirst().orElse(null), (e) -> e != null);
				assertThat(error.message()).startsWith("LIMIT_EXCEEDED");
				JsonNode body = StompTestClient.JSON.readTree(error.body());
				assertThat(body.path("type").asString()).isEqualTo("Error");
				assertThat(body.path("code").asString()).isEqualTo("LIMIT_EXCEEDED");
				assertThat(body.path("message").asString()).contains("specter.stomp.max-frame-size");
				Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> !big.session().isConnected());
				assertThat(output).contains("Refused a STOMP frame").contains("specter.stomp.max-frame-size");

				// Everybody else carries on.
				Awaitility.await()
					.atMost(Duration.ofSeconds(10))
					.until(() -> !this.specter.peerConnectionExists(bigConnection));
				assertThat(this.specter.connectionState(pc)).isEqualTo(ConnectionState.CONNECTED);
				assertThat(bystander.session().isConnected()).isTrue();
				bystander.sync();
				this.specter.sendText(browser.local(), browser.channel(), "still here").get(10, TimeUnit.SECONDS);
				bystander.await((m) -> type("DataChannelMessage", pc).test(m)
						&& "still here".equals(m.path("text").asString()));
			}
		}
	}

	private JsonNode offer(StompTestClient client, String requestId, SessionDescription offer) {
		PeerConnectionId server = new JavaBrowser(this.specter, this.events, client)
			.requestConnection("c-" + requestId);
		ObjectNode message = StompTestClient.JSON.createObjectNode();
		message.put("requestId", requestId);
		message.put("peerConnection", server.toString());
		message.set("description", StompTestClient.JSON.readTree(offer.toJson()));
		String json = StompTestClient.JSON.writeValueAsString(message);
		System.out.println("Offer '" + requestId + "': frame body " + json.getBytes(StandardCharsets.UTF_8).length
				+ " bytes, " + offer.sdp().lines().filter((l) -> l.startsWith("m=")).count() + " m-lines");
		client.send("/app/specter/offer", json);
		JsonNode reply = client.await((m) -> requestId.equals(m.path("requestId").asString()), Duration.ofSeconds(60));
		client.send("/app/specter/close", "{\"peerConnection\":\"" + server + "\"}");
		client.await(type("PeerConnectionClosed", server), Duration.ofSeconds(30));
		return reply;
	}

	/**
	 * A real offer of libwebrtc: a data channel and as many video transceivers as it
	 * takes.
	 */
	private SessionDescription realOffer(int minimumSize) throws Exception {
		PeerConnectionId local = Peers.newPeerConnection(this.specter);
		try {
			this.specter.createDataChannel(local, "chat").get(10, TimeUnit.SECONDS);
			SessionDescription offer = this.specter.createOffer(local).get(10, TimeUnit.SECONDS);
			while (offer.sdp().length() < minimumSize) {
				this.specter.addTransceiver(local, MediaKind.VIDEO, TransceiverDirection.RECVONLY)
					.get(10, TimeUnit.SECONDS);
				offer = this.specter.createOffer(local).get(10, TimeUnit.SECONDS);
			}
			return offer;
		}
		finally {
			this.specter.closePeerConnection(local);
		}
	}

	/**
	 * A real offer (data channel and one audio transceiver) extended to 400 m-lines with
	 * bundle-only audio sections, as a client that receives many streams would send.
	 */
	private SessionDescription offerWith400MLines() throws Exception {
		PeerConnectionId local = Peers.newPeerConnection(this.specter);
		SessionDescription offer;
		try {
			this.specter.createDataChannel(local, "chat").get(10, TimeUnit.SECONDS);
			this.specter.addTransceiver(local, MediaKind.AUDIO, TransceiverDirection.RECVONLY)
				.get(10, TimeUnit.SECONDS);
			offer = this.specter.createOffer(local).get(10, TimeUnit.SECONDS);
		}
		finally {
			this.specter.closePeerConnection(local);
		}
		StringBuilder sdp = new StringBuilder();
		StringBuilder bundle = new StringBuilder();
		int mLines = (int) offer.sdp().lines().filter((l) -> l.startsWith("m=")).count();
		for (int i = mLines; i < 400; i++) {
			String mid = "x" + i;
			bundle.append(' ').append(mid);
			sdp.append("m=audio 0 UDP/TLS/RTP/SAVPF 111\r\nc=IN IP4 0.0.0.0\r\na=rtcp:9 IN IP4 0.0.0.0\r\na=mid:")
				.append(mid)
				.append("\r\na=bundle-only\r\na=recvonly\r\na=rtcp-mux\r\na=rtpmap:111 opus/48000/2\r\n");
		}
		String base = offer.sdp();
		int groupEnd = base.indexOf("\r\n", base.indexOf("a=group:BUNDLE"));
		String extended = base.substring(0, groupEnd) + bundle + base.substring(groupEnd) + sdp;
		return new SessionDescription(SdpType.OFFER, extended);
	}

}
