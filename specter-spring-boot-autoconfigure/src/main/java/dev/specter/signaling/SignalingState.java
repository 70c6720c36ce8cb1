package dev.specter.signaling;

import java.util.Locale;

/**
 * Possible states of the offer/answer negotiation. The values are those of the spec;
 * {@link #value()} gives the spec's atom.
 */
public enum SignalingState {

	/** {@code :unspecified}. */
	UNSPECIFIED,

	/** {@code :stable}. */
	STABLE,

	/** {@code :have_local_offer}. */
	HAVE_LOCAL_OFFER,

	/** {@code :have_remote_offer}. */
	HAVE_REMOTE_OFFER,

	/** {@code :have_local_pranswer}. */
	HAVE_LOCAL_PRANSWER,

	/** {@code :have_remote_pranswer}. */
	HAVE_REMOTE_PRANSWER,

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
