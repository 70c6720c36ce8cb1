package dev.specter.event;

import dev.specter.PeerConnectionId;
import dev.specter.SpecterId;

/**
 * A change (a new data channel, track, or an ICE restart) requires a new offer/answer
 * exchange.
 *
 * @param specter the Specter instance the connection belongs to
 * @param peerConnection the peer connection
 */
public record NegotiationNeeded(SpecterId specter, PeerConnectionId peerConnection) implements SpecterEvent {
}
