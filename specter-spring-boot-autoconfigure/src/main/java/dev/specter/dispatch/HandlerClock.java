package dev.specter.dispatch;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * How long code running on the current thread held it, not counting the time the thread
 * waited for a CPU: on a busy machine a thread is pre-empted, and wall-clock time then
 * blames a trivial handler for the scheduler's queue.
 * <p>
 * On Linux the clock reads {@code /proc/thread-self/schedstat} (one {@code pread}, 1.5 µs
 * on the benchmark machine under load, so {@link #stopIfLongerThan} skips the second read
 * when wall-clock time already rules the call out): the thread's time on a CPU and its
 * time waiting on a run queue. Held time is wall-clock time minus run-queue wait, so a
 * handler that blocks (sleeps, waits on a lock or on I/O) still counts in full, and one
 * that was merely pre-empted does not. Where schedstat is unavailable, held time is the
 * thread's CPU time ({@link ThreadMXBean#getCurrentThreadCpuTime()}, about 0.2 µs), which
 * misses blocking; where that is unsupported too, it is wall-clock time.
 */
public final class HandlerClock {

	private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

	private static final boolean CPU_TIME = cpuTimeSupported();

	/**
	 * Each thread's own schedstat file, opened on first use (a file opened through
	 * {@code thread-self} stays the opening thread's). Closed by its cleaner once the
	 * thread is gone.
	 */
	private static final ThreadLocal<Schedstat> SCHEDSTAT = ThreadLocal.withInitial(Schedstat::open);

	private long wall;

	private long cpu;

	private long runQueue;

	/** Whether {@link #start()} read schedstat (then so must {@link #stop()}). */
	private boolean schedstat;

	private HandlerClock() {
	}

	/** Starts timing the current thread. */
	public static HandlerClock start() {
		HandlerClock clock = new HandlerClock();
		Schedstat schedstat = SCHEDSTAT.get();
		if (schedstat.read()) {
			clock.schedstat = true;
			clock.cpu = schedstat.cpu;
			clock.runQueue = schedstat.runQueue;
		}
		else if (CPU_TIME) {
			clock.cpu = THREADS.getCurrentThreadCpuTime();
		}
		clock.wall = System.nanoTime();
		return clock;
	}

	/**
	 * What the current thread spent since {@link #start()}: wall-clock, CPU, run-queue
	 * wait and held time (wall-clock minus run-queue wait), in nanoseconds.
	 */
	public Elapsed stop() {
		return stop(System.nanoTime() - this.wall);
	}

	/**
	 * Like {@link #stop()}, but only for a call that may have held the thread longer than
	 * a bound: held time is never more than wall-clock time, so a call whose wall-clock
	 * time is within the bound returns {@code null} without reading the thread's counters
	 * again (the common case of a fast handler pays one read instead of two).
	 * @param heldNanos the bound
	 * @return what the thread spent, or {@code null} if it cannot have held it longer
	 * than {@code heldNanos}
	 */
	public Elapsed stopIfLongerThan(long heldNanos) {
		long wallElapsed = System.nanoTime() - this.wall;
		return (wallElapsed <= heldNanos) ? null : stop(wallElapsed);
	}

	private Elapsed stop(long wallElapsed) {
		Schedstat schedstat = SCHEDSTAT.get();
		if (this.schedstat && schedstat.read()) {
			long queued = Math.max(0, schedstat.runQueue - this.runQueue);
			return new Elapsed(wallElapsed, schedstat.cpu - this.cpu, queued, Math.max(0, wallElapsed - queued));
		}
		if (CPU_TIME && !this.schedstat) {
			long cpuElapsed = THREADS.getCurrentThreadCpuTime() - this.cpu;
			return new Elapsed(wallElapsed, cpuElapsed, -1, cpuElapsed);
		}
		return new Elapsed(wallElapsed, -1, -1, wallElapsed);
	}

	private static boolean cpuTimeSupported() {
		try {
			return THREADS.isCurrentThreadCpuTimeSupported() && THREADS.isThreadCpuTimeEnabled();
		}
		catch (Throwable ex) {
			return false;
		}
	}

	/**
	 * Time spent by the current thread: {@code cpu} and {@code runQueue} are -1 when
	 * unknown; {@code held} is what a handler is accountable for.
	 */
	public record Elapsed(long wall, long cpu, long runQueue, long held) {

	}

	/** The current thread's {@code /proc/thread-self/schedstat}, if readable. */
	private static final class Schedstat {

		private final FileChannel file;

		private final ByteBuffer buffer = ByteBuffer.allocate(96);

		private long cpu;

		private long runQueue;

		private Schedstat(FileChannel file) {
			this.file = file;
		}

		static Schedstat open() {
			try {
				return new Schedstat(FileChannel.open(Path.of("/proc/thread-self/schedstat"), StandardOpenOption.READ));
			}
			catch (IOException | RuntimeException ex) {
				return new Schedstat(null);
			}
		}

		/** "cpu-ns run-queue-ns timeslices\n"; false if unavailable. */
		boolean read() {
			if (this.file == null) {
				return false;
			}
			try {
				this.buffer.clear();
				int length = this.file.read(this.buffer, 0);
				int i = 0;
				long first = 0;
				while (i < length && this.buffer.get(i) != ' ') {
					first = first * 10 + (this.buffer.get(i++) - '0');
				}
				i++;
				long second = 0;
				while (i < length && this.buffer.get(i) >= '0' && this.buffer.get(i) <= '9') {
					second = second * 10 + (this.buffer.get(i++) - '0');
				}
				if (i >= length) {
					return false;
				}
				this.cpu = first;
				this.runQueue = second;
				return true;
			}
			catch (IOException | RuntimeException ex) {
				return false;
			}
		}

	}

}
