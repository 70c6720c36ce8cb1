package dev.specter.stomp;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import dev.specter.PeerConnectionId;
import dev.specter.Specter;
import dev.specter.SpecterFactory;
import dev.specter.datachannel.DataChannelOptions;
import dev.specter.signaling.SessionDescription;
import dev.specter.test.Peers;
import dev.specter.worker.WorkerSpecterFactory;
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
 * A STOMP client that crashes engine workers again and again (worker mode; the known
 * native fault handed past the guard by the test hook stands for one not known yet): each
 * crash costs the connections of a worker, other clients' included, so after its offers
 * were in flight at three workers' deaths within ten minutes the client gets no new
 * connection ({@code LIMIT_EXCEEDED}), while another client still connects and
 * negotiates.
 */
@SpringBootTest(classes = StompTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "specter.ice-servers=", "specter.stomp.enabled=true", "specter.stomp.signaling.enabled=true",
				"specter.engine.isolation=workers", "specter.engine.workers=2",
				"specter.engine.worker-jvm-options=-Dspecter.worker.test.remote-description-hook="
						+ "dev.specter.worker.CrashingRemoteDescriptionHook" })
class StompEngineFailuresIT {

	private static final String CRASH = "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\na=group:BUNDLE 0\r\n"
			+ "m=application 9 UDP/DTLS/SCTP webrtc-datachannel\r\nc=IN IP4 0.0.0.0\r\na=mid:0\r\n"
			+ "a=sctp-port:%n%n%n%n\r\n";

	private final int port;

	private final Specter specter;

	private final WorkerSpecterFactory factory;

	@Autowired
	StompEngineFailuresIT(@LocalServerPort int port, Specter specter, SpecterFactory factory) {
		this.port = port;
		this.specter = specter;
		this.factory = (WorkerSpecterFactory) factory;
	}

	@Test
	void aClientWhoseOffersCrashedThreeWorkersGetsNoNewConnection() throws Exception {
		String realOffer = realOffer();
		try (StompTestClient mallory = StompTestClient.connect(this.port, "mallory");
				StompTestClient alice = StompTestClient.connect(this.port, "alice")) {
			for (StompTestClient client : new StompTestClient[] { mallory, alice }) {
				client.subscribe("/user/queue/specter");
				client.sync();
			}
			for (int i = 0; i < 3; i++) {
				String pc = connect(mallory, "m" + i).path("peerConnection").asString();
				JsonNode failed = offer(mallory, "crash" + i, pc, CRASH);
				assertThat(failed.path("code").asString()).isEqualTo("ENGINE_FAILED");
			}
			JsonNode refused = connect(mallory, "m3");
			assertThat(refused.path("type").asString()).isEqualTo("Error");
			assertThat(refused.path("code").asString()).isEqualTo("LIMIT_EXCEEDED");
			assertThat(this.factory.counters().deaths()).isEqualTo(3);
			// another client is not refused, and its connection negotiates
			JsonNode created = connect(alice, "a0");
			assertThat(created.path("type").asString()).isEqualTo("Created");
			JsonNode answer = offer(alice, "a0-offer", created.path("peerConnection").asString(), realOffer);
			assertThat(answer.path("type").asString()).isEqualTo("Answer");
		}
	}

	/**
	 * Connects, waiting for a worker after a crash (a refusal for want of one is
	 * retried).
	 */
	private static JsonNode connect(StompTestClient client, String requestId) throws InterruptedException {
		for (int attempt = 0;; attempt++) {
			String id = requestId + "-" + attempt;
			client.send("/app/specter/connect", "{\"requestId\":\"" + id + "\"}");
			JsonNode reply = client.await((m) -> id.equals(m.path("requestId").asString()), Duration.ofSeconds(60));
			if (!"ENGINE_FAILED".equals(reply.path("code").asString()) || attempt > 20) {
				return reply;
			}
			Thread.sleep(500);
		}
	}

	private static JsonNode offer(StompTestClient client, String requestId, String pc, String sdp) {
		ObjectNode message = JsonNodeFactory.instance.objectNode();
		message.put("requestId", requestId);
		message.put("peerConnection", pc);
		message.putObject("description").put("type", "offer").put("sdp", sdp);
		client.send("/app/specter/offer", message);
		return client.await((m) -> requestId.equals(m.path("requestId").asString()), Duration.ofSeconds(60));
	}

	private String realOffer() throws Exception {
		PeerConnectionId local = Peers.newPeerConnection(this.specter);
		this.specter.createDataChannel(local, "real", DataChannelOptions.DEFAULT).get(10, TimeUnit.SECONDS);
		SessionDescription offer = this.specter.createOffer(local).get(10, TimeUnit.SECONDS);
		this.specter.closePeerConnection(local);
		return offer.sdp();
	}

}
