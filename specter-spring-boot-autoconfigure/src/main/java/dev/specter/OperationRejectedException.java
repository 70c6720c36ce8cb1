package dev.specter;

/**
 * Fails the future of an operation that the WebRTC engine refused: malformed SDP, a
 * malformed candidate, a description that does not fit the signaling state, a failed
 * offer or answer.
 */
public class OperationRejectedException extends SpecterException {

	/**
	 * Creates the exception.
	 * @param message the engine's reason
	 */
	public OperationRejectedException(String message) {
		super(ErrorCode.REJECTED, message, null);
	}

}
