package dev.specter.dispatch;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * A serial, bounded queue of tasks for one peer connection, run on a shared executor: at
 * most one task of a mailbox runs at a time, in the order they were posted.
 * <p>
 * Overflow policy: when {@code capacity} tasks are waiting, a droppable task (an event)
 * is dropped and counted; the mailbox then reports the count through its overflow task
 * before the next task runs. Tasks that must not be lost (the closed event) are never
 * dropped.
 * <p>
 * Internal to Specter: public only so the engine package can use it; not part of the API.
 */
public final class Mailbox implements Runnable {

	private static final Log logger = LogFactory.getLog(Mailbox.class);

	private static final int BATCH = 64;

	private final String name;

	private final Executor executor;

	private final int capacity;

	private final ConcurrentLinkedQueue<Runnable> queue = new ConcurrentLinkedQueue<>();

	private final AtomicInteger size = new AtomicInteger();

	private final AtomicBoolean scheduled = new AtomicBoolean();

	private final AtomicInteger dropped = new AtomicInteger();

	private volatile @Nullable String firstDropped;

	private volatile boolean sealed;

	private volatile OverflowReporter overflowReporter = (count, first) -> {
	};

	public Mailbox(String name, Executor executor, int capacity) {
		this.name = name;
		this.executor = executor;
		this.capacity = capacity;
	}

	public void onOverflow(OverflowReporter reporter) {
		this.overflowReporter = reporter;
	}

	/**
	 * Posts a task. Returns {@code false} if it was dropped (mailbox full or sealed).
	 */
	public boolean post(Runnable task, boolean droppable, String description) {
		if (this.sealed) {
			return false;
		}
		if (droppable && this.size.get() >= this.capacity) {
			if (this.dropped.getAndIncrement() == 0) {
				this.firstDropped = description;
			}
			return false;
		}
		this.size.incrementAndGet();
		this.queue.add(task);
		schedule();
		return true;
	}

	/** Posts a last task; everything posted afterwards is ignored. */
	public void seal(Runnable last) {
		this.size.incrementAndGet();
		this.queue.add(last);
		this.sealed = true;
		schedule();
	}

	public int size() {
		return this.size.get();
	}

	private void schedule() {
		if (this.scheduled.compareAndSet(false, true)) {
			try {
				this.executor.execute(this);
			}
			catch (RejectedExecutionException ex) {
				this.scheduled.set(false);
				logger.debug("Mailbox " + this.name + " discarded tasks at shutdown");
			}
		}
	}

	@Override
	public void run() {
		try {
			for (int i = 0; i < BATCH; i++) {
				reportOverflow();
				Runnable task = this.queue.poll();
				if (task == null) {
					break;
				}
				this.size.decrementAndGet();
				try {
					task.run();
				}
				catch (Throwable ex) {
					logger.error("A task of " + this.name + " failed", ex);
				}
			}
		}
		finally {
			this.scheduled.set(false);
			if (!this.queue.isEmpty()) {
				schedule();
			}
		}
	}

	private void reportOverflow() {
		int count = this.dropped.get();
		if (count > 0) {
			String first = this.firstDropped;
			this.dropped.addAndGet(-count);
			try {
				this.overflowReporter.report(count, first);
			}
			catch (Throwable ex) {
				logger.error("Reporting dropped events of " + this.name + " failed", ex);
			}
		}
	}

	/**
	 * Told when a full mailbox drops events.
	 */
	@FunctionalInterface
	public interface OverflowReporter {

		void report(int count, String firstDropped);

	}

}
