package dev.specter;

/**
 * Thrown when an argument is malformed: unparseable JSON, a missing key, a null or empty value,
 * or a value over a documented size limit.
 */
public class InvalidInputException extends SpecterException {

	/**
	 * Creates the exception.
	 * @param code {@link ErrorCode#INVALID_JSON}, {@link ErrorCode#INVALID_ARGUMENT},
	 * {@link ErrorCode#LIMIT_EXCEEDED} or {@link ErrorCode#INVALID_TRACK}
	 * @param message what is wrong with the input
	 */
	public InvalidInputException(ErrorCode code, String message) {
		super(code, message, null);
	}

}
