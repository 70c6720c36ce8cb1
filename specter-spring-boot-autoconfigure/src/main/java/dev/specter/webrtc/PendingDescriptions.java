package dev.specter.webrtc;

import java.time.Duration;

import dev.specter.OperationTimeoutException;

/**
 * The descriptions of one connection handed to the engine whose observer has not answered
 * yet.
 * <p>
 * libwebrtc applies a description on its signaling thread, usually inside the call that
 * hands it over (under the session's lock), but later when its operations chain is busy
 * (a description set while an offer is still being created). Applying one may free
 * transceivers, receivers and senders (see {@link LiveTransceivers}). A native call on
 * one of those is safe only while no description is pending: then nothing can free them
 * until the session's lock, which every description needs, is released.
 * {@link #awaitNone} is called with the lock held; the observers that end a pending
 * description never take it, so the wait always ends.
 */
final class PendingDescriptions {

	private int pending;

	/**
	 * The engine's signaling thread, learnt from its callbacks: it never waits for
	 * itself.
	 */
	private volatile Thread signalingThread;

	synchronized void begin() {
		this.pending++;
	}

	/** A description's observer answered (on the signaling thread). */
	synchronized void end() {
		this.signalingThread = Thread.currentThread();
		if (this.pending > 0) {
			this.pending--;
		}
		notifyAll();
	}

	/** The native call failed synchronously: its observer will never answer. */
	synchronized void abandon() {
		if (this.pending > 0) {
			this.pending--;
		}
		notifyAll();
	}

	/** The connection closed: observers may never answer, and nobody waits any more. */
	synchronized void release() {
		this.pending = 0;
		notifyAll();
	}

	synchronized int pending() {
		return this.pending;
	}

	/**
	 * Waits until no description is pending.
	 * @param timeout how long at most
	 * @param what the connection, for the message
	 * @throws OperationTimeoutException if one is still pending after the timeout
	 */
	synchronized void awaitNone(Duration timeout, Object what) {
		if (Thread.currentThread() == this.signalingThread) {
			return; // on the signaling thread nothing is applied concurrently
		}
		long deadline = System.nanoTime() + timeout.toNanos();
		boolean interrupted = false;
		try {
			while (this.pending > 0) {
				long left = deadline - System.nanoTime();
				if (left <= 0) {
					throw new OperationTimeoutException(
							"a description applied to " + what + " did not complete within " + timeout);
				}
				try {
					wait(Math.max(1, left / 1_000_000));
				}
				catch (InterruptedException ex) {
					interrupted = true;
				}
			}
		}
		finally {
			if (interrupted) {
				Thread.currentThread().interrupt();
			}
		}
	}

}
