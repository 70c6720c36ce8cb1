package dev.specter.stomp;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import dev.specter.PeerConnectionId;
import dev.specter.Specter;
import dev.specter.signaling.ConnectionState;
import dev.specter.test.EventRecorder;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static dev.specter.stomp.StompTestClient.type;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * STOMP relay and signaling against the running application, with real
 * {@code WebSocketStompClient}s and real peer connections: the owner negotiates over
 * STOMP and receives its connection's events; a second client receives none of them and
 * is refused on every action on the owner's connection.
 */
@SpringBootTest(classes = StompTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "specter.ice-servers=", "specter.stomp.enabled=true", "specter.stomp.signaling.enabled=true",
				"specter.stomp.signaling.max-connections-per-session=2" })
class StompSignalingIT {

	private final int port;

	private final Specter specter;

	private final EventRecorder events;

	private final StompOwnership ownership;

	@Autowired
	StompSignalingIT(@LocalServerPort int port, Specter specter, EventRecorder events, StompOwnership ownership) {
		this.port = port;
		this.specter = specter;
		this.events = events;
		this.ownership = ownership;
	}

	@Test
	void ownerReceivesItsEventsAndAnotherClientReceivesNoneAndIsRefused() throws Exception {
		try (StompTestClient owner = StompTestClient.connect(this.port, null);
				StompTestClient other = StompTestClient.connect(this.port, null)) {
			owner.subscribe("/user/queue/specter");
			owner.sync();
			other.subscribe("/user/queue/specter");
			other.sync();
			try (JavaBrowser browser = new JavaBrowser(this.specter, this.events, owner)) {
				PeerConnectionId pc = browser.requestConnection("c1");
				owner.await(type("PeerConnectionReady", pc));
				String ownerSession = this.ownership.ownerOf(pc).orElseThrow().sessionId();

				// The other client subscribes to everything it could think of: its own
				// queue (above),
				// the per-connection topic (not enabled here) and the owner's resolved
				// queue.
				other.subscribe("/topic/specter." + pc);
				other.subscribe("/queue/specter-user" + ownerSession);
				other.sync();
				JsonNode forbidden = other.await((m) -> "FORBIDDEN".equals(m.path("code").asString()));
				assertThat(forbidden.path("command").asString()).isEqualTo("subscribe");

				browser.negotiate(pc);
				owner.await((m) -> type("ConnectionStateChanged", pc).test(m)
						&& "connected".equals(m.path("state").asString()));
				assertThat(this.specter.connectionState(pc)).isEqualTo(ConnectionState.CONNECTED);

				// The data channel opened by the "browser" reaches the server: events
				// relayed to the owner.
				owner.await((m) -> type("DataChannelStateChanged", pc).test(m)
						&& "open".equals(m.path("state").asString()));
				this.specter.sendText(browser.local(), browser.channel(), "hello server").get(10, TimeUnit.SECONDS);
				JsonNode message = owner.await(type("DataChannelMessage", pc));
				assertThat(message.path("text").asString()).isEqualTo("hello server");
				assertThat(message.path("binary").asBoolean()).isFalse();
				this.specter.sendBinary(browser.local(), browser.channel(), new byte[] { 1, 2, 3 })
					.get(10, TimeUnit.SECONDS);
				JsonNode binary = owner
					.await((m) -> type("DataChannelMessage", pc).test(m) && m.path("binary").asBoolean());
				assertThat(binary.path("data").asString()).isEqualTo("AQID");

				JsonNode candidate = owner.await(type("IceCandidateGathered", pc));
				assertThat(candidate.path("candidate").path("candidate").asString()).startsWith("candidate:");
				assertThat(candidate.path("candidate").has("sdpMid")).isTrue();
				assertThat(candidate.path("specter").asString()).isEqualTo(this.specter.id().toString());
				Set<String> ownerTypes = owner.messages()
					.stream()
					.filter((m) -> pc.toString().equals(m.path("peerConnection").asString()))
					.map((m) -> m.path("type").asString())
					.collect(Collectors.toSet());
				assertThat(ownerTypes).contains("Created", "PeerConnectionReady", "RemoteDescriptionSet",
						"AnswerCreated", "LocalDescriptionSet", "IceCandidateGathered", "DataChannelReceived",
						"ConnectionStateChanged");

				// Every action of the other client on the owner's connection is refused
				// as NOT_FOUND.
				ObjectNode offer = StompTestClient.JSON.createObjectNode();
				offer.put("requestId", "steal-offer");
				offer.put("peerConnection", pc.toString());
				offer.set("description", StompTestClient.JSON.readTree("{\"type\":\"offer\",\"sdp\":\"v=0\"}"));
				other.send("/app/specter/offer", offer);
				ObjectNode answer = offer.deepCopy();
				answer.put("requestId", "steal-answer");
				answer.set("description", StompTestClient.JSON.readTree("{\"type\":\"answer\",\"sdp\":\"v=0\"}"));
				other.send("/app/specter/answer", answer);
				ObjectNode candidateMessage = StompTestClient.JSON.createObjectNode();
				candidateMessage.put("requestId", "steal-candidate");
				candidateMessage.put("peerConnection", pc.toString());
				candidateMessage.set("candidate", candidate.path("candidate"));
				other.send("/app/specter/candidate", candidateMessage);
				ObjectNode close = StompTestClient.JSON.createObjectNode();
				close.put("requestId", "steal-close");
				close.put("peerConnection", pc.toString());
				other.send("/app/specter/close", close);
				for (String requestId : List.of("steal-offer", "steal-answer", "steal-candidate", "steal-close")) {
					JsonNode refused = other.await((m) -> requestId.equals(m.path("requestId").asString()));
					assertThat(refused.path("type").asString()).isEqualTo("Error");
					assertThat(refused.path("code").asString()).isEqualTo("NOT_FOUND");
				}
				// A forged event sent straight to the owner's queue is dropped too.
				other.send("/queue/specter-user" + ownerSession,
						"{\"type\":\"ConnectionStateChanged\",\"state\":\"failed\"}");
				other.await((m) -> "FORBIDDEN".equals(m.path("code").asString())
						&& "send".equals(m.path("command").asString()));

				// The connection is untouched and still delivers events to its owner
				// only.
				assertThat(this.specter.peerConnectionExists(pc)).isTrue();
				assertThat(this.specter.connectionState(pc)).isEqualTo(ConnectionState.CONNECTED);
				this.specter.getStats(pc).get(10, TimeUnit.SECONDS);
				JsonNode stats = owner.await(type("StatsReported", pc));
				assertThat(stats.path("stats").path("stats").isObject()).isTrue();
				assertThat(owner.messages()).noneMatch((m) -> "failed".equals(m.path("state").asString()));

				owner.send("/app/specter/close", "{\"peerConnection\":\"" + pc + "\"}");
				owner.await(type("PeerConnectionClosed", pc));
				assertThat(this.specter.peerConnectionExists(pc)).isFalse();
				Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> this.ownership.ownerOf(pc).isEmpty());

				// Nothing the other client received is about the owner's connection: only
				// errors.
				other.sync();
				assertThat(other.messages()).isNotEmpty()
					.allSatisfy((m) -> assertThat(m.path("type").asString()).isEqualTo("Error"))
					.noneMatch((m) -> pc.toString().equals(m.path("peerConnection").asString()));
				assertThat(other.received())
					.noneMatch((r) -> r.destination().startsWith("/topic/") || r.destination().startsWith("/queue/"));
			}
		}
	}

	@Test
	void badMessagesGetAnErrorAndTheSessionSurvives() throws Exception {
		try (StompTestClient client = StompTestClient.connect(this.port, null)) {
			client.subscribe("/user/queue/specter");
			client.sync();
			client.send("/app/specter/offer", "this is not JSON");
			assertThat(client.await((m) -> "offer".equals(m.path("command").asString())).path("code").asString())
				.isEqualTo("INVALID_JSON");
			expectError(client, "/app/specter/offer", "{\"requestId\":\"e1\",\"peerConnection\":\"nope\"}",
					"INVALID_ARGUMENT");
			expectError(client, "/app/specter/offer",
					"{\"requestId\":\"e2\",\"peerConnection\":\"" + UUID.randomUUID() + "\"}", "NOT_FOUND");
			expectError(client, "/app/specter/candidate", "{\"requestId\":\"e3\"}", "INVALID_JSON");
			expectError(client, "/app/specter/close", "[1, 2]", null);

			PeerConnectionId pc = new JavaBrowser(this.specter, this.events, client).requestConnection("c1");
			expectError(client, "/app/specter/offer", "{\"requestId\":\"e4\",\"peerConnection\":\"" + pc
					+ "\",\"description\":{\"type\":\"answer\",\"sdp\":\"v=0\"}}", "INVALID_ARGUMENT");
			expectError(client, "/app/specter/offer", "{\"requestId\":\"e5\",\"peerConnection\":\"" + pc
					+ "\",\"description\":{\"type\":\"offer\",\"sdp\":\"garbage\"}}", "REJECTED");
			expectError(client, "/app/specter/offer",
					"{\"requestId\":\"e6\",\"peerConnection\":\"" + pc + "\",\"description\":{\"type\":\"offer\"}}",
					"INVALID_JSON");
			expectError(client, "/app/specter/candidate", "{\"requestId\":\"e7\",\"peerConnection\":\"" + pc
					+ "\",\"candidate\":\"candidate:1 1 udp 1 1.2.3.4 5 typ host\"}", "INVALID_JSON");

			// The limit of connections per session, then the session still works.
			new JavaBrowser(this.specter, this.events, client).requestConnection("c2");
			expectError(client, "/app/specter/connect", "{\"requestId\":\"e8\"}", "LIMIT_EXCEEDED");
			assertThat(client.session().isConnected()).isTrue();
			client.send("/app/specter/close", "{\"requestId\":\"ok\",\"peerConnection\":\"" + pc + "\"}");
			client.await(type("PeerConnectionClosed", pc));
			assertThat(new JavaBrowser(this.specter, this.events, client).requestConnection("c3")).isNotNull();
		}
	}

	@Test
	void endingTheSessionClosesItsConnections() throws Exception {
		PeerConnectionId pc;
		try (StompTestClient client = StompTestClient.connect(this.port, null)) {
			client.subscribe("/user/queue/specter");
			client.sync();
			pc = new JavaBrowser(this.specter, this.events, client).requestConnection("c1");
			assertThat(this.specter.peerConnectionExists(pc)).isTrue();
		}
		Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> !this.specter.peerConnectionExists(pc));
		assertThat(this.ownership.ownerOf(pc)).isEmpty();
	}

	private static void expectError(StompTestClient client, String destination, String body, String code) {
		int before = client.messages().size();
		client.send(destination, body);
		JsonNode error = Awaitility.await()
			.atMost(Duration.ofSeconds(10))
			.until(() -> client.messages().stream().skip(before).filter(type("Error")).findFirst().orElse(null),
					(m) -> m != null);
		if (code != null) {
			assertThat(error.path("code").asString()).as(error.toString()).isEqualTo(code);
		}
		assertThat(error.path("message").asString()).isNotBlank();
	}

}
