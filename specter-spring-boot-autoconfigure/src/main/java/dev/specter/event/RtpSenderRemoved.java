package dev.specter.event;

import dev.specter.PeerConnectionId;
import dev.specter.RtpSenderId;
import dev.specter.SpecterId;
import dev.specter.TrackId;

/**
 * A local track was removed from a peer connection ({@code removeTrack}, or the track was
 * closed). Its transceiver stops sending once the connection renegotiates.
 *
 * @param specter the Specter instance the connection belongs to
 * @param peerConnection the peer connection
 * @param track the local track
 * @param sender the removed RTP sender
 */
public record RtpSenderRemoved(SpecterId specter, PeerConnectionId peerConnection, TrackId track,
		RtpSenderId sender) implements SpecterEvent {
}
