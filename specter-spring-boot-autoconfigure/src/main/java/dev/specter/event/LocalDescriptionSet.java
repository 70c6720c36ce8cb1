package dev.specter.event;

import dev.specter.PeerConnectionId;
import dev.specter.SpecterId;
import dev.specter.signaling.SdpType;

/**
 * The local description was applied: Specter's {@code {:ok, pc, :set_local_description}}.
 *
 * @param specter the Specter instance the connection belongs to
 * @param peerConnection the peer connection
 * @param type the type of the description that was applied
 */
public record LocalDescriptionSet(SpecterId specter, PeerConnectionId peerConnection,
		SdpType type) implements SpecterEvent {
}
