package dev.specter.event;

import dev.specter.PeerConnectionId;
import dev.specter.RtpSenderId;
import dev.specter.SpecterId;
import dev.specter.TrackId;

/**
 * A local track was added to a peer connection with {@code addTrack}: Specter's
 * {@code {:rtp_sender, pc, track, sender}}. A {@link NegotiationNeeded} event follows
 * when the connection needs a new offer to start sending it.
 *
 * @param specter the Specter instance the connection belongs to
 * @param peerConnection the peer connection
 * @param track the local track
 * @param sender the new RTP sender, the handle for {@code removeTrack}
 */
public record RtpSenderAdded(SpecterId specter, PeerConnectionId peerConnection, TrackId track,
		RtpSenderId sender) implements SpecterEvent {
}
