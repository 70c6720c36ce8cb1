package dev.specter;

import dev.specter.datachannel.DataChannelState;

/**
 * Fails a send on a data channel that is still connecting; wait for its
 * {@link DataChannelState#OPEN} state event.
 */
public class ChannelNotOpenException extends SpecterException {

	/**
	 * Creates the exception.
	 * @param message which channel, and its state
	 */
	public ChannelNotOpenException(String message) {
		super(ErrorCode.NOT_OPEN, message, null);
	}

}
