package dev.specter.webrtc;

import java.util.concurrent.atomic.AtomicInteger;

import dev.specter.ErrorCode;
import dev.specter.InvalidInputException;

/**
 * Counts the peer connections of one Specter instance against its limit. A slot is taken
 * before the native connection is created and given back when the connection leaves the
 * instance's table (on the caller's thread, before {@code closePeerConnection} returns),
 * so a connection created right after a close always finds its slot.
 */
final class ConnectionSlots {

	private final int max;

	private final AtomicInteger used = new AtomicInteger();

	ConnectionSlots(int max) {
		this.max = max;
	}

	/**
	 * Takes a slot.
	 * @throws InvalidInputException with {@link ErrorCode#LIMIT_EXCEEDED} if none is free
	 */
	void acquire() {
		int current;
		do {
			current = this.used.get();
			if (current >= this.max) {
				throw new InvalidInputException(ErrorCode.LIMIT_EXCEEDED, "this Specter already holds " + this.max
						+ " peer connections (specter.limits.max-peer-connections)");
			}
		}
		while (!this.used.compareAndSet(current, current + 1));
	}

	void release() {
		this.used.decrementAndGet();
	}

	int used() {
		return this.used.get();
	}

}
