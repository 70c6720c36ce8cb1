package dev.specter.stomp;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.specter.PeerConnectionId;
import dev.specter.Specter;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.web.socket.WebSocketHttpHeaders;
import org.springframework.web.socket.config.WebSocketMessageBrokerStats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * Limits per client over STOMP signaling, against the running application: per session,
 * per authenticated user across its sessions, per remote address across anonymous
 * sessions, and WebSockets per remote address; a close frees its slot at once.
 */
@SpringBootTest(classes = StompTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT, properties = {
		"specter.ice-servers=", "specter.stomp.enabled=true", "specter.stomp.signaling.enabled=true",
		"specter.stomp.signaling.max-connections-per-session=1", "specter.stomp.signaling.max-connections-per-user=3",
		"specter.stomp.signaling.max-connections-per-address=3", "specter.stomp.signaling.max-sessions-per-address=6" })
class StompLimitsIT {

	private final int port;

	private final Specter specter;

	private final StompOwnership ownership;

	private final WebSocketMessageBrokerStats stats;

	@Autowired
	StompLimitsIT(@LocalServerPort int port, Specter specter, StompOwnership ownership,
			WebSocketMessageBrokerStats stats) {
		this.port = port;
		this.specter = specter;
		this.ownership = ownership;
		this.stats = stats;
	}

	/**
	 * The server has finished with the previous test's WebSockets and their connections.
	 */
	@BeforeEach
	void previousClientsAreGone() {
		Awaitility.await()
			.atMost(Duration.ofSeconds(30))
			.until(() -> this.stats.getWebSocketSessionStats().getWebSocketSessions() == 0
					&& this.ownership.ownedBy((owner) -> true).stream().noneMatch(this.specter::peerConnectionExists));
	}

	@Test
	void connectAfterCloseIsNeverRefused() throws Exception {
		try (StompTestClient client = StompTestClient.connect(this.port, null)) {
			client.subscribe("/user/queue/specter");
			client.sync();
			int refusals = 0;
			for (int i = 0; i < 300; i++) {
				JsonNode reply = connect(client, "loop-" + i);
				if ("Error".equals(reply.path("type").asString())) {
					refusals++;
					continue;
				}
				String pc = reply.path("peerConnection").asString();
				client.send("/app/specter/close", "{\"peerConnection\":\"" + pc + "\"}");
			}
			assertThat(refusals).isZero();
		}
	}

	@Test
	void anonymousSessionsOfOneAddressShareItsLimit() throws Exception {
		List<StompTestClient> clients = new ArrayList<>();
		try {
			List<String> held = new ArrayList<>();
			for (int i = 0; i < 4; i++) {
				StompTestClient client = StompTestClient.connect(this.port, null);
				clients.add(client);
				client.subscribe("/user/queue/specter");
				client.sync();
			}
			for (int i = 0; i < 3; i++) {
				JsonNode created = connect(clients.get(i), "a" + i);
				assertThat(created.path("type").asString()).isEqualTo("Created");
				held.add(created.path("peerConnection").asString());
			}
			JsonNode refused = connect(clients.get(3), "a3");
			assertThat(refused.path("code").asString()).isEqualTo("LIMIT_EXCEEDED");
			assertThat(refused.path("message").asString())
				.contains("specter.stomp.signaling.max-connections-per-address");

			// A close by one session frees the address's slot at once for another
			// session.
			clients.get(0).send("/app/specter/close", "{\"peerConnection\":\"" + held.get(0) + "\"}");
			Awaitility.await()
				.atMost(Duration.ofSeconds(10))
				.until(() -> !this.specter.peerConnectionExists(PeerConnectionId.of(held.get(0))));
			assertThat(connect(clients.get(3), "a4").path("type").asString()).isEqualTo("Created");

			// An authenticated user is not counted against the address.
			try (StompTestClient user = StompTestClient.connect(this.port, "carol")) {
				user.subscribe("/user/queue/specter");
				user.sync();
				assertThat(connect(user, "c1").path("type").asString()).isEqualTo("Created");
			}
		}
		finally {
			clients.forEach(StompTestClient::close);
		}
	}

	@Test
	void forwardingHeadersAreNotTrustedByDefault() throws Exception {
		List<StompTestClient> clients = new ArrayList<>();
		try {
			for (int i = 0; i < 4; i++) {
				WebSocketHttpHeaders headers = new WebSocketHttpHeaders();
				headers.add("X-Forwarded-For", "203.0.113." + (i + 1));
				headers.add("Forwarded", "for=203.0.113." + (i + 1));
				StompTestClient client = Awaitility.await()
					.atMost(Duration.ofSeconds(20))
					.ignoreExceptions()
					.until(() -> StompTestClient.connect(this.port, null, headers), (c) -> c != null);
				clients.add(client);
				client.subscribe("/user/queue/specter");
				client.sync();
			}
			for (int i = 0; i < 3; i++) {
				assertThat(connect(clients.get(i), "x" + i).path("type").asString()).isEqualTo("Created");
			}
			JsonNode refused = connect(clients.get(3), "x3");
			assertThat(refused.path("code").asString()).isEqualTo("LIMIT_EXCEEDED");
			assertThat(refused.path("message").asString())
				.contains("specter.stomp.signaling.max-connections-per-address");
		}
		finally {
			clients.forEach(StompTestClient::close);
		}
	}

	@Test
	void sessionsOfOneUserShareItsLimit() throws Exception {
		List<StompTestClient> clients = new ArrayList<>();
		try {
			for (int i = 0; i < 4; i++) {
				StompTestClient client = StompTestClient.connect(this.port, "alice");
				clients.add(client);
				client.subscribe("/user/queue/specter");
				client.sync();
			}
			for (int i = 0; i < 3; i++) {
				assertThat(connect(clients.get(i), "u" + i).path("type").asString()).isEqualTo("Created");
			}
			JsonNode refused = connect(clients.get(3), "u3");
			assertThat(refused.path("code").asString()).isEqualTo("LIMIT_EXCEEDED");
			assertThat(refused.path("message").asString()).contains("specter.stomp.signaling.max-connections-per-user");

			// another user is not affected
			try (StompTestClient bob = StompTestClient.connect(this.port, "bob")) {
				bob.subscribe("/user/queue/specter");
				bob.sync();
				assertThat(connect(bob, "b1").path("type").asString()).isEqualTo("Created");
			}
		}
		finally {
			clients.forEach(StompTestClient::close);
		}
	}

	@Test
	void webSocketsPerAddressAreCappedAndAClosedOneFreesItsPlace() throws Exception {
		List<StompTestClient> clients = new ArrayList<>();
		try {
			// earlier tests' WebSockets may still be closing on the server
			Awaitility.await().atMost(Duration.ofSeconds(20)).ignoreExceptions().until(() -> {
				clients.add(StompTestClient.connect(this.port, null));
				return clients.size() == 6;
			});
			assertThatException().isThrownBy(() -> StompTestClient.connect(this.port, null).close());
			clients.remove(0).close();
			StompTestClient again = Awaitility.await()
				.atMost(Duration.ofSeconds(20))
				.ignoreExceptions()
				.until(() -> StompTestClient.connect(this.port, null), (client) -> client != null);
			clients.add(again);
			again.subscribe("/user/queue/specter");
			again.sync();
			assertThat(connect(again, "w1").path("type").asString()).isEqualTo("Created");
		}
		finally {
			clients.forEach(StompTestClient::close);
		}
	}

	/** Sends a connect and returns its reply: Created or Error. */
	private static JsonNode connect(StompTestClient client, String requestId) {
		client.send("/app/specter/connect", "{\"requestId\":\"" + requestId + "\"}");
		return client.await((m) -> requestId.equals(m.path("requestId").asString()), Duration.ofSeconds(30));
	}

}
