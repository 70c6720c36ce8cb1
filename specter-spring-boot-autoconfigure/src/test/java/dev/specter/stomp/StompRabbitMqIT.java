package dev.specter.stomp;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;

import dev.specter.PeerConnectionId;
import dev.specter.Specter;
import dev.specter.test.EventRecorder;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.messaging.simp.stomp.StompBrokerRelayMessageHandler;

import static dev.specter.stomp.StompTestClient.type;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two instances of the application relay to a real RabbitMQ (a private node with the
 * STOMP plugin, started on loopback by {@link RabbitMqNode} once for the class),
 * configured exactly as docs/stomp.md says: a user's events reach their session on the
 * other instance, and no wildcard (RabbitMQ's {@code #} and {@code *},
 * {@code /exchange/...}, {@code /amq/queue/...}), pattern, per-session or user registry
 * destination, nor a queue-binding header, lets another client read them. Fails, not
 * skips, without rabbitmq-server: CI installs it.
 */
class StompRabbitMqIT {

	private static RabbitMqNode rabbitMq;

	private static ConfigurableApplicationContext instanceA;

	private static ConfigurableApplicationContext instanceB;

	@BeforeAll
	static void start() throws Exception {
		rabbitMq = RabbitMqNode.start();
		try {
			instanceA = startInstance(rabbitMq.stompPort());
			instanceB = startInstance(rabbitMq.stompPort());
		}
		catch (Exception | Error ex) {
			stop();
			throw ex;
		}
	}

	private static ConfigurableApplicationContext startInstance(int stompPort) {
		ConfigurableApplicationContext context = new SpringApplicationBuilder(StompTestApplication.class)
			.properties("server.port=0", "spring.jmx.enabled=false", "specter.ice-servers=",
					"specter.stomp.enabled=true", "specter.stomp.signaling.enabled=true",
					"specter.stomp.public-topic.enabled=true", "test.broker-relay-port=" + stompPort,
					"test.broker-rabbitmq=true")
			.run();
		StompBrokerRelayMessageHandler relay = context.getBean(StompBrokerRelayMessageHandler.class);
		Awaitility.await().atMost(Duration.ofSeconds(30)).until(relay::isBrokerAvailable);
		return context;
	}

	@AfterAll
	static void stop() {
		try {
			if (instanceA != null) {
				instanceA.close();
			}
			if (instanceB != null) {
				instanceB.close();
			}
		}
		finally {
			if (rabbitMq != null) {
				rabbitMq.close();
			}
		}
	}

	@Test
	void theDocumentedSnippetIsTheOneTested() throws Exception {
		String docs = Files.readString(Path.of("../docs/stomp.md"));
		String snippet = """
				registry.enableStompBrokerRelay("/topic", "/queue")
				    .setRelayHost("rabbitmq").setRelayPort(61613)
				    .setVirtualHost("/")
				    .setUserRegistryBroadcast("/topic/simp-user-registry")
				    .setUserDestinationBroadcast("/topic/unresolved-user-destination");
				""";
		assertThat(docs.replaceAll("\\s+", "")).contains(snippet.replaceAll("\\s+", ""));
	}

	@Test
	void aUsersEventsReachTheirSessionOnTheOtherInstance() throws Exception {
		// A fresh name: sessions of earlier tests stay in the other instance's registry
		// until it expires them.
		String alice = "alice-" + UUID.randomUUID();
		try (StompTestClient aliceOnA = StompTestClient.connect(IsolationAttack.port(instanceA), alice);
				StompTestClient aliceOnB = StompTestClient.connect(IsolationAttack.port(instanceB), alice);
				StompTestClient carolOnB = StompTestClient.connect(IsolationAttack.port(instanceB), "carol");
				StompTestClient topicOnB = StompTestClient.connect(IsolationAttack.port(instanceB), null)) {
			for (StompTestClient client : new StompTestClient[] { aliceOnA, aliceOnB, carolOnB, topicOnB }) {
				client.subscribe("/user/queue/specter");
				client.sync();
			}
			IsolationAttack.awaitSessions(instanceA, alice, 2);
			Specter specterA = instanceA.getBean(Specter.class);
			try (JavaBrowser browser = new JavaBrowser(specterA, instanceA.getBean(EventRecorder.class), aliceOnA)) {
				PeerConnectionId pc = browser.requestConnection("r1");
				assertThat(instanceB.getBean(Specter.class).peerConnectionExists(pc)).isFalse();
				aliceOnB.await(type("PeerConnectionReady", pc));
				topicOnB.subscribe("/topic/specter." + pc);
				topicOnB.sync();
				browser.negotiate(pc);
				for (StompTestClient subscriber : new StompTestClient[] { aliceOnA, aliceOnB, topicOnB }) {
					subscriber.await((m) -> type("ConnectionStateChanged", pc).test(m)
							&& "connected".equals(m.path("state").asString()));
				}
				JsonNode candidate = aliceOnB.await(type("IceCandidateGathered", pc));
				assertThat(candidate.path("candidate").path("candidate").asString()).startsWith("candidate:");
				IsolationAttack.sendChat(specterA, browser, 1);
				aliceOnB.await((m) -> type("DataChannelMessage", pc).test(m)
						&& "secret chat 0".equals(m.path("text").asString()));

				aliceOnA.send("/app/specter/close", "{\"peerConnection\":\"" + pc + "\"}");
				aliceOnB.await(type("PeerConnectionClosed", pc));
				carolOnB.sync();
				assertThat(carolOnB.messages())
					.noneMatch((m) -> pc.toString().equals(m.path("peerConnection").asString()));
			}
		}
	}

	@Test
	void noWildcardReadsAnotherUsersEventsThroughRabbitMq() throws Exception {
		IsolationAttack.acrossInstances(instanceA, instanceB, "/topic", "/queue", "/exchange", "/amq/queue",
				"/temp-queue", "/app", "/user");
	}

}
