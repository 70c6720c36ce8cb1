package dev.specter.datachannel;

import dev.specter.ErrorCode;
import dev.specter.Specter;

/**
 * Sends on the data channel an {@link InlineMessageHandler} is registered on. Called by
 * the handler, a send goes to the engine on the engine's thread, with no hand-off; when
 * the channel's send queue is busy (a large message or another thread's send is in
 * progress) the message joins the queue behind it instead of waiting, so the handler
 * never blocks. Called from any other thread it behaves as {@link Specter#sendText} /
 * {@link Specter#sendBinary}. Messages sent through one reply keep their order. A message
 * still queued when the channel closes is dropped.
 */
public interface InlineReply {

	/**
	 * Sends a text message.
	 * @param text the text, sent as UTF-8
	 * @throws InvalidInputException ({@link ErrorCode#INVALID_ARGUMENT}) for
	 * {@code null}; ({@link ErrorCode#LIMIT_EXCEEDED}) beyond
	 * {@code specter.limits.max-message-size}
	 * @throws ChannelNotOpenException if the channel is not open
	 */
	void sendText(String text);

	/**
	 * Sends a binary message.
	 * @param data the bytes (copied)
	 * @throws InvalidInputException ({@link ErrorCode#INVALID_ARGUMENT}) for
	 * {@code null}; ({@link ErrorCode#LIMIT_EXCEEDED}) beyond
	 * {@code specter.limits.max-message-size}
	 * @throws ChannelNotOpenException if the channel is not open
	 */
	void sendBinary(byte[] data);

}
