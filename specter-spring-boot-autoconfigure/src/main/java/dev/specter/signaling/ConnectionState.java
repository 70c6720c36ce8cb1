package dev.specter.signaling;

import java.util.Locale;

/**
 * Possible states of a peer connection. The values are those of the spec;
 * {@link #value()} gives the spec's atom.
 */
public enum ConnectionState {

	/** {@code :unspecified}. */
	UNSPECIFIED,

	/** {@code :new}. */
	NEW,

	/** {@code :connecting}. */
	CONNECTING,

	/** {@code :connected}. */
	CONNECTED,

	/** {@code :disconnected}. */
	DISCONNECTED,

	/** {@code :failed}. */
	FAILED,

	/** {@code :closed}. */
	CLOSED;

	/**
	 * Returns the spec's name of this value.
	 * @return the lower-case name, e.g. {@code have_local_offer}
	 */
	public String value() {
		return name().toLowerCase(Locale.ROOT);
	}

}
