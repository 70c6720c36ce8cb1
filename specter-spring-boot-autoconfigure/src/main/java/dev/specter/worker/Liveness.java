package dev.specter.worker;

import java.util.concurrent.atomic.AtomicReference;

/**
 * How long a worker has left a heartbeat unanswered: the time since the oldest ping it
 * has not answered, counting only the time the application's reader of its socket was
 * waiting for it, not the time the reader spent handling what the worker had sent
 * (publishing events into a busy application). A slow application, or a heartbeat thread
 * that could not run for a while, never makes a healthy worker look hung.
 * <p>
 * The reader thread reports frames and answers; the heartbeat thread reports pings and
 * reads the silence (a reading racing a frame is off by that frame's handling time at
 * most).
 */
final class Liveness {

	/** The oldest unanswered ping: when, and the reader's busy time then. */
	private final AtomicReference<Mark> unanswered = new AtomicReference<>();

	/** Total time the reader spent handling frames (written by the reader only). */
	private volatile long busy;

	/** When the reader started handling the current frame, 0 while it waits. */
	private volatile long handlingSince;

	/** The reader got a frame and starts handling it. */
	void handling(long now) {
		this.handlingSince = now;
	}

	/** The reader is done with the frame and waits for the next one. */
	void waiting(long now) {
		long since = this.handlingSince;
		if (since != 0) {
			this.busy += now - since;
			this.handlingSince = 0;
		}
	}

	/** A ping is sent (on the heartbeat thread). */
	void pinged(long now) {
		this.unanswered.compareAndSet(null, new Mark(now, busyAt(now)));
	}

	/** The worker answered (on the reader). */
	void pong() {
		this.unanswered.set(null);
	}

	/**
	 * The time since the oldest unanswered ping during which the reader was waiting for
	 * the worker.
	 * @param now {@link System#nanoTime()}
	 * @return nanoseconds, 0 if every ping was answered
	 */
	long silentNanos(long now) {
		Mark ping = this.unanswered.get();
		return (ping != null) ? (now - ping.at()) - (busyAt(now) - ping.busy()) : 0;
	}

	private long busyAt(long now) {
		long since = this.handlingSince;
		return this.busy + ((since != 0) ? now - since : 0);
	}

	private record Mark(long at, long busy) {

	}

}
