package dev.specter.datachannel;

import java.util.Locale;

/**
 * Possible states of a data channel. The values are those of the spec; {@link #value()}
 * gives the spec's atom.
 */
public enum DataChannelState {

	/** {@code :connecting}. */
	CONNECTING,

	/** {@code :open}. */
	OPEN,

	/** {@code :closing}. */
	CLOSING,

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
