package dev.specter;

/**
 * Thrown when an id names nothing this Specter holds: never created, already consumed (a
 * media engine or registry passed to {@code newApi}) or closed.
 */
public class NotFoundException extends SpecterException {

	/**
	 * Creates the exception.
	 * @param message what went wrong
	 */
	public NotFoundException(String message) {
		super(ErrorCode.NOT_FOUND, message, null);
	}

}
