package dev.specter;

import java.time.Duration;

import dev.specter.datachannel.InlineMessageHandler;

/**
 * Observes what every Specter instance does, for metrics and tracing: the outcome and
 * duration of each asynchronous operation and each data-channel message handed to the
 * engine. Define beans of this type; the auto-configured {@link SpecterFactory} calls all
 * of them, for the default instance and for every instance it creates. Methods run on the
 * thread that did the work (a dispatch thread, the application thread of a send, or the
 * engine's own thread for the replies of an {@link InlineMessageHandler}), so they must
 * be quick, must never block and must not throw (what they throw is logged and ignored).
 */
public interface SpecterObserver {

	/** An observer that does nothing. */
	SpecterObserver NONE = new SpecterObserver() {
	};

	/**
	 * Called when an operation's future completes.
	 * @param specter the instance
	 * @param peerConnection the connection
	 * @param operation the operation
	 * @param duration from the call to the completion
	 * @param failure why it failed, or {@code null} on success
	 */
	default void operationCompleted(SpecterId specter, PeerConnectionId peerConnection, Operation operation,
			Duration duration, Throwable failure) {
	}

	/**
	 * Called when a data-channel message (or one chunk of a large payload) is handed to
	 * the engine.
	 * @param specter the instance
	 * @param peerConnection the connection
	 * @param channel the channel
	 * @param bytes the message's size
	 * @param binary whether it is binary
	 */
	default void dataChannelSent(SpecterId specter, PeerConnectionId peerConnection, DataChannelId channel, int bytes,
			boolean binary) {
	}

}
