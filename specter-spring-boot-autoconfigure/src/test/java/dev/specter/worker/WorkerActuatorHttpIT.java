package dev.specter.worker;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.StreamSupport;

import dev.specter.PeerConnectionId;
import dev.specter.Specter;
import dev.specter.SpecterFactory;
import dev.specter.SpecterObserver;
import dev.specter.actuate.SpecterHealthIndicator;
import dev.specter.dispatch.EventDispatcher;
import dev.specter.test.Peers;
import dev.specter.test.SpecterIntegrationTest;
import dev.specter.webrtc.ConnectionLimits;
import dev.specter.webrtc.NativeResources;
import dev.specter.webrtc.RuntimeSettings;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What an operator sees of the workers, over real HTTP from a real application in worker
 * mode (two workers, recycled after 4 connections): the {@code specter} health details
 * per worker process and the worker meters in the Prometheus scrape, through a real
 * {@code kill -9} of a worker (death, restart) and a recycling; and {@code DOWN} once no
 * worker runs.
 */
@SpecterIntegrationTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "specter.engine.isolation=workers", "specter.engine.workers=2",
				"specter.engine.max-connections-per-worker=4",
				"management.endpoints.web.exposure.include=health,prometheus",
				"management.endpoint.health.show-details=always" })
class WorkerActuatorHttpIT {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final HttpClient http = HttpClient.newHttpClient();

	private final int port;

	private final Specter specter;

	private final WorkerSpecterFactory factory;

	WorkerActuatorHttpIT(@LocalServerPort int port, Specter specter, SpecterFactory factory) {
		this.port = port;
		this.specter = specter;
		this.factory = (WorkerSpecterFactory) factory;
	}

	@Test
	void healthAndMetersFollowTheWorkersThroughADeathAndARecycling() throws Exception {
		await().atMost(Duration.ofSeconds(60)).until(() -> this.factory.workerPids().size() == 2);
		List<Long> pids = this.factory.workerPids();
		JsonNode health = health();
		assertThat(health.get("status").asString()).isEqualTo("UP");
		assertThat(health.at("/details/isolation").asString()).isEqualTo("workers");
		JsonNode workers = health.at("/details/workers");
		assertThat(workers.get("configured").asInt()).isEqualTo(2);
		assertThat(workers.get("live").asInt()).isEqualTo(2);
		assertThat(workers.get("accepting").asInt()).isEqualTo(2);
		assertThat(workers.get("deaths").asInt()).isZero();
		assertThat(processes(workers).stream().map((p) -> p.get("pid").asLong())).containsExactlyElementsOf(pids);
		assertThat(processes(workers)).allSatisfy((p) -> {
			assertThat(p.get("uptimeSeconds").asLong()).isNotNegative();
			assertThat(p.get("retiring").asBoolean()).isFalse();
			assertThat(p.get("startedAt").asString()).isNotBlank();
		});

		// one connection on each worker
		PeerConnectionId first = Peers.newPeerConnection(this.specter);
		PeerConnectionId second = Peers.newPeerConnection(this.specter);
		assertThat(this.factory.workerPid(first)).isNotEqualTo(this.factory.workerPid(second));
		health = health();
		assertThat(health.at("/details/nativeLibrary").asString()).isEqualTo("loaded");
		// by state, as in process, from the connections' events: two new connections
		assertThat(health.at("/details/connections/new").asInt()).isEqualTo(2);
		assertThat(total(health.at("/details/connections"))).isEqualTo(2);
		assertThat(processes(health.at("/details/workers"))).allSatisfy((p) -> {
			assertThat(p.get("connections").asInt()).isEqualTo(1);
			assertThat(p.get("served").asInt()).isEqualTo(1);
		});

		// kill -9: a death, then a restart
		long victim = this.factory.workerPid(first);
		ProcessHandle.of(victim).orElseThrow().destroyForcibly();
		JsonNode afterDeath = await().atMost(Duration.ofSeconds(60))
			.until(this::health, (h) -> h.at("/details/workers/restarts").asInt() == 1
					&& h.at("/details/workers/live").asInt() == 2);
		assertThat(afterDeath.get("status").asString()).isEqualTo("UP");
		assertThat(afterDeath.at("/details/workers/deaths").asInt()).isEqualTo(1);
		assertThat(afterDeath.at("/details/workers/hung").asInt()).isZero();
		assertThat(total(afterDeath.at("/details/connections"))).isEqualTo(1);
		assertThat(processes(afterDeath.at("/details/workers")).stream().map((p) -> p.get("pid").asLong()))
			.doesNotContain(victim)
			.contains(this.factory.workerPid(second));
		await().atMost(Duration.ofSeconds(20))
			.untilAsserted(() -> assertThat(scrape()).contains("specter_workers_deaths_total{cause=\"exited\"} 1.0\n")
				.contains("specter_workers_deaths_total{cause=\"hung\"} 0.0\n")
				.contains("specter_workers_restarts_total 1.0\n")
				.contains("specter_workers{state=\"accepting\"} 2.0\n")
				.contains("specter_workers_recycles_total 0.0\n"));

		// the survivor has served 1 connection: 3 more and it retires, keeping them
		long survivor = this.factory.workerPid(second);
		List<PeerConnectionId> more = new ArrayList<>();
		while (this.factory.counters().recycles() == 0) {
			more.add(Peers.newPeerConnection(this.specter));
			assertThat(more).hasSizeLessThan(10);
		}
		JsonNode recycling = await().atMost(Duration.ofSeconds(60))
			.until(this::health, (h) -> h.at("/details/workers/live").asInt() == 3);
		assertThat(recycling.get("status").asString()).isEqualTo("UP");
		assertThat(recycling.at("/details/workers/accepting").asInt()).isEqualTo(2);
		assertThat(recycling.at("/details/workers/recycles").asInt()).isEqualTo(1);
		JsonNode retiring = processes(recycling.at("/details/workers")).stream()
			.filter((p) -> p.get("retiring").asBoolean())
			.findFirst()
			.orElseThrow();
		assertThat(retiring.get("served").asInt()).isEqualTo(4);
		assertThat(retiring.get("connections").asInt()).isPositive();
		assertThat(scrape()).contains("specter_workers{state=\"retiring\"} 1.0\n")
			.contains("specter_workers_recycles_total 1.0\n");
		// its last connection closed, it exits; no death counted
		for (PeerConnectionId pc : this.specter.peerConnections()) {
			if (this.factory.workerPid(pc) == retiring.get("pid").asLong()) {
				this.specter.closePeerConnection(pc);
			}
		}
		JsonNode recycled = await().atMost(Duration.ofSeconds(60))
			.until(this::health, (h) -> h.at("/details/workers/live").asInt() == 2);
		assertThat(processes(recycled.at("/details/workers")).stream().map((p) -> p.get("pid").asLong()))
			.doesNotContain(survivor);
		assertThat(recycled.at("/details/workers/deaths").asInt()).isEqualTo(1);
		assertThat(recycled.at("/details/workers/started").asInt()).isEqualTo(4);
		// the connections closed so far were on workers that are gone, with their memory
		assertThat(recycled.at("/details/closedConnections").asLong()).isZero();
		assertThat(recycled.at("/details/retainedNativeBytesEstimate").asLong()).isZero();
		// one closed on a live worker: its engine keeps the native memory
		this.specter.closePeerConnection(Peers.newPeerConnection(this.specter));
		JsonNode kept = await().atMost(Duration.ofSeconds(30))
			.until(this::health, (h) -> h.at("/details/closedConnections").asLong() == 1);
		assertThat(kept.at("/details/retainedNativeBytesEstimate").asLong())
			.isEqualTo(NativeResources.RETAINED_BYTES_PER_CLOSED_CONNECTION);
		assertThat(scrape()).contains("specter_native_connections_closed 1.0\n")
			.contains("specter_native_retained_bytes " + (double) NativeResources.RETAINED_BYTES_PER_CLOSED_CONNECTION);
		this.specter.peerConnections().forEach(this.specter::closePeerConnection);
	}

	@Test
	void healthIsDownOnceNoWorkerRuns() {
		SpecterHealthIndicator indicator;
		try (WorkerSpecterFactory own = new WorkerSpecterFactory(WorkerOptions.of(1), new EventDispatcher((event) -> {
		}, 1, 100), RuntimeSettings.DEFAULTS, ConnectionLimits.DEFAULTS, SpecterObserver.NONE)) {
			indicator = new SpecterHealthIndicator(own);
			assertThat(indicator.health().getStatus()).isEqualTo(Status.UP);
			own.close();
			assertThat(indicator.health().getStatus()).isEqualTo(Status.DOWN);
			assertThat(indicator.health().getDetails()).containsEntry("isolation", "workers");
		}
	}

	private List<JsonNode> processes(JsonNode workers) {
		return StreamSupport.stream(workers.get("processes").spliterator(), false).toList();
	}

	private JsonNode health() throws Exception {
		HttpResponse<String> response = get("/actuator/health/specter");
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		return JSON.readTree(response.body());
	}

	private String scrape() throws Exception {
		return get("/actuator/prometheus").body();
	}

	private HttpResponse<String> get(String path) throws Exception {
		return this.http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path)).build(),
				HttpResponse.BodyHandlers.ofString());
	}

	private static int total(JsonNode connectionsByState) {
		int total = 0;
		for (JsonNode count : connectionsByState) {
			total += count.asInt();
		}
		return total;
	}

}
