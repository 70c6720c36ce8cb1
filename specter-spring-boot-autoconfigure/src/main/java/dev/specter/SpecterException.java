package dev.specter;

/**
 * Base class of every error raised by Specter. Each carries an {@link ErrorCode}, so
 * callers can branch on the reason without parsing messages.
 */
public abstract class SpecterException extends RuntimeException {

	private final ErrorCode code;

	/**
	 * Creates an exception.
	 * @param code the reason
	 * @param message what went wrong, never containing SDP bodies or credentials
	 * @param cause the underlying failure, if any
	 */
	protected SpecterException(ErrorCode code, String message, Throwable cause) {
		super(message, cause);
		this.code = code;
	}

	/**
	 * Returns the reason of the failure.
	 * @return the error code
	 */
	public ErrorCode code() {
		return this.code;
	}

}
