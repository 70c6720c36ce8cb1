package dev.specter.signaling;

import java.util.Locale;

/**
 * The ICE role of a connection's agent (RFC 8445 section 6.1.1), as ExICE's
 * {@code role()}.
 */
public enum IceRole {

	/**
	 * {@code :controlling}: the agent nominates the pair (the offerer, with full ICE).
	 */
	CONTROLLING,

	/** {@code :controlled}. */
	CONTROLLED,

	/** Not determined yet (no transport, or the engine does not report it). */
	UNKNOWN;

	/**
	 * Returns the lower-case name, as the spec's atom.
	 * @return the value
	 */
	public String value() {
		return name().toLowerCase(Locale.ROOT);
	}

}
