package dev.specter.actuate;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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
		Instant now = Instant.now();
		int connections = 0;
		int accepting = 0;
		List<Map<String, Object>> processes = new ArrayList<>();
		for (WorkerStatus worker : workers) {
			connections += worker.connections();
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
			.withDetail("connections", connections)
			.withDetail("workers", summary)
			.build();
	}

}
