package dev.specter.event;

import dev.specter.PeerConnectionId;
import dev.specter.SpecterId;
import dev.specter.signaling.SdpType;

/**
 * The remote description was applied: Specter's {@code {:ok, pc,
 * :set_remote_description}}. Remote candidates queued before it have been applied when
 * this event arrives.
 *
 * @param specter the Specter instance the connection belongs to
 * @param peerConnection the peer connection
 * @param type the type of the description that was applied
 */
public record RemoteDescriptionSet(SpecterId specter, PeerConnectionId peerConnection,
		SdpType type) implements SpecterEvent {
}
