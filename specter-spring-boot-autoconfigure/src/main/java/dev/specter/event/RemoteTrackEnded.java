package dev.specter.event;

import dev.specter.PeerConnectionId;
import dev.specter.SpecterId;
import dev.specter.TrackId;

/**
 * The remote peer stopped sending a track (it removed the track and renegotiated). Media
 * sinks of the track are unregistered.
 *
 * @param specter the Specter instance the connection belongs to
 * @param peerConnection the peer connection
 * @param track the remote track
 */
public record RemoteTrackEnded(SpecterId specter, PeerConnectionId peerConnection,
		TrackId track) implements SpecterEvent {
}
