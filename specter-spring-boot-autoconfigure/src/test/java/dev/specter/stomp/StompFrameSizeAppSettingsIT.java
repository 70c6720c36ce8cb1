package dev.specter.stomp;

import java.time.Duration;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Configuration;
import org.springframework.messaging.MessageDeliveryException;
import org.springframework.web.socket.config.annotation.WebSocketMessageBrokerConfigurer;
import org.springframework.web.socket.config.annotation.WebSocketTransportRegistration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An application that sets its own STOMP message size limit keeps it: Specter's frame
 * limits apply first and the application's configurer overrides them; a frame over the
 * application's limit still gets the typed LIMIT_EXCEEDED error naming that limit, not a
 * silent close.
 */
@SpringBootTest(classes = { StompTestApplication.class, StompFrameSizeAppSettingsIT.OwnLimit.class },
		webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "specter.ice-servers=", "specter.stomp.enabled=true", "specter.stomp.signaling.enabled=true" })
class StompFrameSizeAppSettingsIT {

	private final int port;

	@Autowired
	StompFrameSizeAppSettingsIT(@LocalServerPort int port) {
		this.port = port;
	}

	@Test
	void theApplicationsOwnLimitWins() throws Exception {
		try (StompTestClient client = StompTestClient.connect(this.port, null)) {
			client.subscribe("/user/queue/specter");
			client.sync();
			// Under the application's 40 KB: passes (an error about the content, not the
			// size).
			client.send("/app/specter/close", "{\"requestId\":\"fits\",\"padding\":\"" + "x".repeat(30 * 1024) + "\"}");
			JsonNode reply = client.await((m) -> "fits".equals(m.path("requestId").asString()));
			assertThat(reply.path("code").asString()).isEqualTo("INVALID_JSON");
			// Over it (and far under Specter's 512 KB default): refused with the typed
			// error.
			try {
				client.send("/app/specter/close", "{\"padding\":\"" + "x".repeat(60 * 1024) + "\"}");
			}
			catch (MessageDeliveryException ex) {
				// closed while still writing
			}
			StompTestClient.ErrorFrame error = Awaitility.await()
				.atMost(Duration.ofSeconds(30))
				.until(() -> client.errorFrames().stream().findFirst().orElse(null), (e) -> e != null);
			assertThat(error.message()).startsWith("LIMIT_EXCEEDED").contains("40KB");
			assertThat(StompTestClient.JSON.readTree(error.body()).path("code").asString()).isEqualTo("LIMIT_EXCEEDED");
		}
	}

	@Configuration(proxyBeanMethods = false)
	static class OwnLimit implements WebSocketMessageBrokerConfigurer {

		@Override
		public void configureWebSocketTransport(WebSocketTransportRegistration registration) {
			registration.setMessageSizeLimit(40 * 1024);
		}

	}

}
