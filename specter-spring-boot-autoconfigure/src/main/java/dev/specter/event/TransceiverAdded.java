package dev.specter.event;

import dev.specter.PeerConnectionId;
import dev.specter.SpecterId;
import dev.specter.TransceiverId;
import dev.specter.media.MediaKind;
import dev.specter.media.TransceiverDirection;

/**
 * A transceiver was added to a peer connection with {@code addTransceiver}.
 *
 * @param specter the Specter instance the connection belongs to
 * @param peerConnection the peer connection
 * @param transceiver the new transceiver
 * @param kind audio or video
 * @param direction its requested direction
 */
public record TransceiverAdded(SpecterId specter, PeerConnectionId peerConnection, TransceiverId transceiver,
		MediaKind kind, TransceiverDirection direction) implements SpecterEvent {
}
