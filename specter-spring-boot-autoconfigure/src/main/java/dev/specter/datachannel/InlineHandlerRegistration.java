package dev.specter.datachannel;

import dev.specter.SpecterErrorHandler;

/**
 * The registration of an {@link InlineMessageHandler} on a data channel. It ends when
 * closed, or when the channel or its peer connection closes; from then on the channel's
 * messages are published as {@link dev.specter.event.DataChannelMessage} events again.
 */
public interface InlineHandlerRegistration extends AutoCloseable {

	/**
	 * Returns how many messages the handler returned from normally.
	 * @return the count
	 */
	long handled();

	/**
	 * Returns how many messages the handler threw on (each reported to the
	 * {@link SpecterErrorHandler}).
	 * @return the count
	 */
	long failed();

	/**
	 * Whether the handler still receives the channel's messages.
	 * @return {@code false} once closed, or once the channel or connection closed
	 */
	boolean isActive();

	/**
	 * Unregisters the handler. A call that is running finishes; later messages become
	 * events. Closing twice is harmless.
	 */
	@Override
	void close();

}
