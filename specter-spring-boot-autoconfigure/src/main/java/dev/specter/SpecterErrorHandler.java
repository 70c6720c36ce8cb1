package dev.specter;

import dev.specter.event.SpecterEvent;

/**
 * Receives what a {@link SpecterListener @SpecterListener} method threw. The default
 * implementation logs it; define a bean of this type to count, alert or close the
 * connection. It must not throw.
 */
@FunctionalInterface
public interface SpecterErrorHandler {

	/**
	 * Handles a listener failure.
	 * @param event the event the listener was handling
	 * @param listener a description of the listener method
	 * @param failure what it threw
	 */
	void handleListenerFailure(SpecterEvent event, String listener, Throwable failure);

}
