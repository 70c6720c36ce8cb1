package dev.specter.signaling;

import java.util.Locale;

import dev.specter.ErrorCode;
import dev.specter.InvalidInputException;

/** The type of a session description, as in the {@code type} key of its JSON form. */
public enum SdpType {

	/** An offer. */
	OFFER("offer"),

	/** A provisional answer. */
	PRANSWER("pranswer"),

	/** A final answer. */
	ANSWER("answer"),

	/** A rollback of the pending description. */
	ROLLBACK("rollback");

	private final String value;

	SdpType(String value) {
		this.value = value;
	}

	/**
	 * Returns the JSON value of this type.
	 * @return {@code offer}, {@code pranswer}, {@code answer} or {@code rollback}
	 */
	public String value() {
		return this.value;
	}

	/**
	 * Returns the type of the given JSON value.
	 * @param value the JSON value
	 * @return the type
	 * @throws InvalidInputException if the value names no type
	 */
	public static SdpType fromValue(String value) {
		if (value != null) {
			String lower = value.toLowerCase(Locale.ROOT);
			for (SdpType type : values()) {
				if (type.value.equals(lower)) {
					return type;
				}
			}
		}
		throw new InvalidInputException(ErrorCode.INVALID_JSON,
				"session description type must be one of offer, pranswer, answer, rollback");
	}

}
