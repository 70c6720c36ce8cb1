package dev.specter;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import dev.specter.actuate.SpecterEndpoint;
import dev.specter.event.PeerConnectionClosed;
import dev.specter.test.ConnectedPair;
import dev.specter.test.Peers;
import dev.specter.test.SpecterIntegrationTest;
import dev.specter.test.SpecterIntegrationTestSupport;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The configuration {@code docs/observability.md} gives the sample app, over real HTTP:
 * the {@code specter} endpoint, the health group and the Prometheus scrape after real
 * data-channel traffic between two loopback peers.
 */
@SpecterIntegrationTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "specter.stats.interval=200ms",
				"management.endpoints.web.exposure.include=health,specter,prometheus",
				"management.endpoint.health.show-details=always", "management.endpoint.specter.access=unrestricted" })
class SpecterActuatorHttpIT extends SpecterIntegrationTestSupport {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final HttpClient http = HttpClient.newHttpClient();

	private final int port;

	SpecterActuatorHttpIT(@LocalServerPort int port) {
		this.port = port;
	}

	@Test
	void endpointHealthAndPrometheusOverHttp() throws Exception {
		ConnectedPair pair = ConnectedPair.open(this.specter, this.events, this.relay);
		byte[] payload = new byte[5000];
		new Random(8).nextBytes(payload);
		this.specter.sendBinary(pair.a(), pair.channelA(), payload).get(10, TimeUnit.SECONDS);
		await().atMost(Duration.ofSeconds(20)).until(() -> pair.receivedByAnswerer(this.events) == 5000);

		// The listing serves the sampled statistics (specter.stats.interval=200ms): wait
		// for a
		// sample taken after the send.
		HttpResponse<String> listing = await().atMost(Duration.ofSeconds(20))
			.until(() -> get("/actuator/specter"),
					(response) -> response.statusCode() == 200
							&& connection(JSON.readTree(response.body()).get("connections"), pair.a())
								.at("/stats/dataChannels/bytesSent")
								.asLong() == 5000);
		assertThat(JSON.readTree(listing.body()).get("total").asInt()).isGreaterThanOrEqualTo(2);
		assertThat(listing.headers().firstValue("Content-Type"))
			.hasValueSatisfying((type) -> assertThat(type).startsWith("application/vnd.spring-boot.actuator"));
		JsonNode connections = JSON.readTree(listing.body()).get("connections");
		assertThat(connections.isArray()).isTrue();
		JsonNode offerer = connection(connections, pair.a());
		assertThat(offerer.get("state").asString()).isEqualTo("connected");
		assertThat(offerer.at("/stats/dataChannels/bytesSent").asLong()).isEqualTo(5000);
		assertThat(offerer.at("/stats/selectedCandidatePair/local/type").asString()).isEqualTo("host");
		assertThat(offerer.get("ageSeconds").isNumber()).isTrue();
		String password = this.specter.localDescription(pair.a())
			.orElseThrow()
			.sdp()
			.lines()
			.filter((line) -> line.startsWith("a=ice-pwd:"))
			.findFirst()
			.orElseThrow()
			.substring("a=ice-pwd:".length());
		assertThat(listing.body()).doesNotContain(password, "a=ice", "v=0", "sdp", "Certificate");

		HttpResponse<String> answerer = get("/actuator/specter/" + pair.b());
		assertThat(answerer.statusCode()).isEqualTo(200);
		assertThat(JSON.readTree(answerer.body()).at("/stats/dataChannels/bytesReceived").asLong()).isEqualTo(5000);
		assertThat(get("/actuator/specter/not-a-uuid").statusCode()).isEqualTo(400);
		assertThat(get("/actuator/specter/" + PeerConnectionId.random()).statusCode()).isEqualTo(404);

		HttpResponse<String> health = get("/actuator/health/specter");
		assertThat(health.statusCode()).isEqualTo(200);
		JsonNode healthJson = JSON.readTree(health.body());
		assertThat(healthJson.get("status").asString()).isEqualTo("UP");
		assertThat(healthJson.at("/details/nativeLibrary").asString()).isEqualTo("loaded");
		assertThat(healthJson.at("/details/connections/connected").asInt()).isGreaterThanOrEqualTo(2);

		await().atMost(Duration.ofSeconds(20))
			.untilAsserted(() -> assertThat(get("/actuator/prometheus").body())
				.contains("specter_datachannel_bytes_total{direction=\"sent\"} 5000.0\n")
				.contains("specter_datachannel_bytes_total{direction=\"received\"} 5000.0\n")
				.contains("specter_connections{state=\"connected\"} 2.0\n")
				.contains("specter_operations_seconds_count{operation=\"send\",outcome=\"success\"} 1\n")
				.contains("specter_transport_bytes_total{direction=\"sent\"}")
				.contains("specter_ice_round_trip_time_seconds_count"));

		HttpResponse<String> closed = this.http.send(
				HttpRequest.newBuilder(uri("/actuator/specter/" + pair.a())).DELETE().build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(closed.statusCode()).isEqualTo(200);
		assertThat(JSON.readTree(closed.body()).get("id").asString()).isEqualTo(pair.a().toString());
		this.events.await(PeerConnectionClosed.class, pair.a());
		assertThat(get("/actuator/specter/" + pair.a()).statusCode()).isEqualTo(404);
		pair.close();
	}

	@Test
	void listingIsBoundedWhateverTheNumberOfConnections() throws Exception {
		List<PeerConnectionId> many = new ArrayList<>();
		for (int i = 0; i < 500; i++) {
			many.add(Peers.newPeerConnection(this.specter));
		}
		try {
			long started = System.nanoTime();
			HttpResponse<String> listing = get("/actuator/specter");
			long millis = (System.nanoTime() - started) / 1_000_000;
			assertThat(listing.statusCode()).isEqualTo(200);
			JsonNode body = JSON.readTree(listing.body());
			assertThat(body.get("total").asInt()).isGreaterThanOrEqualTo(500);
			assertThat(body.get("connections")).hasSize(SpecterEndpoint.MAX_LISTED);
			System.out.printf("Endpoint: listing of %d connections took %d ms, %d bytes%n", body.get("total").asInt(),
					millis, listing.body().length());
		}
		finally {
			many.forEach(this.specter::closePeerConnection);
		}
	}

	private static JsonNode connection(JsonNode connections, PeerConnectionId id) {
		for (JsonNode connection : connections) {
			if (connection.get("id").asString().equals(id.toString())) {
				return connection;
			}
		}
		throw new AssertionError("no connection " + id + " in " + connections);
	}

	private HttpResponse<String> get(String path) throws Exception {
		return this.http.send(HttpRequest.newBuilder(uri(path)).GET().build(), HttpResponse.BodyHandlers.ofString());
	}

	private URI uri(String path) {
		return URI.create("http://localhost:" + this.port + path);
	}

}
