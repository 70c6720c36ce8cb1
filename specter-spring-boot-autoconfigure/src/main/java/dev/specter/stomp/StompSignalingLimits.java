package dev.specter.stomp;

/**
 * How many peer connections STOMP signaling lets one client hold at a time. Only
 * connections that still exist count: a close frees its slot at once.
 *
 * @param perSession the most one STOMP session may own
 * @param perUser the most the sessions of one authenticated user may own together
 * @param perAddress the most the anonymous sessions of one remote IP address may own
 * together
 */
public record StompSignalingLimits(int perSession, int perUser, int perAddress) {

	/** Defaults: 4 per session, 16 per user, 16 per address. */
	public static final StompSignalingLimits DEFAULTS = new StompSignalingLimits(4, 16, 16);

	/**
	 * Validates the limits.
	 * @param perSession at least 1
	 * @param perUser at least 1
	 * @param perAddress at least 1
	 */
	public StompSignalingLimits {
		if (perSession < 1 || perUser < 1 || perAddress < 1) {
			throw new IllegalArgumentException("signaling limits must be at least 1");
		}
	}

}
