package dev.specter.datachannel;

import dev.specter.DataChannelId;
import dev.specter.OperationRejectedException;
import dev.specter.PeerConnectionId;
import dev.specter.Specter;
import dev.specter.SpecterErrorHandler;
import dev.specter.SpecterListener;
import dev.specter.event.DataChannelMessage;

/**
 * Handles the messages of one data channel <em>on the engine's own thread</em>,
 * registered with
 * {@link Specter#handleMessagesInline(PeerConnectionId, DataChannelId, InlineMessageHandler)}.
 * It is the opt-in for request/response loops where latency matters more than isolation:
 * a {@link SpecterListener @SpecterListener} gets every message on Specter's dispatch
 * threads, one thread hand-off after the engine, and its reply is one more hand-off back
 * to the engine; an inline handler and its {@link InlineReply} cost neither.
 * <p>
 * The price is the engine's thread: every peer connection of the JVM shares it, so the
 * handler must return within microseconds and must never block, sleep, wait on a future
 * or do I/O. It cannot call {@link Specter} (such calls throw
 * {@link OperationRejectedException} rather than risk a deadlock); it replies through the
 * {@code reply} argument, and hands anything slower to an executor of its own. A call
 * that holds the thread for more than 5 ms is logged at WARN (the first time, then at
 * most once a minute). What it throws is caught and reported to the
 * {@link SpecterErrorHandler} on a dispatch thread; the handler stays registered and the
 * engine is never disturbed.
 */
@FunctionalInterface
public interface InlineMessageHandler {

	/**
	 * Handles one message. Calls are serial, in the order the messages arrived.
	 * @param message the message (its bytes are already copied out of the engine)
	 * @param reply sends on the same channel without leaving the engine's thread
	 * @throws Exception anything: reported to the {@link SpecterErrorHandler}
	 */
	void onMessage(DataChannelMessage message, InlineReply reply) throws Exception;

}
