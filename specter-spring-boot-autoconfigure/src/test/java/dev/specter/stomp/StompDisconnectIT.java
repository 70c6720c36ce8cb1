package dev.specter.stomp;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import dev.specter.PeerConnectionId;
import dev.specter.Specter;
import dev.specter.SpecterFactory;
import dev.specter.datachannel.DataChannelOptions;
import dev.specter.signaling.SessionDescription;
import dev.specter.test.EngineResources;
import dev.specter.test.Peers;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Clients that leave in the middle of their signaling leave nothing behind, in either
 * engine mode: anonymous STOMP sessions send connects, real offers and candidates and
 * disconnect without waiting for the replies, many at once. Afterwards Specter holds no
 * connection and the engine (in worker mode: every worker's) no native connection or data
 * channel more than before.
 */
@SpringBootTest(classes = StompTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "specter.ice-servers=", "specter.stomp.enabled=true", "specter.stomp.signaling.enabled=true" })
class StompDisconnectIT {

	private static final int ROUNDS = 25;

	private static final int CLIENTS = 4;

	private final int port;

	private final Specter specter;

	private final SpecterFactory factory;

	@Autowired
	StompDisconnectIT(@LocalServerPort int port, Specter specter, SpecterFactory factory) {
		this.port = port;
		this.specter = specter;
		this.factory = factory;
	}

	@Test
	void clientsLeavingMidSignalingLeaveNothingBehind() throws Exception {
		String offer = realOffer();
		Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> this.specter.peerConnections().isEmpty());
		EngineResources before = EngineResources.of(this.factory);
		ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
		int created = 0;
		try {
			for (int round = 0; round < ROUNDS; round++) {
				List<Future<Integer>> clients = new ArrayList<>();
				for (int i = 0; i < CLIENTS; i++) {
					int delay = (round + i) % 4;
					clients.add(pool.submit(() -> leaveMidSignaling(offer, delay)));
				}
				for (Future<Integer> client : clients) {
					created += client.get(60, TimeUnit.SECONDS);
				}
			}
		}
		finally {
			pool.shutdownNow();
		}
		Awaitility.await("every connection of the departed clients closed")
			.atMost(Duration.ofSeconds(60))
			.until(() -> this.specter.peerConnections().isEmpty());
		Awaitility.await("the engine holds no more than before")
			.atMost(Duration.ofSeconds(60))
			.pollInterval(Duration.ofMillis(500))
			.untilAsserted(() -> {
				EngineResources after = EngineResources.of(this.factory);
				assertThat(after.openConnections()).isEqualTo(before.openConnections());
				assertThat(after.openDataChannels()).isEqualTo(before.openDataChannels());
			});
		System.out.printf("Departed clients: %d sessions, %d connections created before they left; engine %s%n",
				ROUNDS * CLIENTS, created, EngineResources.of(this.factory));
		assertThat(created).as("connections created by the departed clients").isPositive();
	}

	/**
	 * One client: four connects, an offer and a candidate on each connection whose reply
	 * arrived within {@code delay} polls, then away without waiting for anything more.
	 * @return the connections created before it left
	 */
	private int leaveMidSignaling(String offer, int delay) throws Exception {
		StompTestClient client = StompTestClient.connect(this.port, null);
		try {
			client.subscribe("/user/queue/specter");
			for (int i = 0; i < 4; i++) {
				client.send("/app/specter/connect", "{\"requestId\":\"c" + i + "\"}");
			}
			Thread.sleep(delay * 40L);
			int created = 0;
			for (JsonNode reply : client.messages()) {
				if (!"Created".equals(reply.path("type").asString())) {
					continue;
				}
				created++;
				String pc = reply.path("peerConnection").asString();
				ObjectNode message = JsonNodeFactory.instance.objectNode();
				message.put("peerConnection", pc);
				message.putObject("description").put("type", "offer").put("sdp", offer);
				client.send("/app/specter/offer", message);
				ObjectNode candidate = JsonNodeFactory.instance.objectNode();
				candidate.put("peerConnection", pc);
				candidate.putObject("candidate")
					.put("candidate", "candidate:1 1 udp 2130706431 127.0.0.1 9 typ host")
					.put("sdpMid", "0")
					.put("sdpMLineIndex", 0);
				client.send("/app/specter/candidate", candidate);
			}
			return created;
		}
		finally {
			client.close();
		}
	}

	/** A real offer with a data channel, made by a local connection. */
	private String realOffer() throws Exception {
		PeerConnectionId local = Peers.newPeerConnection(this.specter);
		this.specter.createDataChannel(local, "leaving", DataChannelOptions.DEFAULT).get(10, TimeUnit.SECONDS);
		SessionDescription offer = this.specter.createOffer(local).get(10, TimeUnit.SECONDS);
		this.specter.closePeerConnection(local);
		return offer.sdp();
	}

}
