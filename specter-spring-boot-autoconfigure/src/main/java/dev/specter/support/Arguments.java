package dev.specter.support;

import dev.specter.ErrorCode;
import dev.specter.InvalidInputException;

/**
 * Argument checks with Specter's typed errors. Internal to Specter.
 */
public final class Arguments {

	private Arguments() {
	}

	/**
	 * Refuses a {@code null} argument with {@link ErrorCode#INVALID_ARGUMENT}.
	 * @param value the argument
	 * @param what what it is, as the message names it
	 */
	public static void requireNonNull(Object value, String what) {
		if (value == null) {
			throw new InvalidInputException(ErrorCode.INVALID_ARGUMENT, what + " must not be null");
		}
	}

}
