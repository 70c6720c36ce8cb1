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
 * @param heartbeatInterval how often each worker is sent a heartbeat, which its socket
 * reader answers between two calls (off the engine's threads)
 * @param heartbeatTimeout how long a worker may leave a heartbeat unanswered before it is
 * considered hung, killed and handled as a crashed one (only the time the application was
 * waiting for it counts); longer than the interval
 */
public record WorkerOptions(int workers, List<String> jvmOptions, Duration startTimeout, int dispatchThreads,
		int mailboxCapacity, int maxConnectionsPerWorker, Duration heartbeatInterval, Duration heartbeatTimeout) {

	/** Heartbeat interval unless configured. */
	public static final Duration DEFAULT_HEARTBEAT_INTERVAL = Duration.ofSeconds(5);

	/**
	 * Heartbeat timeout unless configured: generous, so that a busy worker on a loaded
	 * machine (long calls, GC pauses, a starved CPU) is never taken for a hung one.
	 */
	public static final Duration DEFAULT_HEARTBEAT_TIMEOUT = Duration.ofSeconds(30);

	/**
	 * Validates the options.
	 * @param workers the number of workers
	 * @param jvmOptions extra JVM options
	 * @param startTimeout the start timeout
	 * @param dispatchThreads the dispatch threads of each worker
	 * @param mailboxCapacity the mailbox capacity in each worker
	 * @param maxConnectionsPerWorker connections per worker before it is recycled, 0 for
	 * no limit
	 * @param heartbeatInterval the heartbeat interval ({@code null} for the default)
	 * @param heartbeatTimeout the heartbeat timeout ({@code null} for the default)
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
		heartbeatInterval = (heartbeatInterval != null) ? heartbeatInterval : DEFAULT_HEARTBEAT_INTERVAL;
		heartbeatTimeout = (heartbeatTimeout != null) ? heartbeatTimeout : DEFAULT_HEARTBEAT_TIMEOUT;
		if (heartbeatInterval.isNegative() || heartbeatInterval.isZero()
				|| heartbeatTimeout.compareTo(heartbeatInterval) <= 0) {
			throw new IllegalArgumentException("the heartbeat interval must be positive and the timeout longer");
		}
	}

	/**
	 * Options with the default heartbeat.
	 * @param workers the number of workers
	 * @param jvmOptions extra JVM options
	 * @param startTimeout the start timeout
	 * @param dispatchThreads the dispatch threads of each worker
	 * @param mailboxCapacity the mailbox capacity in each worker
	 * @param maxConnectionsPerWorker connections per worker before it is recycled, 0 for
	 * no limit
	 */
	public WorkerOptions(int workers, List<String> jvmOptions, Duration startTimeout, int dispatchThreads,
			int mailboxCapacity, int maxConnectionsPerWorker) {
		this(workers, jvmOptions, startTimeout, dispatchThreads, mailboxCapacity, maxConnectionsPerWorker, null, null);
	}

	/**
	 * These options with workers recycled after a number of connections.
	 * @param connections connections per worker, 0 for no limit
	 * @return the options
	 */
	public WorkerOptions withMaxConnectionsPerWorker(int connections) {
		return new WorkerOptions(this.workers, this.jvmOptions, this.startTimeout, this.dispatchThreads,
				this.mailboxCapacity, connections, this.heartbeatInterval, this.heartbeatTimeout);
	}

	/**
	 * These options with another heartbeat.
	 * @param interval how often each worker is sent a heartbeat
	 * @param timeout how long a worker may leave it unanswered before it is killed
	 * @return the options
	 */
	public WorkerOptions withHeartbeat(Duration interval, Duration timeout) {
		return new WorkerOptions(this.workers, this.jvmOptions, this.startTimeout, this.dispatchThreads,
				this.mailboxCapacity, this.maxConnectionsPerWorker, interval, timeout);
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
