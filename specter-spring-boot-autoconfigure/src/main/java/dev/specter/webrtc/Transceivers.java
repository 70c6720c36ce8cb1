package dev.specter.webrtc;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

import dev.onvoid.webrtc.PeerConnectionFactory;
import dev.onvoid.webrtc.RTCPeerConnection;
import dev.onvoid.webrtc.RTCRtpCodecCapability;
import dev.onvoid.webrtc.RTCRtpReceiver;
import dev.onvoid.webrtc.RTCRtpSender;
import dev.onvoid.webrtc.RTCRtpTransceiver;
import dev.onvoid.webrtc.RTCRtpTransceiverDirection;
import dev.onvoid.webrtc.media.MediaStreamTrack;
import dev.specter.ErrorCode;
import dev.specter.InvalidInputException;
import dev.specter.NotFoundException;
import dev.specter.Operation;
import dev.specter.TrackId;
import dev.specter.TransceiverId;
import dev.specter.event.TransceiverAdded;
import dev.specter.media.AudioMode;
import dev.specter.media.MediaKind;
import dev.specter.media.RtpCodecCapability;
import dev.specter.media.TransceiverDirection;
import dev.specter.media.TransceiverInfo;

/**
 * The transceivers of one peer connection: their ids (one per native transceiver, kept
 * across webrtc-java's fresh wrappers), track-less transceivers added by the application,
 * and their directions (never a sending audio one in {@link AudioMode#RECEIVE}). Follows
 * {@link PeerConnectionSession}'s rules.
 */
final class Transceivers {

	private final PeerConnectionSession session;

	private final List<RtpCodecCapability> engineCodecs;

	private final CodecCatalog catalog;

	private final PeerConnectionFactory factory;

	private final boolean audioReceiveOnly;

	private final CodecPreferencesHook preferencesHook;

	/**
	 * Transceivers by native pointer, so each keeps one id across webrtc-java's fresh
	 * wrappers.
	 */
	private final Map<Long, TransceiverId> transceiverIds = new ConcurrentHashMap<>();

	private final Map<TransceiverId, RTCRtpTransceiver> transceivers = new ConcurrentHashMap<>();

	Transceivers(PeerConnectionSession session, List<RtpCodecCapability> engineCodecs, CodecCatalog catalog,
			PeerConnectionFactory factory, boolean audioReceiveOnly, CodecPreferencesHook preferencesHook) {
		this.session = session;
		this.engineCodecs = engineCodecs;
		this.catalog = catalog;
		this.factory = factory;
		this.audioReceiveOnly = audioReceiveOnly;
		this.preferencesHook = preferencesHook;
	}

	CompletableFuture<TransceiverId> add(MediaKind kind, TransceiverDirection direction) {
		if (kind == null) {
			throw new InvalidInputException(ErrorCode.INVALID_ARGUMENT, "media kind must not be null");
		}
		RTCRtpTransceiverDirection nativeDirection = Conversions.toNative(direction);
		if (kind == MediaKind.AUDIO) {
			checkAudioDirection(direction);
		}
		CompletableFuture<TransceiverId> future = this.session.newFuture(Operation.ADD_TRANSCEIVER);
		return this.session.call(Operation.ADD_TRANSCEIVER, future, (pc) -> {
			MediaCallRollback rollback = MediaCallRollback.begin(pc);
			LocalTrack placeholder = new LocalTrack(TrackId.random(), RtpCodecCapability.of(kind.value()),
					"placeholder-" + UUID.randomUUID(), "-", this.factory, this.session.resources);
			RTCRtpTransceiver transceiver;
			try {
				transceiver = addTrackless(pc, placeholder, nativeDirection, rollback);
				List<RTCRtpCodecCapability> preferences = CodecPreferencesHook.apply(this.preferencesHook,
						"addTransceiver " + kind.value(), this.catalog.preferences(this.engineCodecs, kind, null));
				if (preferences != null) {
					NativeInput.setCodecPreferences(transceiver, preferences);
				}
			}
			catch (Throwable ex) {
				throw rollback.fail(Operation.ADD_TRANSCEIVER, ex);
			}
			finally {
				// after the rollback: the placeholder is detached first
				placeholder.close();
			}
			TransceiverId id = idOf(transceiver);
			this.session.succeed(future, id,
					new TransceiverAdded(this.session.specter, this.session.id, id, kind, direction));
		});
	}

	/**
	 * In audio mode RECEIVE an audio transceiver may only receive. A sending direction is
	 * refused even though such an instance has no audio track: the offer of a track-less
	 * sending transceiver still carries an SSRC (checked with webrtc-java 0.14), and
	 * libwebrtc starts an audio send stream without a source, which would start the
	 * headless module's recording.
	 */
	void checkAudioDirection(TransceiverDirection direction) {
		if (this.audioReceiveOnly
				&& (direction == TransceiverDirection.SENDRECV || direction == TransceiverDirection.SENDONLY)) {
			throw new InvalidInputException(ErrorCode.INVALID_ARGUMENT, "peer connection " + this.session.id
					+ " belongs to a Specter in audio mode RECEIVE, which never sends audio: an audio transceiver"
					+ " must be RECVONLY or INACTIVE, not " + direction);
		}
	}

	/**
	 * webrtc-java 0.14 can only add a transceiver with a track: add one with a
	 * placeholder track, detach it (as W3C's {@code addTransceiver(kind)} leaves the
	 * sender without a track) and restore the requested direction; the caller frees the
	 * placeholder. Called under the session's lock.
	 * <p>
	 * In audio mode RECEIVE the audio placeholder is created on the headless module's
	 * factory too; that is safe: a new transceiver has no negotiated SSRC, hence no send
	 * stream, and the placeholder is detached before the lock is released, before any
	 * description is applied.
	 */
	private static RTCRtpTransceiver addTrackless(RTCPeerConnection pc, LocalTrack placeholder,
			RTCRtpTransceiverDirection direction, MediaCallRollback rollback) {
		RTCRtpTransceiver transceiver = NativeInput.addTransceiver(pc, placeholder.nativeTrack, direction);
		RTCRtpSender sender = transceiver.getSender();
		rollback.sender(sender);
		pc.removeTrack(sender);
		rollback.sender(null);
		transceiver.setDirection(direction);
		return transceiver;
	}

	void setDirection(TransceiverId id, TransceiverDirection direction) {
		RTCRtpTransceiverDirection nativeDirection = Conversions.toNative(direction);
		RTCRtpTransceiver transceiver = get(id);
		this.session.withLock((pc) -> {
			if (pc == null) {
				throw this.session.closed();
			}
			this.session.awaitDescriptionsApplied();
			RTCRtpTransceiver live = LiveTransceivers.of(pc).active(NativeHandles.of(transceiver));
			if (live == null) {
				throw new NotFoundException("transceiver " + id + " of peer connection " + this.session.id
						+ " is stopped (its m-section was rejected or stopped)");
			}
			if (this.audioReceiveOnly && kindOf(live) == MediaKind.AUDIO) {
				checkAudioDirection(direction);
			}
			live.setDirection(nativeDirection);
		});
	}

	RTCRtpTransceiver get(TransceiverId id) {
		if (id == null) {
			throw new InvalidInputException(ErrorCode.INVALID_ARGUMENT, "transceiver id must not be null");
		}
		RTCRtpTransceiver transceiver = this.transceivers.get(id);
		if (transceiver == null) {
			throw new NotFoundException("transceiver " + id + " does not exist on peer connection " + this.session.id);
		}
		return transceiver;
	}

	List<TransceiverInfo> list() {
		List<TransceiverInfo> result = new ArrayList<>();
		this.session.withLock((pc) -> {
			if (pc == null) {
				throw this.session.closed();
			}
			this.session.awaitDescriptionsApplied();
			for (RTCRtpTransceiver transceiver : pc.getTransceivers()) {
				MediaKind kind = MediaCallRollback.isUndone(transceiver) ? null : kindOf(transceiver);
				if (kind != null) {
					result.add(new TransceiverInfo(idOf(transceiver), transceiver.getMid(), kind,
							Conversions.fromNative(transceiver.getDirection()),
							Conversions.fromNative(transceiver.getCurrentDirection())));
				}
			}
		});
		return Collections.unmodifiableList(result);
	}

	TransceiverId idOf(RTCRtpTransceiver transceiver) {
		long handle = NativeHandles.of(transceiver);
		TransceiverId id = (handle != 0) ? this.transceiverIds.computeIfAbsent(handle, (h) -> TransceiverId.random())
				: TransceiverId.random();
		this.transceivers.put(id, transceiver);
		return id;
	}

	static MediaKind kindOf(RTCRtpTransceiver transceiver) {
		RTCRtpReceiver receiver = transceiver.getReceiver();
		MediaStreamTrack track = (receiver != null) ? receiver.getTrack() : null;
		String kind = (track != null) ? track.getKind() : null;
		if (MediaStreamTrack.VIDEO_TRACK_KIND.equals(kind)) {
			return MediaKind.VIDEO;
		}
		if (MediaStreamTrack.AUDIO_TRACK_KIND.equals(kind)) {
			return MediaKind.AUDIO;
		}
		return null;
	}

	/** The id of a native transceiver already known, or {@code null}. */
	TransceiverId idByHandle(long handle) {
		return (handle != 0) ? this.transceiverIds.get(handle) : null;
	}

	boolean isEmpty() {
		return this.transceiverIds.isEmpty();
	}

	/** Forgets the transceivers libwebrtc no longer holds (native thread). */
	void forgetDead(LiveTransceivers live) {
		this.transceiverIds.entrySet().removeIf((entry) -> {
			if (live.contains(entry.getKey())) {
				return false;
			}
			this.transceivers.remove(entry.getValue());
			return true;
		});
	}

	/** Forgets every transceiver (the connection closed). */
	void clear() {
		this.transceivers.clear();
		this.transceiverIds.clear();
	}

}
