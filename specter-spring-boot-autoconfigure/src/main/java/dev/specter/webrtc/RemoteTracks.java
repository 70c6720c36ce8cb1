package dev.specter.webrtc;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.onvoid.webrtc.RTCPeerConnection;
import dev.onvoid.webrtc.RTCRtpReceiver;
import dev.onvoid.webrtc.RTCRtpTransceiver;
import dev.onvoid.webrtc.media.MediaStreamTrack;
import dev.specter.ErrorCode;
import dev.specter.InvalidInputException;
import dev.specter.TrackId;
import dev.specter.TransceiverId;
import dev.specter.event.RemoteTrackAdded;
import dev.specter.event.RemoteTrackEnded;
import dev.specter.media.MediaKind;
import dev.specter.media.MediaSink;
import dev.specter.media.MediaSubscription;
import dev.specter.media.ReceivedAudio;
import dev.specter.media.ReceivedVideoFrame;
import dev.specter.signaling.SdpType;

/**
 * The tracks the remote peer sends on one connection: announced by the engine
 * ({@link #onTrack}, {@link #onRemoveTrack}, native thread: never throw, no sink calls),
 * subscribed to by media sinks, and ended exactly once, natively only while their
 * transceiver is still held (webrtc-java's wrappers hold raw pointers that libwebrtc may
 * free with a rejected or stopped m-section). Follows {@link PeerConnectionSession}'s
 * rules.
 */
final class RemoteTracks {

	private static final Pattern MEDIA_SECTION = Pattern.compile("\r?\nm=");

	private static final Pattern MSID = Pattern.compile("^a=msid:(\\S+)(?: (\\S+))?", Pattern.MULTILINE);

	private final PeerConnectionMedia media;

	private final PeerConnectionSession session;

	private final Map<TrackId, RemoteTrack> remoteTracks = new ConcurrentHashMap<>();

	RemoteTracks(PeerConnectionMedia media, PeerConnectionSession session) {
		this.media = media;
		this.session = session;
	}

	/**
	 * Once a description is applied (native thread): ends the tracks whose transceiver is
	 * stopped or no longer held, without a native call on them.
	 */
	void afterDescription(LiveTransceivers live) {
		for (RemoteTrack track : List.copyOf(this.remoteTracks.values())) {
			if (live.active(track.transceiverHandle) == null) {
				endTrack(track, false);
			}
		}
	}

	boolean isEmpty() {
		return this.remoteTracks.isEmpty();
	}

	/** The track, or {@code null}. */
	RemoteTrack find(TrackId id) {
		return (id != null) ? this.remoteTracks.get(id) : null;
	}

	/**
	 * Before the connection closes: unregisters every sink, natively only while its
	 * transceiver is held.
	 */
	void closeAll(LiveTransceivers live) {
		for (RemoteTrack remote : List.copyOf(this.remoteTracks.values())) {
			if (live.contains(remote.transceiverHandle)) {
				remote.end();
			}
			else {
				remote.endDetached();
			}
		}
		this.remoteTracks.clear();
	}

	/**
	 * A remote track arrived: register it and post its event. Native thread: never
	 * throws.
	 */
	void onTrack(RTCRtpTransceiver transceiver) {
		if (this.session.isClosing()) {
			return;
		}
		RTCRtpReceiver receiver = transceiver.getReceiver();
		MediaStreamTrack track = receiver.getTrack();
		MediaKind kind = PeerConnectionMedia.kindOf(transceiver);
		if (track == null || kind == null) {
			return;
		}
		String nativeId = track.getId();
		for (RemoteTrack existing : this.remoteTracks.values()) {
			if (existing.nativeId.equals(nativeId) && !existing.isEnded()) {
				return; // the same track announced again (a renegotiation)
			}
		}
		String mid = transceiver.getMid();
		TransceiverId transceiverId = this.media.idOf(transceiver);
		TrackId id = TrackId.random();
		RemoteTrack remote = new RemoteTrack(id, kind, nativeId, transceiverId, NativeHandles.of(transceiver), mid,
				track, this.session);
		this.remoteTracks.put(id, remote);
		Msid msid = msid(this.session.remoteSdp(), mid);
		this.session.post(new RemoteTrackAdded(this.session.specter, this.session.id, id, kind,
				(msid.trackId() != null) ? msid.trackId() : nativeId, msid.streamIds(), mid, transceiverId));
	}

	/**
	 * The remote peer stopped sending a track. Native thread: never throws, no native
	 * sink calls.
	 */
	void onRemoveTrack(RTCRtpReceiver receiver) {
		MediaStreamTrack track = receiver.getTrack();
		String nativeId = (track != null) ? track.getId() : null;
		for (RemoteTrack remote : this.remoteTracks.values()) {
			if (remote.nativeId.equals(nativeId) && !remote.isEnded()) {
				this.remoteTracks.remove(remote.id);
				this.session.post(new RemoteTrackEnded(this.session.specter, this.session.id, remote.id));
				// sinks are removed natively only while the transceiver is held (checked
				// under the lock)
				this.session.dispatcher.runAsync(() -> this.session.withLock((pc) -> {
					if (pc == null) {
						remote.endDetached(); // closing: no more native calls
						return;
					}
					this.session.awaitDescriptionsApplied();
					if (LiveTransceivers.of(pc).contains(remote.transceiverHandle)) {
						remote.end();
					}
					else {
						remote.endDetached();
					}
				}));
			}
		}
	}

	record Msid(String trackId, List<String> streamIds) {
	}

	/** Reads the {@code a=msid} lines of an m-section of the remote description. */
	static Msid msid(String sdp, String mid) {
		if (sdp == null || mid == null) {
			return new Msid(null, List.of());
		}
		for (String section : MEDIA_SECTION.split(sdp)) {
			if (!section.contains("a=mid:" + mid + "\r") && !section.contains("a=mid:" + mid + "\n")
					&& !section.endsWith("a=mid:" + mid)) {
				continue;
			}
			List<String> streams = new ArrayList<>();
			String trackId = null;
			Matcher matcher = MSID.matcher(section);
			while (matcher.find()) {
				if (!"-".equals(matcher.group(1))) {
					streams.add(matcher.group(1));
				}
				if (matcher.group(2) != null) {
					trackId = matcher.group(2);
				}
			}
			return new Msid(trackId, streams);
		}
		return new Msid(null, List.of());
	}

	MediaSubscription receiveVideo(TrackId id, MediaSink<ReceivedVideoFrame> sink) {
		RemoteTrack track = live(id, MediaKind.VIDEO, sink);
		MediaSubscription[] subscription = new MediaSubscription[1];
		this.session.withLock((pc) -> {
			checkReceiving(pc, track);
			subscription[0] = track.receiveVideo(sink);
		});
		return subscription[0];
	}

	MediaSubscription receiveAudio(TrackId id, MediaSink<ReceivedAudio> sink) {
		RemoteTrack track = live(id, MediaKind.AUDIO, sink);
		MediaSubscription[] subscription = new MediaSubscription[1];
		this.session.withLock((pc) -> {
			checkReceiving(pc, track);
			subscription[0] = track.receiveAudio(sink);
		});
		return subscription[0];
	}

	/**
	 * Called under the session's lock before a native call on a remote track: its
	 * transceiver must still be held and not stopped, else the track ends here and the
	 * call is refused.
	 */
	RTCRtpReceiver checkReceiving(RTCPeerConnection pc, RemoteTrack track) {
		if (pc == null) {
			throw this.session.closed();
		}
		this.session.awaitDescriptionsApplied();
		LiveTransceivers live = LiveTransceivers.of(pc);
		RTCRtpReceiver receiver = track.isEnded() ? null : live.receiver(track.transceiverHandle);
		if (receiver == null) {
			endTrack(track, live.contains(track.transceiverHandle));
			throw new InvalidInputException(ErrorCode.INVALID_TRACK, "track " + track.id + " of peer connection "
					+ this.session.id + " has ended (its m-section was rejected or stopped)");
		}
		return receiver;
	}

	/**
	 * Ends a remote track once: forgets it, posts {@link RemoteTrackEnded}, and
	 * unregisters its sinks, natively only while its transceiver is still held
	 * ({@code alive}).
	 */
	void endTrack(RemoteTrack track, boolean alive) {
		if (this.remoteTracks.remove(track.id) == null) {
			return;
		}
		this.session.post(new RemoteTrackEnded(this.session.specter, this.session.id, track.id));
		if (alive) {
			track.end();
		}
		else {
			track.endDetached();
		}
	}

	/**
	 * Called under the session's lock just before a description reaches the engine: the
	 * remote tracks of the m-sections it rejects (and, for a rollback, those of
	 * transceivers never negotiated, which a rollback removes) end now, while their
	 * native objects are still alive, so their sinks are removed cleanly.
	 * {@link PeerConnectionMedia#afterDescription} catches anything else.
	 */
	void beforeDescription(RTCPeerConnection pc, SdpType type, String sdp) {
		if (this.remoteTracks.isEmpty()) {
			return;
		}
		Set<String> rejected = LiveTransceivers.rejectedMids(sdp);
		if (rejected.isEmpty() && type != SdpType.ROLLBACK) {
			return;
		}
		this.session.awaitDescriptionsApplied();
		LiveTransceivers live = LiveTransceivers.of(pc);
		for (RemoteTrack track : List.copyOf(this.remoteTracks.values())) {
			RTCRtpTransceiver transceiver = live.active(track.transceiverHandle);
			boolean ends = transceiver == null || (track.mid != null && rejected.contains(track.mid))
					|| (type == SdpType.ROLLBACK && transceiver.getCurrentDirection() == null);
			if (ends) {
				endTrack(track, live.contains(track.transceiverHandle));
			}
		}
	}

	RemoteTrack live(TrackId id, MediaKind kind, Object sink) {
		if (sink == null) {
			throw new InvalidInputException(ErrorCode.INVALID_ARGUMENT, "media sink must not be null");
		}
		RemoteTrack track = (id != null) ? this.remoteTracks.get(id) : null;
		if (track == null || track.isEnded() || this.session.isClosing()) {
			throw new InvalidInputException(ErrorCode.INVALID_TRACK,
					"track " + id + " is not a live remote track of peer connection " + this.session.id);
		}
		if (track.kind != kind) {
			throw new InvalidInputException(ErrorCode.INVALID_TRACK,
					"track " + id + " is a " + track.kind.value() + " track");
		}
		return track;
	}

}
