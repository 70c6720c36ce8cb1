package dev.specter;

/**
 * Fails the future of an operation that did not complete within
 * {@code specter.operation-timeout}.
 */
public class OperationTimeoutException extends SpecterException {

	/**
	 * Creates the exception.
	 * @param message which operation timed out, and after how long
	 */
	public OperationTimeoutException(String message) {
		super(ErrorCode.TIMEOUT, message, null);
	}

}
