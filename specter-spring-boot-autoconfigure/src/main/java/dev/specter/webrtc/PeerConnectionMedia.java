package dev.specter.webrtc;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

import dev.onvoid.webrtc.PeerConnectionFactory;
import dev.onvoid.webrtc.RTCPeerConnection;
import dev.onvoid.webrtc.RTCRtpCodecCapability;
import dev.onvoid.webrtc.RTCRtpReceiver;
import dev.onvoid.webrtc.RTCRtpSender;
import dev.onvoid.webrtc.RTCRtpTransceiver;
import dev.onvoid.webrtc.RTCStatsReport;
import dev.specter.ErrorCode;
import dev.specter.InvalidInputException;
import dev.specter.NotFoundException;
import dev.specter.Operation;
import dev.specter.RtpSenderId;
import dev.specter.TrackId;
import dev.specter.TransceiverId;
import dev.specter.event.RtpSenderAdded;
import dev.specter.event.RtpSenderRemoved;
import dev.specter.media.AudioMode;
import dev.specter.media.MediaKind;
import dev.specter.media.MediaSink;
import dev.specter.media.MediaSubscription;
import dev.specter.media.ReceivedAudio;
import dev.specter.media.ReceivedVideoFrame;
import dev.specter.media.RtpCodecCapability;
import dev.specter.media.TransceiverDirection;
import dev.specter.media.TransceiverInfo;
import dev.specter.signaling.SdpType;
import dev.specter.stats.TrackStats;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * The media side of one peer connection: senders of local tracks, transceivers, remote
 * tracks, and the codec preferences of its media engine. Follows
 * {@link PeerConnectionSession}'s rules: native calls under the session's lock on
 * application threads; the native callbacks ({@link #onTrack}, {@link #onRemoveTrack})
 * copy, register and post without taking it.
 */
final class PeerConnectionMedia {

	private static final Log logger = LogFactory.getLog(PeerConnectionMedia.class);

	private final PeerConnectionSession session;

	private final List<RtpCodecCapability> engineCodecs;

	private final CodecCatalog catalog;

	/**
	 * {@link AudioMode#RECEIVE}: the factory's audio module is webrtc-java 0.14's
	 * headless one, so no audio may ever be sent (an audio send stream would start its
	 * recording thread).
	 */
	private final boolean audioReceiveOnly;

	private final Map<RtpSenderId, Sender> senders = new ConcurrentHashMap<>();

	private final Transceivers transceivers;

	private final RemoteTracks remote;

	/** A test hook, {@code null} in production (see {@link CodecPreferencesHook}). */
	private final CodecPreferencesHook preferencesHook = CodecPreferencesHook.fromSystemProperty();

	PeerConnectionMedia(PeerConnectionSession session, List<RtpCodecCapability> engineCodecs, CodecCatalog catalog,
			PeerConnectionFactory factory, AudioMode audioMode) {
		this.session = session;
		this.audioReceiveOnly = audioMode == AudioMode.RECEIVE;
		this.engineCodecs = engineCodecs;
		this.catalog = catalog;
		this.remote = new RemoteTracks(this, session);
		this.transceivers = new Transceivers(session, engineCodecs, catalog, factory, this.audioReceiveOnly,
				this.preferencesHook);
	}

	PeerConnectionSession session() {
		return this.session;
	}

	// ---- local tracks
	// ------------------------------------------------------------------------

	CompletableFuture<RtpSenderId> addTrack(LocalTrack track) {
		if (this.audioReceiveOnly && track.kind == MediaKind.AUDIO) {
			// Unreachable through the API (a RECEIVE instance creates no audio track);
			// kept so that
			// a later change cannot start an audio send stream on the headless module.
			throw new InvalidInputException(ErrorCode.INVALID_TRACK, "peer connection " + this.session.id
					+ " belongs to a Specter in audio mode RECEIVE, which never sends audio");
		}
		if (track.isAttachedTo(this)) {
			throw new InvalidInputException(ErrorCode.INVALID_TRACK,
					"track " + track.id + " is already added to peer connection " + this.session.id);
		}
		checkTrackIdUnused(track);
		List<RTCRtpCodecCapability> preferences = this.catalog.preferences(this.engineCodecs, track.kind, track.codec);
		if (preferences != null && preferences.isEmpty()) {
			throw new InvalidInputException(ErrorCode.INVALID_TRACK, "track " + track.id + " uses codec " + track.codec
					+ ", which the media engine of peer connection " + this.session.id + " excludes");
		}
		CompletableFuture<RtpSenderId> future = this.session.newFuture(Operation.ADD_TRACK);
		return this.session.call(Operation.ADD_TRACK, future, (pc) -> {
			if (track.isClosed()) {
				throw new InvalidInputException(ErrorCode.INVALID_TRACK, "track " + track.id + " is closed");
			}
			if (track.isAttachedTo(this)) {
				throw new InvalidInputException(ErrorCode.INVALID_TRACK,
						"track " + track.id + " is already added to peer connection " + this.session.id);
			}
			checkTrackIdUnused(track);
			this.session.awaitDescriptionsApplied();
			MediaCallRollback rollback = MediaCallRollback.begin(pc);
			RTCRtpSender sender;
			RTCRtpTransceiver transceiver;
			try {
				sender = addSender(pc, track, rollback);
				rollback.sender(sender);
				transceiver = transceiverOf(pc, sender);
				List<RTCRtpCodecCapability> set = CodecPreferencesHook.apply(this.preferencesHook,
						"addTrack " + track.nativeId, preferences);
				if (transceiver != null && set != null) {
					NativeInput.setCodecPreferences(transceiver, set);
				}
			}
			catch (Throwable ex) {
				throw rollback.fail(Operation.ADD_TRACK, ex);
			}
			RtpSenderId id = RtpSenderId.random();
			this.senders.put(id, new Sender(id, track, sender, (transceiver != null) ? idOf(transceiver) : null));
			track.attached(this, id);
			this.session.succeed(future, id, new RtpSenderAdded(this.session.specter, this.session.id, track.id, id));
		});
	}

	/**
	 * Refuses a track whose id (the one its SDP announces) another track sent on this
	 * connection has: the remote peer tells the tracks apart by it, and libwebrtc would
	 * silently announce the second one under a random id.
	 */
	private void checkTrackIdUnused(LocalTrack track) {
		for (Sender sender : this.senders.values()) {
			if (sender.track != track && sender.track.nativeId.equals(track.nativeId)) {
				throw new InvalidInputException(ErrorCode.INVALID_ARGUMENT,
						"track id " + NativeInput.quote(track.nativeId, 64) + " is already sent on peer connection "
								+ this.session.id + " by track " + sender.track.id
								+ " (the tracks of a connection need distinct ids)");
			}
		}
	}

	/**
	 * Adds a track's sender. libwebrtc's {@code AddTrack} reuses the first free
	 * transceiver of the track's kind and refuses when that one is stopping, as a
	 * transceiver undone by {@link MediaCallRollback} is for ever: then (nothing was
	 * made) the track gets a new sending transceiver, as {@code AddTrack} gives it when
	 * none is free.
	 */
	private static RTCRtpSender addSender(RTCPeerConnection pc, LocalTrack track, MediaCallRollback rollback) {
		try {
			return NativeInput.addTrack(pc, track.nativeTrack, track.streamId);
		}
		catch (RuntimeException ex) {
			if (!rollback.hasUndone(track.kind)) {
				throw ex;
			}
			return NativeInput.addSendingTransceiver(pc, track.nativeTrack, track.streamId).getSender();
		}
	}

	/** Finds the transceiver of a sender by the native pointer of the sender. */
	private static RTCRtpTransceiver transceiverOf(RTCPeerConnection pc, RTCRtpSender sender) {
		long handle = NativeHandles.of(sender);
		for (RTCRtpTransceiver transceiver : pc.getTransceivers()) {
			if (handle != 0 && NativeHandles.of(transceiver.getSender()) == handle) {
				return transceiver;
			}
		}
		return null;
	}

	CompletableFuture<Void> removeTrack(RtpSenderId senderId) {
		if (senderId == null) {
			throw new InvalidInputException(ErrorCode.INVALID_ARGUMENT, "RTP sender id must not be null");
		}
		Sender sender = this.senders.get(senderId);
		if (sender == null) {
			throw new NotFoundException(
					"RTP sender " + senderId + " does not exist on peer connection " + this.session.id);
		}
		CompletableFuture<Void> future = this.session.newFuture(Operation.REMOVE_TRACK);
		return this.session.call(Operation.REMOVE_TRACK, future, (pc) -> {
			if (this.senders.remove(senderId) == null) {
				throw new NotFoundException("RTP sender " + senderId + " was already removed");
			}
			this.session.awaitDescriptionsApplied();
			RTCRtpSender live = LiveTransceivers.of(pc).sender(NativeHandles.of(sender.sender));
			if (live == null) {
				// its transceiver was stopped and freed: nothing sends the track any more
				sender.track.detached(this);
				throw new NotFoundException("RTP sender " + senderId + " no longer exists on peer connection "
						+ this.session.id + " (its m-section was rejected or stopped)");
			}
			pc.removeTrack(live);
			this.session.succeed(future, null,
					new RtpSenderRemoved(this.session.specter, this.session.id, sender.track.id, senderId));
			sender.track.detached(this);
		});
	}

	/** Removes the sender of a track being closed (application thread). */
	void removeSenderOfClosedTrack(RtpSenderId senderId) {
		Sender sender = this.senders.remove(senderId);
		if (sender == null) {
			return;
		}
		this.session.withLock((pc) -> {
			if (pc == null) {
				return;
			}
			this.session.awaitDescriptionsApplied();
			RTCRtpSender live = LiveTransceivers.of(pc).sender(NativeHandles.of(sender.sender));
			if (live != null) {
				pc.removeTrack(live);
			}
		});
		this.session.post(new RtpSenderRemoved(this.session.specter, this.session.id, sender.track.id, senderId));
	}

	// ---- transceivers (see Transceivers)
	// ------------------------------------------------------------------------

	CompletableFuture<TransceiverId> addTransceiver(MediaKind kind, TransceiverDirection direction) {
		return this.transceivers.add(kind, direction);
	}

	void setDirection(TransceiverId id, TransceiverDirection direction) {
		this.transceivers.setDirection(id, direction);
	}

	List<TransceiverInfo> transceivers() {
		return this.transceivers.list();
	}

	TransceiverId idOf(RTCRtpTransceiver transceiver) {
		return this.transceivers.idOf(transceiver);
	}

	static MediaKind kindOf(RTCRtpTransceiver transceiver) {
		return Transceivers.kindOf(transceiver);
	}

	/**
	 * Applies the engine's codec preferences, and the preferred codec of each
	 * transceiver's track, to every live transceiver. Called under the session's lock
	 * before an offer or answer, so transceivers created by a remote description are
	 * restricted too.
	 */
	void applyCodecPreferences(RTCPeerConnection pc) {
		boolean engineRestricts = !this.engineCodecs.isEmpty();
		boolean trackPrefers = this.senders.values().stream().anyMatch((s) -> s.track.codec.isSpecific());
		if (!engineRestricts && !trackPrefers) {
			return;
		}
		this.session.awaitDescriptionsApplied();
		for (RTCRtpTransceiver transceiver : pc.getTransceivers()) {
			if (transceiver.stopped() || MediaCallRollback.isUndone(transceiver)) {
				continue;
			}
			MediaKind kind = kindOf(transceiver);
			if (kind == null) {
				continue;
			}
			RtpCodecCapability trackCodec = trackCodecOf(transceiver);
			List<RTCRtpCodecCapability> preferences = this.catalog.preferences(this.engineCodecs, kind, trackCodec);
			if (preferences == null || preferences.isEmpty()) {
				preferences = this.catalog.preferences(this.engineCodecs, kind, null);
			}
			if (preferences != null && !preferences.isEmpty()) {
				NativeInput.setCodecPreferences(transceiver, preferences);
			}
		}
	}

	private RtpCodecCapability trackCodecOf(RTCRtpTransceiver transceiver) {
		long handle = NativeHandles.of(transceiver);
		TransceiverId id = this.transceivers.idByHandle(handle);
		if (id == null) {
			return null;
		}
		return this.senders.values()
			.stream()
			.filter((s) -> id.equals(s.transceiver))
			.map((s) -> s.track.codec)
			.findFirst()
			.orElse(null);
	}

	// ---- remote tracks (see RemoteTracks)
	// -----------------------------------------------------------

	/** A remote track arrived (native thread, never throws). */
	void onTrack(RTCRtpTransceiver transceiver) {
		this.remote.onTrack(transceiver);
	}

	/** The remote peer stopped sending a track (native thread, never throws). */
	void onRemoveTrack(RTCRtpReceiver receiver) {
		this.remote.onRemoveTrack(receiver);
	}

	MediaSubscription receiveVideo(TrackId id, MediaSink<ReceivedVideoFrame> sink) {
		return this.remote.receiveVideo(id, sink);
	}

	MediaSubscription receiveAudio(TrackId id, MediaSink<ReceivedAudio> sink) {
		return this.remote.receiveAudio(id, sink);
	}

	// ---- liveness around descriptions
	// ------------------------------------------------------------

	/**
	 * Called under the session's lock just before a description reaches the engine (see
	 * {@link RemoteTracks#beforeDescription}).
	 */
	void beforeDescription(RTCPeerConnection pc, SdpType type, String sdp) {
		this.remote.beforeDescription(pc, type, sdp);
	}

	/**
	 * Called on the native thread once a description is applied, before its event is
	 * posted: forgets every remote track, sender and transceiver whose transceiver is
	 * stopped or no longer held (never calling through the old wrappers, which may point
	 * to freed memory).
	 */
	void afterDescription(RTCPeerConnection pc) {
		if (pc == null || this.session.isClosing()
				|| (this.remote.isEmpty() && this.senders.isEmpty() && this.transceivers.isEmpty())) {
			return; // nothing held (a data-channel-only connection): no snapshot needed
		}
		LiveTransceivers live = LiveTransceivers.of(pc);
		this.remote.afterDescription(live);
		for (Sender sender : List.copyOf(this.senders.values())) {
			if (live.sender(NativeHandles.of(sender.sender)) == null && this.senders.remove(sender.id) != null) {
				this.session
					.post(new RtpSenderRemoved(this.session.specter, this.session.id, sender.track.id, sender.id));
				this.session.dispatcher.runAsync(() -> sender.track.detached(this));
			}
		}
		this.transceivers.forgetDead(live);
	}

	// ---- statistics
	// --------------------------------------------------------------------------

	CompletableFuture<TrackStats> trackStats(TrackId id, LocalTrack local) {
		Sender sender = (local != null)
				? this.senders.values().stream().filter((s) -> s.track == local).findFirst().orElse(null) : null;
		RemoteTrack remote = this.remote.find(id);
		if (sender == null && remote == null) {
			throw new InvalidInputException(ErrorCode.INVALID_TRACK,
					"track " + id + " is neither added to nor received by peer connection " + this.session.id);
		}
		CompletableFuture<TrackStats> future = this.session.newFuture(Operation.GET_STATS);
		return this.session.call(Operation.GET_STATS, future, (pc) -> {
			this.session.awaitDescriptionsApplied();
			if (sender != null) {
				RTCRtpSender live = LiveTransceivers.of(pc).sender(NativeHandles.of(sender.sender));
				if (live == null) {
					throw new InvalidInputException(ErrorCode.INVALID_TRACK,
							"track " + id + " is no longer sent on peer connection " + this.session.id
									+ " (its m-section was rejected or stopped)");
				}
				pc.getStats(live,
						NativeCallbacks.stats(this.session.toString(), "track stats",
								(report) -> stats(id, sender.track.kind, true, report),
								(stats) -> this.session.dispatcher.complete(future, stats)));
			}
			else {
				RTCRtpReceiver receiver = this.remote.checkReceiving(pc, remote);
				pc.getStats(receiver,
						NativeCallbacks.stats(this.session.toString(), "track stats",
								(report) -> stats(id, remote.kind, false, report),
								(stats) -> this.session.dispatcher.complete(future, stats)));
			}
		});
	}

	private static TrackStats stats(TrackId id, MediaKind kind, boolean outbound, RTCStatsReport report) {
		return StatsJson.trackStats(id, kind, outbound, report);
	}

	// ---- closing
	// -------------------------------------------------------------------------------

	/**
	 * Removes every sender and sink before the connection closes (webrtc-java cannot
	 * dispose a track still attached to a sender). Called with the session closing, on an
	 * application thread.
	 */
	void close(RTCPeerConnection pc) {
		LiveTransceivers live;
		try {
			this.session.awaitDescriptionsApplied();
			live = LiveTransceivers.of(pc);
		}
		catch (RuntimeException ex) {
			// a description never completed: touch no sender or track natively
			logger.debug("Peer connection " + this.session.id + " closes with a description pending: "
					+ PeerConnectionSession.reason(ex));
			live = LiveTransceivers.of(null);
		}
		for (Sender sender : List.copyOf(this.senders.values())) {
			try {
				RTCRtpSender alive = live.sender(NativeHandles.of(sender.sender));
				if (alive != null) {
					pc.removeTrack(alive);
				}
			}
			catch (Throwable ex) {
				logger.debug("Removing a sender of peer connection " + this.session.id + " failed: "
						+ PeerConnectionSession.reason(ex));
			}
		}
		this.remote.closeAll(live);
	}

	/** After the connection closed: the tracks it sent no longer play to it. */
	void detachTracks() {
		for (Sender sender : List.copyOf(this.senders.values())) {
			sender.track.detached(this);
		}
		this.senders.clear();
		this.transceivers.clear();
	}

	private record Sender(RtpSenderId id, LocalTrack track, RTCRtpSender sender, TransceiverId transceiver) {
	}

}
