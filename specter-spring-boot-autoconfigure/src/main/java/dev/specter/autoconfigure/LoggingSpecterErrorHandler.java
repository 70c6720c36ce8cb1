package dev.specter.autoconfigure;

import dev.specter.SpecterErrorHandler;
import dev.specter.event.SpecterEvent;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * The default {@link SpecterErrorHandler}: logs the failure at ERROR with the event type
 * and connection (never the event's payload, which may hold SDP or candidates).
 */
final class LoggingSpecterErrorHandler implements SpecterErrorHandler {

	private static final Log logger = LogFactory.getLog(SpecterErrorHandler.class);

	@Override
	public void handleListenerFailure(SpecterEvent event, String listener, Throwable failure) {
		logger.error("@SpecterListener " + listener + " failed on " + event.getClass().getSimpleName()
				+ " of peer connection " + event.peerConnection(), failure);
	}

}
