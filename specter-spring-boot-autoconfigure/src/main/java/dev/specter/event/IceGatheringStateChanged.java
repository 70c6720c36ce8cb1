package dev.specter.event;

import dev.specter.PeerConnectionId;
import dev.specter.SpecterId;
import dev.specter.signaling.IceGatheringState;

/**
 * The ICE gathering state changed; {@code COMPLETE} means every local candidate has been
 * signalled.
 *
 * @param specter the Specter instance the connection belongs to
 * @param peerConnection the peer connection
 * @param state the new state
 */
public record IceGatheringStateChanged(SpecterId specter, PeerConnectionId peerConnection,
		IceGatheringState state) implements SpecterEvent {
}
