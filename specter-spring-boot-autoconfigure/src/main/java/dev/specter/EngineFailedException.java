package dev.specter;

/**
 * Fails the pending operations of a worker process that died
 * ({@code specter.engine.isolation=workers}): its connections are closed with
 * {@link dev.specter.event.PeerConnectionClosed.Reason#ENGINE_FAILED}.
 */
public class EngineFailedException extends SpecterException {

	/**
	 * Creates the exception.
	 * @param message which worker failed, and how
	 */
	public EngineFailedException(String message) {
		super(ErrorCode.ENGINE_FAILED, message, null);
	}

}
