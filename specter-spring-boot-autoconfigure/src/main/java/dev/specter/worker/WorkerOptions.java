package dev.specter.worker;

import java.time.Duration;
import java.util.List;

/**
 * How many workers run and how they are started.
 *
 * @param workers the number of worker processes (at least 1)
 * @param jvmOptions extra options of each worker's JVM (such as {@code -Xmx256m})
 * @param startTimeout how long a worker may take to start its engine
 * @param dispatchThreads the dispatch threads of each worker
 * @param mailboxCapacity the most events one connection may have waiting in a worker
 * @param maxConnectionsPerWorker connections a worker is given before it is recycled: it
 * takes no more, a new worker takes its place, and it exits when its last connection
 * closes (giving back the native memory webrtc-java keeps per closed connection); 0 for
 * no limit
 */
public record WorkerOptions(int workers, List<String> jvmOptions, Duration startTimeout, int dispatchThreads,
		int mailboxCapacity, int maxConnectionsPerWorker) {

	/**
	 * Validates the options.
	 * @param workers the number of workers
	 * @param jvmOptions extra JVM options
	 * @param startTimeout the start timeout
	 * @param dispatchThreads the dispatch threads of each worker
	 * @param mailboxCapacity the mailbox capacity in each worker
	 * @param maxConnectionsPerWorker connections per worker before it is recycled, 0 for
	 * no limit
	 */
	public WorkerOptions {
		if (workers < 1) {
			throw new IllegalArgumentException("at least one worker is needed");
		}
		jvmOptions = (jvmOptions != null) ? List.copyOf(jvmOptions) : List.of();
		startTimeout = (startTimeout != null) ? startTimeout : Duration.ofSeconds(30);
		if (maxConnectionsPerWorker < 0) {
			throw new IllegalArgumentException("connections per worker must be 0 (no limit) or positive");
		}
		if (dispatchThreads < 1 || mailboxCapacity < 1) {
			throw new IllegalArgumentException("dispatch threads and mailbox capacity must be positive");
		}
	}

	/**
	 * These options with workers recycled after a number of connections.
	 * @param connections connections per worker, 0 for no limit
	 * @return the options
	 */
	public WorkerOptions withMaxConnectionsPerWorker(int connections) {
		return new WorkerOptions(this.workers, this.jvmOptions, this.startTimeout, this.dispatchThreads,
				this.mailboxCapacity, connections);
	}

	/**
	 * Options with the given number of workers and the defaults otherwise.
	 * @param workers the number of workers
	 * @return the options
	 */
	public static WorkerOptions of(int workers) {
		return new WorkerOptions(workers, List.of(), Duration.ofSeconds(30), 4, 10_000, 0);
	}

}
