package dev.specter.worker;

import java.util.concurrent.atomic.AtomicLong;

/**
 * What happened to the workers of a {@link WorkerSpecterFactory} since it started; the
 * counts only grow.
 */
public final class WorkerCounters {

	private final AtomicLong started = new AtomicLong();

	private final AtomicLong deaths = new AtomicLong();

	private final AtomicLong hung = new AtomicLong();

	private final AtomicLong restarts = new AtomicLong();

	private final AtomicLong recycles = new AtomicLong();

	private final AtomicLong startFailures = new AtomicLong();

	WorkerCounters() {
	}

	/**
	 * Returns the workers started, the first ones, replacements and recycled ones'
	 * successors included.
	 * @return the count
	 */
	public long started() {
		return this.started.get();
	}

	/**
	 * Returns the workers that died (crashed, were killed from outside, ran out of
	 * memory, or were killed as hung), whose connections were closed with reason
	 * {@code ENGINE_FAILED}.
	 * @return the count
	 */
	public long deaths() {
		return this.deaths.get();
	}

	/**
	 * Returns the deaths of workers killed because they stopped answering the heartbeat.
	 * @return the count, included in {@link #deaths()}
	 */
	public long hung() {
		return this.hung.get();
	}

	/**
	 * Returns the workers started to replace a dead one.
	 * @return the count
	 */
	public long restarts() {
		return this.restarts.get();
	}

	/**
	 * Returns the workers recycled: retired after their share of connections, a new
	 * worker taking their place.
	 * @return the count
	 */
	public long recycles() {
		return this.recycles.get();
	}

	/**
	 * Returns the workers that could not be started.
	 * @return the count
	 */
	public long startFailures() {
		return this.startFailures.get();
	}

	AtomicLong startedCounter() {
		return this.started;
	}

	AtomicLong deathsCounter() {
		return this.deaths;
	}

	AtomicLong hungCounter() {
		return this.hung;
	}

	AtomicLong restartsCounter() {
		return this.restarts;
	}

	AtomicLong recyclesCounter() {
		return this.recycles;
	}

	AtomicLong startFailuresCounter() {
		return this.startFailures;
	}

	@Override
	public String toString() {
		return "started=" + started() + " deaths=" + deaths() + " (hung " + hung() + ") restarts=" + restarts()
				+ " recycles=" + recycles() + " startFailures=" + startFailures();
	}

}
