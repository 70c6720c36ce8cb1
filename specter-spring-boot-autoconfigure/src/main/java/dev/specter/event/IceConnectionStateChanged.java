package dev.specter.event;

import dev.specter.PeerConnectionId;
import dev.specter.SpecterId;
import dev.specter.signaling.IceConnectionState;

/**
 * The ICE connection state changed (pushed, not polled).
 *
 * @param specter the Specter instance the connection belongs to
 * @param peerConnection the peer connection
 * @param state the new state
 */
public record IceConnectionStateChanged(SpecterId specter, PeerConnectionId peerConnection,
		IceConnectionState state) implements SpecterEvent {
}
