package dev.specter.webrtc;

import java.nio.file.Path;

import dev.specter.ApiId;
import dev.specter.DataChannelId;
import dev.specter.PeerConnectionId;
import dev.specter.Specter;
import dev.specter.TrackId;
import dev.specter.media.RtpCodecCapability;

/**
 * What the worker mode ({@code dev.specter.worker}) needs of the engine beyond the
 * {@link Specter} API: creating a track under the application's id, whether a track is
 * attached to a connection, and the synchronous checks of a media file's path.
 * <p>
 * Internal to Specter: public only so the worker package can use it; not part of the API.
 */
public final class EngineHooks {

	private EngineHooks() {
	}

	/**
	 * Creates a peer connection with a given id on an in-process instance, with the
	 * checks and errors of {@link Specter#newPeerConnection(ApiId)}.
	 * @param specter an instance made by {@link DefaultSpecterFactory}
	 * @param api the API
	 * @param peerConnection the id the connection gets (a new one)
	 * @return {@code peerConnection}
	 */
	public static PeerConnectionId newPeerConnection(Specter specter, ApiId api, PeerConnectionId peerConnection) {
		return ((WebRtcSpecter) specter).newPeerConnection(api, peerConnection);
	}

	/**
	 * Creates a local track with a given id on an in-process instance, with the checks
	 * and errors of {@link Specter#newTrack}.
	 * @param specter an instance made by {@link DefaultSpecterFactory}
	 * @param trackId the id the track gets
	 * @param codec the codec or kind
	 * @param id the track id announced in SDP
	 * @param streamId the media stream id announced with it
	 * @return {@code trackId}
	 */
	public static TrackId newTrack(Specter specter, TrackId trackId, RtpCodecCapability codec, String id,
			String streamId) {
		return ((WebRtcSpecter) specter).newTrack(trackId, codec, id, streamId);
	}

	/**
	 * Promises a {@link dev.specter.event.DataChannelBufferedAmountLow} on a channel of
	 * an in-process instance once its queue and the engine's buffer are low (at once if
	 * they are), as a send refused past {@code specter.data-channel.max-queued-bytes}
	 * does: for a send the application refused before it reached the worker.
	 * @param specter an instance made by {@link DefaultSpecterFactory}
	 * @param peerConnection the connection
	 * @param channel the channel
	 * @throws dev.specter.NotFoundException if either is gone
	 */
	public static void armBufferedAmountLow(Specter specter, PeerConnectionId peerConnection, DataChannelId channel) {
		((WebRtcSpecter) specter).armBufferedAmountLow(peerConnection, channel);
	}

	/**
	 * Whether a local track of an in-process instance is attached to a connection (its
	 * playback then stops when the last one closes or removes it).
	 * @param specter an instance made by {@link DefaultSpecterFactory}
	 * @param trackId the track
	 * @return {@code true} if it is live and attached
	 */
	public static boolean trackAttached(Specter specter, TrackId trackId) {
		return ((WebRtcSpecter) specter).trackAttached(trackId);
	}

	/**
	 * Checks a media file's path as the playing methods do before they start (not null,
	 * not blank, no NUL, parseable).
	 * @param path the path argument
	 * @return the path
	 * @throws dev.specter.InvalidInputException
	 * ({@link dev.specter.ErrorCode#INVALID_ARGUMENT}) if it is not
	 */
	public static Path checkMediaPath(String path) {
		return MediaFiles.path(path);
	}

}
