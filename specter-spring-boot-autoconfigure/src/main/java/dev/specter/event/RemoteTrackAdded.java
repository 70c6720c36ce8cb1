package dev.specter.event;

import java.util.List;

import dev.specter.PeerConnectionId;
import dev.specter.SpecterId;
import dev.specter.TrackId;
import dev.specter.TransceiverId;
import dev.specter.media.MediaKind;
import org.jspecify.annotations.Nullable;

/**
 * The remote peer started sending a track on this connection (a remote description with a
 * sending m-section was applied). Receive its media with {@code receiveVideo} or
 * {@code receiveAudio}, and its statistics with {@code getTrackStats}.
 *
 * @param specter the Specter instance the connection belongs to
 * @param peerConnection the peer connection
 * @param track the id Specter gave the remote track
 * @param kind audio or video
 * @param remoteTrackId the track id the remote peer announced ({@code a=msid}), or the
 * engine's id when it announced none
 * @param streamIds the stream ids the remote peer announced for the track
 * @param mid the media id of the m-section, or {@code null}
 * @param transceiver the transceiver that receives the track
 */
public record RemoteTrackAdded(SpecterId specter, PeerConnectionId peerConnection, TrackId track, MediaKind kind,
		String remoteTrackId, List<String> streamIds, @Nullable String mid,
		TransceiverId transceiver) implements SpecterEvent {

	/**
	 * Copies the stream ids.
	 * @param specter the instance
	 * @param peerConnection the connection
	 * @param track the track
	 * @param kind the kind
	 * @param remoteTrackId the remote id
	 * @param streamIds the stream ids
	 * @param mid the media id
	 * @param transceiver the transceiver
	 */
	public RemoteTrackAdded {
		streamIds = List.copyOf(streamIds);
	}

}
