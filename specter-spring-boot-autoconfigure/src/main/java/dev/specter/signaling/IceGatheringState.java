package dev.specter.signaling;

import java.util.Locale;

/**
 * Possible states of the ICE gathering process. The values are those of the spec;
 * {@link #value()} gives the spec's atom.
 */
public enum IceGatheringState {

	/** {@code :unspecified}. */
	UNSPECIFIED,

	/** {@code :new}. */
	NEW,

	/** {@code :gathering}. */
	GATHERING,

	/** {@code :complete}. */
	COMPLETE;

	/**
	 * Returns the spec's name of this value.
	 * @return the lower-case name, e.g. {@code have_local_offer}
	 */
	public String value() {
		return name().toLowerCase(Locale.ROOT);
	}

}
