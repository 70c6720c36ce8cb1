package dev.specter.dispatch;

import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * The dispatch pool's task queue: a worker that finds it empty polls it for a few tens of
 * microseconds before it parks, so that a task posted right after (the next event of a
 * conversation, the echo of a message just sent) is taken without a wake-up. At most one
 * worker spins at a time, and only briefly, so that on a machine with few, contested
 * cores the spinning takes little from the threads doing the work; while one spins, a new
 * task wakes no parked worker.
 * <p>
 * Workers wait in {@link #take()} only (the pool's threads are all core threads that
 * never time out); the inherited timed {@code poll} still works.
 */
final class SpinningQueue extends LinkedBlockingQueue<Runnable> {

	private static final long serialVersionUID = 1L;

	private final transient AtomicInteger spinners = new AtomicInteger();

	private final transient ConcurrentLinkedDeque<Thread> parked = new ConcurrentLinkedDeque<>();

	private final long spinNanos;

	SpinningQueue(long spinNanos) {
		this.spinNanos = spinNanos;
	}

	@Override
	public boolean offer(Runnable task) {
		boolean added = super.offer(task);
		if (added && this.spinners.get() == 0) {
			wakeOne();
		}
		return added;
	}

	private void wakeOne() {
		Thread waiter = this.parked.pollFirst();
		if (waiter != null) {
			LockSupport.unpark(waiter);
		}
	}

	@Override
	public void put(Runnable task) {
		if (!offer(task)) {
			throw new IllegalStateException("Unbounded queue refused a task");
		}
	}

	@Override
	public Runnable take() throws InterruptedException {
		Runnable task = poll();
		if (task != null) {
			return task;
		}
		task = spin();
		if (task != null) {
			return task;
		}
		Thread self = Thread.currentThread();
		while (true) {
			this.parked.addFirst(self);
			task = poll();
			if (task != null) {
				this.parked.remove(self);
				return task;
			}
			LockSupport.park(this);
			this.parked.remove(self);
			if (Thread.interrupted()) {
				throw new InterruptedException();
			}
			task = poll();
			if (task != null) {
				return task;
			}
		}
	}

	private Runnable spin() {
		if (this.spinNanos <= 0 || this.spinners.get() != 0 || !this.spinners.compareAndSet(0, 1)) {
			return null;
		}
		try {
			long deadline = System.nanoTime() + this.spinNanos;
			do {
				Thread.onSpinWait();
				Runnable task = poll();
				if (task != null) {
					return task;
				}
			}
			while (System.nanoTime() - deadline < 0);
			return null;
		}
		finally {
			this.spinners.set(0);
			// Tasks offered while this thread spun woke nobody.
			if (!isEmpty()) {
				wakeOne();
			}
		}
	}

}
