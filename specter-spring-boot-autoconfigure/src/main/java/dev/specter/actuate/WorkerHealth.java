package dev.specter.actuate;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.specter.NativeLibraryUnavailableException;
import dev.specter.signaling.ConnectionState;
import dev.specter.webrtc.NativeResources;
import dev.specter.worker.WorkerCounters;
import dev.specter.worker.WorkerSpecterFactory;
import dev.specter.worker.WorkerStatus;

import org.springframework.boot.health.contributor.Health;

/**
 * Health in worker mode, from what the application knows of its workers, without asking
 * them anything (a hung worker must not hang the health check): {@code DOWN} when no
 * worker process is live (every one died and its replacement is not ready yet, or the
 * factory is closed), else {@code UP}, also while fewer workers than configured run (a
 * replacement starting, a recycled worker's successor starting): the connections of the
 * live workers are served, and the details say how many are live and accepting.
 */
final class WorkerHealth {

	private WorkerHealth() {
	}

	static Health health(WorkerSpecterFactory factory) {
		List<WorkerStatus> workers = factory.workerStatus();
		Health.Builder builder = (factory.isClosed() || workers.isEmpty()) ? Health.down() : Health.up();
		NativeLibraryUnavailableException unavailable = factory.nativeLibraryUnavailable();
		if (unavailable != null) {
			builder = Health.down()
				.withDetail("nativeLibrary", "unavailable")
				.withDetail("error", unavailable.getMessage());
			if (unavailable.missingPackage() != null) {
				builder.withDetail("missingPackage", unavailable.missingPackage());
			}
		}
		else if (factory.counters().started() > 0) {
			// a worker says hello only once its engine, native library included, is ready
			builder.withDetail("nativeLibrary", "loaded");
		}
		Instant now = Instant.now();
		int accepting = 0;
		List<Map<String, Object>> processes = new ArrayList<>();
		for (WorkerStatus worker : workers) {
			accepting += worker.retiring() ? 0 : 1;
			Map<String, Object> process = new LinkedHashMap<>();
			process.put("number", worker.number());
			process.put("pid", worker.pid());
			process.put("connections", worker.connections());
			process.put("served", worker.served());
			process.put("retiring", worker.retiring());
			process.put("startedAt", worker.startedAt().toString());
			process.put("uptimeSeconds", Math.max(0, Duration.between(worker.startedAt(), now).toSeconds()));
			processes.add(process);
		}
		WorkerCounters counters = factory.counters();
		Map<String, Object> summary = new LinkedHashMap<>();
		summary.put("configured", factory.configuredWorkers());
		summary.put("live", workers.size());
		summary.put("accepting", accepting);
		summary.put("started", counters.started());
		summary.put("deaths", counters.deaths());
		summary.put("hung", counters.hung());
		summary.put("restarts", counters.restarts());
		summary.put("recycles", counters.recycles());
		summary.put("startFailures", counters.startFailures());
		summary.put("processes", processes);
		return builder.withDetail("isolation", "workers")
			.withDetail("instances", factory.instances().size())
			.withDetail("closedConnections", factory.closedConnections())
			.withDetail("retainedNativeBytesEstimate",
					factory.closedConnections() * NativeResources.RETAINED_BYTES_PER_CLOSED_CONNECTION)
			.withDetail("connections", connectionsByState(factory))
			.withDetail("workers", summary)
			.build();
	}

	/** Live connections by state, with the same keys as in process. */
	private static Map<String, Integer> connectionsByState(WorkerSpecterFactory factory) {
		Map<String, Integer> connections = new LinkedHashMap<>();
		for (ConnectionState state : ConnectionState.values()) {
			if (state != ConnectionState.UNSPECIFIED && state != ConnectionState.CLOSED) {
				connections.put(state.value(), 0);
			}
		}
		factory.connectionStates().forEach((state, count) -> connections.merge(state.value(), count, Integer::sum));
		return connections;
	}

}
