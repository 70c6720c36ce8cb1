package dev.specter.event;

import dev.specter.*;

/**
 * The peer connection's state changed (pushed, not polled).
 *
 * @param specter the Specter instance the connection belongs to
 * @param peerConnection the peer connection
 * @param state the new state
 */
public record ConnectionStateChanged(SpecterId specter, PeerConnectionId peerConnection, ConnectionState state) implements SpecterEvent {
}
