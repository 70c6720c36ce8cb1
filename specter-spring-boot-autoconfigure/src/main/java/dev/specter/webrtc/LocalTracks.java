package dev.specter.webrtc;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import dev.specter.ErrorCode;
import dev.specter.InvalidInputException;
import dev.specter.OperationRejectedException;
import dev.specter.SpecterConfig;
import dev.specter.SpecterId;
import dev.specter.TrackId;
import dev.specter.dispatch.EventDispatcher;
import dev.specter.media.AudioMode;
import dev.specter.media.MediaKind;
import dev.specter.media.PlaybackResult;
import dev.specter.media.RtpCodecCapability;

/**
 * The local tracks of one Specter instance and the files they play: creating a track on
 * the instance's native factory (never an audio one in {@link AudioMode#RECEIVE}),
 * looking it up, playing an H.264 or WAV file into it, and closing it.
 */
final class LocalTracks {

	private static final int MAX_TRACKS = 1024;

	private final SpecterId specter;

	private final SpecterConfig config;

	private final PeerConnectionFactoryPool factories;

	private final PeerConnectionFactoryPool.FactoryKey factoryKey;

	private final Supplier<CodecCatalog> catalog;

	private final NativeResources resources;

	private final MediaScheduler mediaScheduler;

	private final EventDispatcher dispatcher;

	private final Map<TrackId, LocalTrack> tracks = new ConcurrentHashMap<>();

	/** Throws the instance's closed error once it is closed (a missing track says so). */
	private final Runnable checkOpen;

	LocalTracks(SpecterId specter, SpecterConfig config, PeerConnectionFactoryPool factories,
			PeerConnectionFactoryPool.FactoryKey factoryKey, Supplier<CodecCatalog> catalog, NativeResources resources,
			MediaScheduler mediaScheduler, EventDispatcher dispatcher, Runnable checkOpen) {
		this.checkOpen = checkOpen;
		this.specter = specter;
		this.config = config;
		this.factories = factories;
		this.factoryKey = factoryKey;
		this.catalog = catalog;
		this.resources = resources;
		this.mediaScheduler = mediaScheduler;
		this.dispatcher = dispatcher;
	}

	/** Creates a track; the caller checked that the instance is open. */
	TrackId newTrack(RtpCodecCapability codec, String id, String streamId) {
		return newTrack(TrackId.random(), codec, id, streamId);
	}

	/**
	 * Creates a track with a given id (a worker's copy of an application's track).
	 */
	TrackId newTrack(TrackId trackId, RtpCodecCapability codec, String id, String streamId) {
		WebRtcSpecter.requireNonNull(codec, "codec");
		if (codec.kind() == MediaKind.AUDIO) {
			refuseAudioSendingInReceiveMode("create an audio track");
		}
		NativeInput.checkMsid(id, "track id");
		NativeInput.checkMsid(streamId, "stream id");
		if (codec.isSpecific()) {
			this.catalog.get().validate(List.of(codec));
		}
		if (this.tracks.size() >= MAX_TRACKS) {
			throw new InvalidInputException(ErrorCode.LIMIT_EXCEEDED,
					"a Specter holds at most " + MAX_TRACKS + " local tracks");
		}
		if (this.tracks.containsKey(trackId)) {
			throw new OperationRejectedException("track " + trackId + " exists already");
		}
		LocalTrack track;
		try {
			track = new LocalTrack(trackId, codec, id, streamId, this.factories.factory(this.factoryKey),
					this.resources);
		}
		catch (Throwable ex) {
			throw new OperationRejectedException("track could not be created: " + PeerConnectionSession.reason(ex));
		}
		this.tracks.put(trackId, track);
		return trackId;
	}

	/**
	 * Refuses, before anything reaches the engine, what would start an audio send stream
	 * on the factory of a RECEIVE instance: webrtc-java 0.14's headless audio module
	 * would start recording (see {@link AudioMode#RECEIVE}).
	 */
	void refuseAudioSendingInReceiveMode(String what) {
		if (this.config.audioMode() == AudioMode.RECEIVE) {
			throw new InvalidInputException(ErrorCode.INVALID_TRACK,
					"Specter " + this.specter + " cannot " + what
							+ ": it is in audio mode RECEIVE, which decodes received audio and never sends audio"
							+ " (use a Specter in audio mode SEND to send audio; see AudioMode)");
		}
	}

	boolean exists(TrackId track) {
		LocalTrack local = (track != null) ? this.tracks.get(track) : null;
		return local != null && !local.isClosed();
	}

	/** The track, or {@code null} (for statistics, which say what is missing). */
	LocalTrack find(TrackId track) {
		return (track != null) ? this.tracks.get(track) : null;
	}

	/**
	 * A live track.
	 * @throws InvalidInputException with {@link ErrorCode#INVALID_TRACK} if there is none
	 * (with the instance's closed error once it is closed)
	 */
	LocalTrack get(TrackId track) {
		InlineRegistration.refuseInsideHandler();
		LocalTrack local = (track != null) ? this.tracks.get(track) : null;
		if (local == null || local.isClosed()) {
			this.checkOpen.run();
			throw new InvalidInputException(ErrorCode.INVALID_TRACK,
					"track " + track + " is not a live local track of Specter " + this.specter);
		}
		return local;
	}

	void close(TrackId track) {
		LocalTrack local = get(track);
		this.tracks.remove(track);
		local.close();
	}

	/** Closes every track (the instance closed). */
	void closeAll() {
		for (TrackId trackId : Set.copyOf(this.tracks.keySet())) {
			LocalTrack track = this.tracks.remove(trackId);
			if (track != null) {
				track.close();
			}
		}
	}

	/** Plays a file into a track; the caller checked that the instance is open. */
	CompletableFuture<PlaybackResult> play(TrackId trackId, String path, MediaKind kind, double framesPerSecond) {
		if (kind == MediaKind.AUDIO) {
			refuseAudioSendingInReceiveMode("play audio");
		}
		LocalTrack track = get(trackId);
		if (track.kind != kind) {
			throw new InvalidInputException(ErrorCode.INVALID_TRACK, "track " + trackId + " is a " + track.kind.value()
					+ " track; this file needs a " + kind.value() + " track");
		}
		Path file = MediaFiles.path(path);
		Supplier<MediaFileSource> opener;
		if (kind == MediaKind.VIDEO) {
			JCodec.check();
			opener = () -> H264FileSource.open(file, framesPerSecond, this.resources);
		}
		else {
			opener = () -> WavFileSource.open(file, this.resources);
		}
		Playback playback = new Playback(track, opener, this.mediaScheduler, this.dispatcher, this.resources);
		if (!track.startPlayback(playback)) {
			throw new OperationRejectedException("track " + trackId + " is already playing a file (stop it first)");
		}
		playback.start();
		return playback.future();
	}

	boolean stopPlayback(TrackId track) {
		return get(track).stopPlayback();
	}

	/** Whether JCodec, an optional dependency, is on the class path. */
	private static final class JCodec {

		private static final boolean PRESENT = present();

		private static boolean present() {
			try {
				Class.forName("org.jcodec.codecs.h264.H264Decoder", false, LocalTracks.class.getClassLoader());
				return true;
			}
			catch (ClassNotFoundException | LinkageError ex) {
				return false;
			}
		}

		static void check() {
			if (!PRESENT) {
				throw new OperationRejectedException(
						"H.264 playback needs JCodec on the class path (org.jcodec:jcodec, included by the starter)");
			}
		}

	}

}
