package dev.specter.webrtc;

import java.time.Duration;

import dev.specter.DataChannelId;
import dev.specter.Operation;
import dev.specter.PeerConnectionId;
import dev.specter.SpecterId;
import dev.specter.SpecterObserver;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Calls an observer and logs what it throws, so an observer can never break an operation.
 */
final class SafeObserver implements SpecterObserver {

	private static final Log logger = LogFactory.getLog(SafeObserver.class);

	private final SpecterObserver delegate;

	SafeObserver(SpecterObserver delegate) {
		this.delegate = delegate;
	}

	@Override
	public void operationCompleted(SpecterId specter, PeerConnectionId peerConnection, Operation operation,
			Duration duration, Throwable failure) {
		try {
			this.delegate.operationCompleted(specter, peerConnection, operation, duration, failure);
		}
		catch (Throwable ex) {
			logger.warn("SpecterObserver failed on " + operation, ex);
		}
	}

	@Override
	public void dataChannelSent(SpecterId specter, PeerConnectionId peerConnection, DataChannelId channel, int bytes,
			boolean binary) {
		try {
			this.delegate.dataChannelSent(specter, peerConnection, channel, bytes, binary);
		}
		catch (Throwable ex) {
			logger.warn("SpecterObserver failed on a data-channel send", ex);
		}
	}

}
