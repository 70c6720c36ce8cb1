package dev.specter.worker;

import java.time.Duration;
import java.util.Collection;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Finds workers that are alive but hung (a stopped JVM, a deadlock in native code): every
 * interval it sends each live worker a {@link Frames#PING}, which the worker's socket
 * reader answers between two calls, off webrtc-java's threads and the dispatch threads; a
 * worker that has not answered for the timeout (counting only the time the application
 * was waiting for it, see {@link Liveness}) is killed, and its death is handled as a
 * crash's.
 */
final class WorkerHeartbeat implements AutoCloseable {

	private static final Log logger = LogFactory.getLog(WorkerHeartbeat.class);

	private final Duration interval;

	private final Duration timeout;

	private final Supplier<Collection<WorkerProcess>> workers;

	private final Runnable onKill;

	private final AtomicLong ids = new AtomicLong();

	private final ScheduledExecutorService scheduler;

	/**
	 * Starts the heartbeat.
	 * @param interval how often each worker is asked
	 * @param timeout how long a worker may stay silent before it is killed
	 * @param workers the workers now
	 * @param onKill told after a worker was killed
	 */
	WorkerHeartbeat(Duration interval, Duration timeout, Supplier<Collection<WorkerProcess>> workers, Runnable onKill) {
		this.interval = interval;
		this.timeout = timeout;
		this.workers = workers;
		this.onKill = onKill;
		this.scheduler = Executors.newSingleThreadScheduledExecutor((task) -> {
			Thread thread = new Thread(() -> {
				// never waits for a worker's socket (a hung worker's included)
				Frames.markReader();
				task.run();
			}, "specter-worker-heartbeat");
			thread.setDaemon(true);
			return thread;
		});
		this.scheduler.scheduleWithFixedDelay(this::beat, interval.toNanos(), interval.toNanos(), TimeUnit.NANOSECONDS);
	}

	private void beat() {
		try {
			long now = System.nanoTime();
			for (WorkerProcess worker : this.workers.get()) {
				if (!worker.alive() || worker.killedBecause() != null) {
					continue;
				}
				long silent = worker.liveness().silentNanos(now);
				if (silent > this.timeout.toNanos()) {
					String reason = "no heartbeat answer for " + Duration.ofNanos(silent).toMillis() + " ms (timeout "
							+ this.timeout.toMillis() + " ms)";
					logger.error("Specter " + worker + " is hung: " + reason + "; killing it");
					worker.kill(reason);
					this.onKill.run();
				}
				else {
					worker.ping(this.ids.incrementAndGet());
				}
			}
		}
		catch (Throwable ex) {
			logger.error("Specter worker heartbeat failed", ex);
		}
	}

	Duration interval() {
		return this.interval;
	}

	@Override
	public void close() {
		this.scheduler.shutdownNow();
	}

}
