package dev.specter;

/**
 * Thrown by an operation this configuration does not offer: with
 * {@code specter.engine.isolation=workers}, local tracks, file playback and received
 * media (stage 1 of worker mode runs signaling, ICE, data channels and stats).
 */
public class OperationUnsupportedException extends SpecterException {

	/**
	 * Creates the exception.
	 * @param message which operation, and what to use instead
	 */
	public OperationUnsupportedException(String message) {
		super(ErrorCode.UNSUPPORTED, message, null);
	}

}
