package dev.specter.metrics;

import java.util.function.ToDoubleFunction;

import dev.specter.worker.WorkerCounters;
import dev.specter.worker.WorkerSpecterFactory;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * Meters of the worker processes in worker mode
 * ({@code specter.engine.isolation=workers}), read from the factory when scraped: live
 * workers, and counts since start of deaths, restarts, recycles and start failures.
 */
public final class WorkerMeters implements MeterBinder {

	/** Gauge of live worker processes, tagged {@code state} (accepting, retiring). */
	public static final String WORKERS = "specter.workers";

	/**
	 * Counter of worker deaths, tagged {@code cause}: {@code exited} (crash, kill, out of
	 * memory) or {@code hung} (killed after its heartbeat timeout).
	 */
	public static final String DEATHS = "specter.workers.deaths";

	/** Counter of workers started to replace a dead one. */
	public static final String RESTARTS = "specter.workers.restarts";

	/** Counter of workers recycled after their share of connections. */
	public static final String RECYCLES = "specter.workers.recycles";

	/** Counter of workers that could not be started. */
	public static final String START_FAILURES = "specter.workers.start.failures";

	private final WorkerSpecterFactory factory;

	/**
	 * Creates the meters of a factory's workers.
	 * @param factory the factory
	 */
	public WorkerMeters(WorkerSpecterFactory factory) {
		this.factory = factory;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		for (boolean retiring : new boolean[] { false, true }) {
			Gauge.builder(WORKERS, this.factory, (f) -> count(f, retiring))
				.tag("state", retiring ? "retiring" : "accepting")
				.description("Live worker processes; retiring ones take no new connections")
				.register(registry);
		}
		String died = "Worker processes that died";
		counter(registry, DEATHS, died, (c) -> c.deaths() - c.hung(), "cause", "exited");
		counter(registry, DEATHS, died, WorkerCounters::hung, "cause", "hung");
		counter(registry, RESTARTS, "Worker processes started to replace a dead one", WorkerCounters::restarts);
		counter(registry, RECYCLES, "Worker processes recycled after their share of connections",
				WorkerCounters::recycles);
		counter(registry, START_FAILURES, "Worker processes that could not be started", WorkerCounters::startFailures);
	}

	private void counter(MeterRegistry registry, String name, String description,
			ToDoubleFunction<WorkerCounters> count, String... tags) {
		FunctionCounter.builder(name, this.factory.counters(), count)
			.description(description)
			.tags(tags)
			.register(registry);
	}

	private static double count(WorkerSpecterFactory factory, boolean retiring) {
		return factory.workerStatus().stream().filter((worker) -> worker.retiring() == retiring).count();
	}

}
