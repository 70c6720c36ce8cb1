package dev.specter.event;

import dev.specter.PeerConnectionId;
import dev.specter.SpecterId;
import dev.specter.signaling.SignalingState;

/**
 * The signaling state changed (pushed, not polled).
 *
 * @param specter the Specter instance the connection belongs to
 * @param peerConnection the peer connection
 * @param state the new state
 */
public record SignalingStateChanged(SpecterId specter, PeerConnectionId peerConnection,
		SignalingState state) implements SpecterEvent {
}
