package dev.specter;

/**
 * Thrown when an argument is malformed: unparseable JSON, a missing key, a null or empty
 * value, a value over a documented size limit, a track that is not one of this Specter's,
 * or a media file that cannot be played.
 */
public class InvalidInputException extends SpecterException {

	/**
	 * Creates the exception.
	 * @param code {@link ErrorCode#INVALID_JSON}, {@link ErrorCode#INVALID_ARGUMENT},
	 * {@link ErrorCode#LIMIT_EXCEEDED}, {@link ErrorCode#INVALID_TRACK} or
	 * {@link ErrorCode#INVALID_MEDIA}
	 * @param message what is wrong with the input
	 */
	public InvalidInputException(ErrorCode code, String message) {
		super(code, message, null);
	}

}
