package dev.specter.webrtc;

import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads that decode media files and push their frames to local tracks, paced by the
 * frames' deadlines. Playback never runs on webrtc-java's threads nor on the dispatch
 * threads (decoding one frame takes milliseconds, which would hold up events). Shared by
 * every Specter instance of an application; daemon threads, stopped when the factory
 * closes. Every frame of a track must be pushed from the same thread, so the application
 * uses a single one.
 */
public final class MediaScheduler implements AutoCloseable {

	private final ScheduledThreadPoolExecutor executor;

	/**
	 * Creates the scheduler.
	 * @param threads the number of media threads
	 */
	public MediaScheduler(int threads) {
		AtomicInteger count = new AtomicInteger();
		this.executor = new ScheduledThreadPoolExecutor(threads, (runnable) -> {
			Thread thread = new Thread(runnable, "specter-media-" + count.incrementAndGet());
			thread.setDaemon(true);
			return thread;
		});
		this.executor.setRemoveOnCancelPolicy(true);
	}

	/**
	 * Runs a task after a delay; returns {@code null} once the scheduler is closed.
	 */
	ScheduledFuture<?> schedule(Runnable task, long delayNanos) {
		try {
			return this.executor.schedule(task, Math.max(0, delayNanos), TimeUnit.NANOSECONDS);
		}
		catch (RejectedExecutionException ex) {
			return null;
		}
	}

	boolean isClosed() {
		return this.executor.isShutdown();
	}

	/** Stops the media threads, waiting up to 2 seconds for a frame being decoded. */
	@Override
	public void close() {
		this.executor.shutdownNow();
		try {
			this.executor.awaitTermination(2, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
