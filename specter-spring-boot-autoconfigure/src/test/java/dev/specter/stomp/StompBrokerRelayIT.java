package dev.specter.stomp;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import dev.specter.PeerConnectionId;
import dev.specter.Specter;
import dev.specter.test.EventRecorder;
import org.apache.activemq.artemis.core.config.Configuration;
import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.messaging.simp.stomp.StompBrokerRelayMessageHandler;
import org.springframework.messaging.simp.user.SimpUser;
import org.springframework.messaging.simp.user.SimpUserRegistry;

import static dev.specter.stomp.StompTestClient.type;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two instances of the application relay to one real STOMP broker (an embedded ActiveMQ
 * Artemis with a STOMP acceptor on loopback), as a multi-instance deployment with
 * Spring's {@code enableStompBrokerRelay}: the events of a connection held by instance A
 * reach its owner's session on instance B and a subscriber of its public topic on
 * instance B, and nobody else, whatever wildcard (Artemis reads {@code #} and {@code *})
 * or per-session form another client tries.
 */
class StompBrokerRelayIT {

	private static EmbeddedActiveMQ broker;

	private static Path brokerData;

	private static ConfigurableApplicationContext instanceA;

	private static ConfigurableApplicationContext instanceB;

	@BeforeAll
	static void start() throws Exception {
		int brokerPort;
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			brokerPort = socket.getLocalPort();
		}
		brokerData = Files.createTempDirectory("artemis");
		Configuration configuration = new ConfigurationImpl();
		configuration.setPersistenceEnabled(false);
		configuration.setSecurityEnabled(false);
		configuration.setJMXManagementEnabled(false);
		configuration.setBrokerInstance(brokerData.toFile());
		configuration.addAcceptorConfiguration("stomp",
				"tcp://127.0.0.1:" + brokerPort + "?protocols=STOMP;anycastPrefix=/queue/;multicastPrefix=/topic/");
		broker = new EmbeddedActiveMQ().setConfiguration(configuration);
		broker.start();
		instanceA = startInstance(brokerPort);
		instanceB = startInstance(brokerPort);
	}

	private static ConfigurableApplicationContext startInstance(int brokerPort) {
		ConfigurableApplicationContext context = new SpringApplicationBuilder(StompTestApplication.class)
			.properties("server.port=0", "spring.jmx.enabled=false", "specter.ice-servers=",
					"specter.stomp.enabled=true", "specter.stomp.signaling.enabled=true",
					"specter.stomp.public-topic.enabled=true", "test.broker-relay-port=" + brokerPort)
			.run();
		StompBrokerRelayMessageHandler relay = context.getBean(StompBrokerRelayMessageHandler.class);
		Awaitility.await().atMost(Duration.ofSeconds(20)).until(relay::isBrokerAvailable);
		return context;
	}

	@AfterAll
	static void stop() throws Exception {
		if (instanceA != null) {
			instanceA.close();
		}
		if (instanceB != null) {
			instanceB.close();
		}
		if (broker != null) {
			broker.stop();
		}
	}

	private static int port(ConfigurableApplicationContext context) {
		return ((WebServerApplicationContext) context).getWebServer().getPort();
	}

	@Test
	void eventsOfAConnectionHeldByInstanceAReachSubscribersOnInstanceB() throws Exception {
		try (StompTestClient aliceOnA = StompTestClient.connect(port(instanceA), "alice");
				StompTestClient aliceOnB = StompTestClient.connect(port(instanceB), "alice");
				StompTestClient carolOnB = StompTestClient.connect(port(instanceB), "carol");
				StompTestClient anonymousOnB = StompTestClient.connect(port(instanceB), null)) {
			for (StompTestClient client : new StompTestClient[] { aliceOnA, aliceOnB, carolOnB, anonymousOnB }) {
				client.subscribe("/user/queue/specter");
				client.sync();
			}
			// Instance A learns alice's session on B from B's user registry broadcast.
			SimpUserRegistry registryOfA = instanceA.getBean(SimpUserRegistry.class);
			Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> {
				SimpUser alice = registryOfA.getUser("alice");
				return alice != null && alice.getSessions().size() == 2;
			});

			Specter specterA = instanceA.getBean(Specter.class);
			try (JavaBrowser browser = new JavaBrowser(specterA, instanceA.getBean(EventRecorder.class), aliceOnA)) {
				PeerConnectionId pc = browser.requestConnection("a1");
				assertThat(specterA.peerConnectionExists(pc)).isTrue();
				assertThat(instanceB.getBean(Specter.class).peerConnectionExists(pc)).isFalse();
				aliceOnB.await(type("PeerConnectionReady", pc));

				anonymousOnB.subscribe("/topic/specter." + pc);
				anonymousOnB.sync();
				browser.negotiate(pc);
				for (StompTestClient subscriber : new StompTestClient[] { aliceOnA, aliceOnB, anonymousOnB }) {
					subscriber.await((m) -> type("ConnectionStateChanged", pc).test(m)
							&& "connected".equals(m.path("state").asString()));
				}
				JsonNode candidate = aliceOnB.await(type("IceCandidateGathered", pc));
				assertThat(candidate.path("candidate").path("candidate").asString()).startsWith("candidate:");
				assertThat(anonymousOnB.received()).anyMatch((r) -> r.destination().equals("/topic/specter." + pc));

				// Signaling must reach the instance that holds the connection: B does not
				// have it.
				aliceOnB.send("/app/specter/close", "{\"requestId\":\"b-close\",\"peerConnection\":\"" + pc + "\"}");
				JsonNode refused = aliceOnB.await((m) -> "b-close".equals(m.path("requestId").asString()));
				assertThat(refused.path("code").asString()).isEqualTo("NOT_FOUND");
				assertThat(specterA.peerConnectionExists(pc)).isTrue();

				aliceOnA.send("/app/specter/close", "{\"peerConnection\":\"" + pc + "\"}");
				aliceOnB.await(type("PeerConnectionClosed", pc));
				anonymousOnB.await(type("PeerConnectionClosed", pc));

				carolOnB.sync();
				assertThat(carolOnB.messages())
					.noneMatch((m) -> pc.toString().equals(m.path("peerConnection").asString()));
				assertThat(anonymousOnB.received()).filteredOn((r) -> r.destination().equals("/user/queue/specter"))
					.noneMatch((r) -> pc.toString().equals(r.body().path("peerConnection").asString()));
			}
		}
	}

	@Test
	void noWildcardReadsAnotherUsersEventsThroughArtemis() throws Exception {
		IsolationAttack.acrossInstances(instanceA, instanceB, "/topic", "/queue", "/app", "/user");
	}

}
