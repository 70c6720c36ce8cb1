package dev.specter.webrtc;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * The closed data channels of one connection: each is disposed off the native thread and
 * then kept (so that its state still answers {@code CLOSED}) among the {@code capacity}
 * most recently closed; the oldest beyond that are forgotten. One task at a time does the
 * work, in the order the channels closed.
 *
 * @param <T> the channel type
 */
final class ClosedChannels<T> {

	private final int capacity;

	private final Executor executor;

	private final Consumer<T> dispose;

	private final Consumer<T> forget;

	private final BooleanSupplier stopped;

	/** Channels that closed and wait to be disposed. */
	private final Queue<T> waiting = new ConcurrentLinkedQueue<>();

	/** Whether a task is scheduled or running. */
	private final AtomicBoolean running = new AtomicBoolean();

	/**
	 * The disposed channels still kept, oldest first; used by one task at a time (ordered
	 * by {@link #running}).
	 */
	private final Deque<T> kept = new ArrayDeque<>();

	/**
	 * Creates the bookkeeping of one connection.
	 * @param capacity the closed channels kept
	 * @param executor where disposing runs (never the native thread)
	 * @param dispose frees a channel
	 * @param forget removes a channel from its connection
	 * @param stopped whether the connection is closing (its close frees what is left)
	 */
	ClosedChannels(int capacity, Executor executor, Consumer<T> dispose, Consumer<T> forget, BooleanSupplier stopped) {
		this.capacity = capacity;
		this.executor = executor;
		this.dispose = dispose;
		this.forget = forget;
		this.stopped = stopped;
	}

	/** A channel reached {@code CLOSED}; any thread, never blocks. */
	void closed(T channel) {
		if (this.stopped.getAsBoolean()) {
			return;
		}
		this.waiting.add(channel);
		if (this.running.compareAndSet(false, true)) {
			try {
				this.executor.execute(this::drain);
			}
			catch (RuntimeException ex) {
				// Shutting down: the connection's close frees what is left.
				this.running.set(false);
			}
		}
	}

	private void drain() {
		do {
			try {
				T next;
				while ((next = this.waiting.poll()) != null) {
					if (this.stopped.getAsBoolean()) {
						this.waiting.clear();
						return;
					}
					this.dispose.accept(next);
					this.kept.add(next);
					while (this.kept.size() > this.capacity) {
						this.forget.accept(this.kept.poll());
					}
				}
			}
			finally {
				this.running.set(false);
			}
		}
		while (!this.waiting.isEmpty() && this.running.compareAndSet(false, true));
	}

}
