package dev.specter.dispatch;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.commons.logging.Log;

/**
 * The warning for an inline handler that holds a thread other connections wait for (the
 * engine's native thread in process, the thread that reads a worker's socket in worker
 * mode): the first slow call, then at most one line a minute, counting what it held with
 * {@link HandlerClock}, so a pre-empted thread on a busy machine is not blamed.
 * <p>
 * Internal to Specter: public only so the engine and worker packages can share it.
 */
public final class SlowHandlerWarning {

	/** Held time above which a handler call counts as slow. */
	public static final long SLOW_NANOS = TimeUnit.MILLISECONDS.toNanos(5);

	private static final long INTERVAL_NANOS = TimeUnit.MINUTES.toNanos(1);

	private final Log logger;

	private final String description;

	private final String thread;

	private final String waiting;

	private final AtomicLong slow = new AtomicLong();

	private volatile long lastWarning;

	/**
	 * Creates the warning of one handler.
	 * @param logger where the warning goes
	 * @param description the handler, as the warning names it
	 * @param thread the thread it holds, e.g. {@code "webrtc-java's native thread"}
	 * @param waiting who waits meanwhile, e.g. {@code "every peer connection"}
	 */
	public SlowHandlerWarning(Log logger, String description, String thread, String waiting) {
		this.logger = logger;
		this.description = description;
		this.thread = thread;
		this.waiting = waiting;
	}

	/**
	 * Checks one finished call, timed by a clock started before it, and warns if it was
	 * slow.
	 * @param clock the clock started before the call
	 */
	public void check(HandlerClock clock) {
		HandlerClock.Elapsed elapsed = clock.stopIfLongerThan(SLOW_NANOS);
		if (elapsed == null || elapsed.held() <= SLOW_NANOS) {
			return;
		}
		long count = this.slow.incrementAndGet();
		long now = System.nanoTime();
		if (count == 1 || now - this.lastWarning > INTERVAL_NANOS) {
			this.lastWarning = now;
			this.logger.warn(this.description + " held " + this.thread + " for "
					+ TimeUnit.NANOSECONDS.toMillis(elapsed.held()) + " ms (" + detail(elapsed) + "; " + count
					+ " call(s) over " + TimeUnit.NANOSECONDS.toMillis(SLOW_NANOS) + " ms so far); " + this.waiting
					+ " waited meanwhile. An inline handler must not block: hand slow work to an executor");
		}
	}

	/**
	 * How many calls were slow so far.
	 * @return the count
	 */
	public long slowCalls() {
		return this.slow.get();
	}

	private static String detail(HandlerClock.Elapsed elapsed) {
		if (elapsed.runQueue() >= 0) {
			return TimeUnit.NANOSECONDS.toMillis(elapsed.cpu()) + " ms on a CPU, not counting "
					+ TimeUnit.NANOSECONDS.toMillis(elapsed.runQueue()) + " ms waiting for one";
		}
		return (elapsed.cpu() >= 0) ? "thread CPU time" : "wall-clock time";
	}

}
