package dev.specter.event;

import dev.specter.*;

/**
 * The peer connection is closed and its native resources released: Specter's {@code {:peer_connection_closed, pc}}. It is the last event of the connection.
 *
 * @param specter the Specter instance the connection belongs to
 * @param peerConnection the peer connection
 */
public record PeerConnectionClosed(SpecterId specter, PeerConnectionId peerConnection) implements SpecterEvent {
}
