package dev.specter.event;

import dev.specter.Operation;
import dev.specter.PeerConnectionId;
import dev.specter.SpecterId;
import dev.specter.TrackId;
import dev.specter.media.PlaybackOutcome;

/**
 * The playback of a file on a local track ended, after its last frame was pushed to the
 * track. Published on every peer connection the track is attached to at that moment. A
 * playback that fails (unreadable or undecodable file) publishes {@link OperationFailed}
 * with {@link Operation#PLAY_FILE} instead.
 *
 * @param specter the Specter instance the connection belongs to
 * @param peerConnection a peer connection the track is attached to
 * @param track the local track
 * @param outcome completed, or stopped early
 * @param frames the video frames (or 10 ms audio chunks) pushed
 */
public record PlaybackFinished(SpecterId specter, PeerConnectionId peerConnection, TrackId track,
		PlaybackOutcome outcome, long frames) implements SpecterEvent {
}
