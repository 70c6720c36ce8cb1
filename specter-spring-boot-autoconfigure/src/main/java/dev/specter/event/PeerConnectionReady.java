package dev.specter.event;

import dev.specter.PeerConnectionId;
import dev.specter.SpecterId;

/**
 * The peer connection created by {@code newPeerConnection} is ready: Specter's
 * {@code {:peer_connection_ready, pc}}.
 *
 * @param specter the Specter instance the connection belongs to
 * @param peerConnection the peer connection
 */
public record PeerConnectionReady(SpecterId specter, PeerConnectionId peerConnection) implements SpecterEvent {
}
