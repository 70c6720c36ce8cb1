package dev.specter.stomp;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import dev.specter.PeerConnectionId;
import dev.specter.Specter;
import dev.specter.test.EventRecorder;
import dev.specter.test.TurnServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static dev.specter.stomp.StompTestClient.type;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A wrong TURN credential in the application's properties, relay-only: the owner of a
 * connection receives the {@code IceCandidateError} over STOMP (a real coturn, a real
 * broker, a real WebSocket client), without the username or the credential.
 */
@SpringBootTest(classes = StompTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT, properties = {
		"specter.stomp.enabled=true", "specter.stomp.signaling.enabled=true", "specter.ice-transport-policy=relay" })
class StompIceErrorIT {

	private static final String WRONG = "wrong-secret";

	private static TurnServer turn;

	private final int port;

	private final Specter specter;

	private final EventRecorder events;

	@Autowired
	StompIceErrorIT(@LocalServerPort int port, Specter specter, EventRecorder events) {
		this.port = port;
		this.specter = specter;
		this.events = events;
	}

	@DynamicPropertySource
	static void turnServer(DynamicPropertyRegistry registry) throws Exception {
		if (turn == null) {
			turn = TurnServer.start();
		}
		registry.add("specter.ice-servers[0].urls", () -> turn.url("udp"));
		registry.add("specter.ice-servers[0].username", () -> TurnServer.USER);
		registry.add("specter.ice-servers[0].credential", () -> WRONG);
	}

	@AfterAll
	static void stopTurn() {
		if (turn != null) {
			turn.close();
		}
	}

	@Test
	void ownerReceivesTheIceCandidateErrorWithoutCredentials() throws Exception {
		try (StompTestClient owner = StompTestClient.connect(this.port, null)) {
			owner.subscribe("/user/queue/specter");
			owner.sync();
			try (JavaBrowser browser = new JavaBrowser(this.specter, this.events, owner)) {
				PeerConnectionId pc = browser.requestConnection("c1");
				ObjectNode offer = StompTestClient.JSON.createObjectNode();
				offer.put("requestId", "offer");
				offer.put("peerConnection", pc.toString());
				ObjectNode description = offer.putObject("description");
				description.put("type", "offer");
				description.put("sdp",
						Files.readString(Path.of("src/test/resources/sdp/firefox-153-offer-vp8-vp9-av1-no-h264.sdp"),
								StandardCharsets.UTF_8));
				owner.send("/app/specter/offer", offer);
				owner.await(type("Answer", pc));
				JsonNode error = owner.await(type("IceCandidateError", pc));
				assertThat(error.path("url").asString()).isEqualTo(turn.url("udp"));
				assertThat(error.path("errorCode").asInt()).isEqualTo(401);
				assertThat(error.path("errorText").asString()).isNotBlank();
				assertThat(error.path("specter").asString()).isEqualTo(this.specter.id().toString());
				assertThat(owner.messages())
					.allSatisfy((message) -> assertThat(message.toString()).doesNotContain(WRONG)
						.doesNotContain(TurnServer.USER));
				owner.send("/app/specter/close", "{\"peerConnection\":\"" + pc + "\"}");
				owner.await(type("PeerConnectionClosed", pc));
			}
		}
	}

}
