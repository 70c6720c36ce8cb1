package dev.specter.event;

import dev.specter.PeerConnectionId;
import dev.specter.SpecterId;
import dev.specter.signaling.ConnectionState;

/**
 * The peer connection's state changed (pushed, not polled).
 *
 * @param specter the Specter instance the connection belongs to
 * @param peerConnection the peer connection
 * @param state the new state
 */
public record ConnectionStateChanged(SpecterId specter, PeerConnectionId peerConnection,
		ConnectionState state) implements SpecterEvent {
}
