package dev.specter.webrtc;

import java.util.function.LongSupplier;

/**
 * How many ICE restarts a remote peer may still start on one connection: a token bucket
 * that holds up to 3 and refills at {@code perMinute} a minute. Not thread-safe: the
 * connection's lock guards it.
 */
final class IceRestartBudget {

	private static final int BURST = 3;

	private final int perMinute;

	private final LongSupplier nanoClock;

	private final double capacity;

	private double tokens;

	private long refilledAt;

	IceRestartBudget(int perMinute, LongSupplier nanoClock) {
		if (perMinute < 1) {
			throw new IllegalArgumentException("at least one ICE restart a minute");
		}
		this.perMinute = perMinute;
		this.nanoClock = nanoClock;
		this.capacity = Math.min(BURST, perMinute);
		this.tokens = this.capacity;
		this.refilledAt = nanoClock.getAsLong();
	}

	/** The limit this budget was made with. */
	int perMinute() {
		return this.perMinute;
	}

	/**
	 * Takes one restart from the budget.
	 * @return {@code false} if none is left now
	 */
	boolean tryTake() {
		long now = this.nanoClock.getAsLong();
		this.tokens = Math.min(this.capacity, this.tokens + (now - this.refilledAt) * this.perMinute / 60e9);
		this.refilledAt = now;
		if (this.tokens < 1) {
			return false;
		}
		this.tokens -= 1;
		return true;
	}

}
