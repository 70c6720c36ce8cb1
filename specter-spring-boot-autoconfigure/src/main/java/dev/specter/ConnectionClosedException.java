package dev.specter;

/**
 * Thrown (or used to fail a future) when a peer connection or data channel is closed or
 * closing, or when the Specter instance is closed (every call on a closed instance,
 * except the idempotent closes, throws it).
 */
public class ConnectionClosedException extends SpecterException {

	/**
	 * Creates the exception.
	 * @param message what went wrong
	 */
	public ConnectionClosedException(String message) {
		super(ErrorCode.CLOSED, message, null);
	}

}
