package dev.specter.webrtc;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The bytes of received data-channel messages that wait for the listeners of all the
 * connections of one Specter instance
 * ({@code specter.data-channel.max-queued-bytes-total}), shared by their
 * {@link ReceivedMessages}. Each connection keeps its own bound
 * ({@code specter.data-channel.max-queued-bytes}); this total is a cap over all of them,
 * so that many connections (one client may hold several) cannot multiply the
 * per-connection bound into gigabytes of heap.
 * <p>
 * A connection that has nothing waiting may always take one message, whatever the total:
 * so no other connections, however many and however slow their listeners, can starve it
 * forever; it goes on one message at a time while the total is full. What waits is thus
 * at most the total plus one message per connection that has nothing else waiting (the
 * engine receives messages of at most 256 KiB).
 * <p>
 * Internal to Specter: public only so that the worker package can use it; not part of the
 * API.
 */
public final class ReceivedBytes {

	private final long max;

	private final AtomicLong queued = new AtomicLong();

	/**
	 * A budget shared by connections.
	 * @param max the bytes that may wait in all of them (see
	 * {@link RuntimeSettings#maxQueuedBytesTotal()})
	 */
	public ReceivedBytes(long max) {
		if (max < 1) {
			throw new IllegalArgumentException("max must be positive");
		}
		this.max = max;
	}

	/**
	 * Takes {@code size} bytes from the budget if they fit, or if the connection taking
	 * them has nothing waiting.
	 * @param size the bytes
	 * @param alone whether the connection has nothing else waiting
	 * @return whether they were taken (then {@link #release(long)} them once published)
	 */
	boolean reserve(long size, boolean alone) {
		long now = this.queued.addAndGet(size);
		if (now > this.max && !alone && now != size) {
			this.queued.addAndGet(-size);
			return false;
		}
		return true;
	}

	/**
	 * Gives back bytes taken by {@link #reserve(long, boolean)}.
	 * @param size the bytes
	 */
	void release(long size) {
		this.queued.addAndGet(-size);
	}

	/**
	 * Bytes of received messages waiting in all the connections sharing this budget.
	 * @return the bytes
	 */
	public long queuedBytes() {
		return this.queued.get();
	}

	/**
	 * The most bytes that may wait (beyond one message per connection with nothing else
	 * waiting).
	 * @return the bytes
	 */
	public long maxBytes() {
		return this.max;
	}

}
