package dev.specter.event;

import dev.specter.PeerConnectionId;
import dev.specter.SpecterId;
import dev.specter.signaling.SessionDescription;

/**
 * An offer was created: Specter's {@code {:offer, pc, offer}}.
 *
 * @param specter the Specter instance the connection belongs to
 * @param peerConnection the peer connection
 * @param offer the offer; {@code offer.toJson()} is the spec's JSON
 */
public record OfferCreated(SpecterId specter, PeerConnectionId peerConnection,
		SessionDescription offer) implements SpecterEvent {
}
