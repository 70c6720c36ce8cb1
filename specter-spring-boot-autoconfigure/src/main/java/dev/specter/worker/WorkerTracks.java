package dev.specter.worker;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArraySet;

import dev.specter.EngineFailedException;
import dev.specter.ErrorCode;
import dev.specter.InvalidInputException;
import dev.specter.SpecterConfig;
import dev.specter.SpecterId;
import dev.specter.TrackId;
import dev.specter.media.AudioMode;
import dev.specter.media.MediaKind;
import dev.specter.media.PlaybackOutcome;
import dev.specter.media.PlaybackResult;
import dev.specter.media.RtpCodecCapability;
import dev.specter.webrtc.EngineHooks;

import static dev.specter.support.Arguments.requireNonNull;

/**
 * The local tracks of a {@link WorkerSpecter}. A track belongs to the application; each
 * worker that needs it holds a copy under the same {@link TrackId}: the worker of a
 * connection it is added to (made at the first {@code addTrack} there), or, for a track
 * played before it was added anywhere, the least-loaded worker. {@code newTrack} runs the
 * engine's own checks in a worker (so its errors are the in-process ones), and
 * {@code closeTrack} closes every copy.
 * <p>
 * A file is played on each copy attached to a connection (on one copy when none is), each
 * worker reading the file itself; the playback's future completes when every copy has
 * finished: {@link PlaybackOutcome#COMPLETED} if one copy played the whole file, with the
 * most frames and the longest duration of the copies. A copy made while a file plays (a
 * connection on another worker added meanwhile) joins at the next playback.
 */
final class WorkerTracks {

	/** As in process: the local tracks one instance holds at most. */
	static final int MAX_TRACKS = 1024;

	private final SpecterId specter;

	private final String key;

	private final SpecterConfig config;

	private final WorkerSpecterFactory factory;

	private final WorkerCalls calls;

	private final Runnable checkOpen;

	private final Map<TrackId, Track> tracks = new ConcurrentHashMap<>();

	WorkerTracks(SpecterId specter, String key, SpecterConfig config, WorkerSpecterFactory factory, WorkerCalls calls,
			Runnable checkOpen) {
		this.specter = specter;
		this.key = key;
		this.config = config;
		this.factory = factory;
		this.calls = calls;
		this.checkOpen = checkOpen;
	}

	TrackId newTrack(RtpCodecCapability codec, String id, String streamId) {
		this.checkOpen.run();
		requireNonNull(codec, "codec");
		// the engine's checks (and errors) without keeping a native track
		this.calls.sync(this.factory.leastLoaded(), "checkTrack", Void.class, codec, id, streamId);
		if (this.tracks.size() >= MAX_TRACKS) {
			throw new InvalidInputException(ErrorCode.LIMIT_EXCEEDED,
					"a Specter holds at most " + MAX_TRACKS + " local tracks");
		}
		TrackId trackId = TrackId.random();
		this.tracks.put(trackId, new Track(trackId, codec, id, streamId));
		return trackId;
	}

	boolean exists(TrackId track) {
		Track known = (track != null) ? this.tracks.get(track) : null;
		return known != null && !known.closed;
	}

	/** A live track, or the in-process error. */
	Track get(TrackId track) {
		InlineHandler.refuseOnReader();
		Track known = (track != null) ? this.tracks.get(track) : null;
		if (known == null || known.closed) {
			this.checkOpen.run();
			throw new InvalidInputException(ErrorCode.INVALID_TRACK,
					"track " + track + " is not a live local track of Specter " + this.specter);
		}
		return known;
	}

	/** Makes sure the worker holds a copy of the track (before it is added there). */
	void copyTo(Track track, WorkerProcess worker) {
		synchronized (track) {
			track.copies.removeIf((copy) -> !copy.alive());
			if (!track.copies.contains(worker)) {
				this.calls.sync(worker, "copyTrack", TrackId.class, track.id, track.codec, track.nativeId,
						track.streamId);
				track.copies.add(worker);
			}
		}
	}

	void close(TrackId trackId) {
		Track track = get(trackId);
		this.tracks.remove(trackId);
		track.closed = true;
		for (WorkerProcess worker : track.copies) {
			if (worker.alive()) {
				try {
					this.calls.sync(worker, "closeTrack", Void.class, trackId);
				}
				catch (EngineFailedException ex) {
					// the worker died: its copy went with it
				}
			}
		}
		track.copies.clear();
	}

	/** The instance closed: the workers closed their copies. */
	void closeAll() {
		for (Track track : List.copyOf(this.tracks.values())) {
			track.closed = true;
		}
		this.tracks.clear();
	}

	CompletableFuture<PlaybackResult> play(TrackId trackId, String path, MediaKind kind, double framesPerSecond) {
		this.checkOpen.run();
		if (kind == MediaKind.AUDIO && this.config.audioMode() == AudioMode.RECEIVE) {
			throw new InvalidInputException(ErrorCode.INVALID_TRACK,
					"Specter " + this.specter + " cannot play audio"
							+ ": it is in audio mode RECEIVE, which decodes received audio and never sends audio"
							+ " (use a Specter in audio mode SEND to send audio; see AudioMode)");
		}
		Track track = get(trackId);
		if (track.codec.kind() != kind) {
			throw new InvalidInputException(ErrorCode.INVALID_TRACK, "track " + trackId + " is a "
					+ track.codec.kind().value() + " track; this file needs a " + kind.value() + " track");
		}
		EngineHooks.checkMediaPath(path);
		String method = (kind == MediaKind.VIDEO) ? "playFromFileH264" : "playFromFileWav";
		Object[] args = (framesPerSecond > 0) ? new Object[] { trackId, path, framesPerSecond }
				: new Object[] { trackId, path };
		synchronized (track) {
			// "already playing" is the workers' to say: a copy's playback is finished
			// before its
			// PlaybackFinished event leaves the worker, so a listener may play again at
			// once, as
			// in process
			List<WorkerProcess> players = players(track);
			Playing playing = new Playing();
			List<CompletableFuture<Frames.Frame>> results = new ArrayList<>();
			try {
				for (WorkerProcess worker : players) {
					results.add(start(worker, method, args));
				}
			}
			catch (RuntimeException ex) {
				// refused by a worker (as in process, before anything played): stop the
				// copies already started
				for (int i = 0; i < results.size(); i++) {
					stopQuietly(players.get(i), trackId);
				}
				throw ex;
			}
			track.playing = playing;
			CompletableFuture.allOf(results.toArray(CompletableFuture[]::new))
				.whenComplete((ignored, failure) -> finish(track, playing, results));
			return playing.future;
		}
	}

	/**
	 * The copies that play: those attached to a connection, or one copy (made on the
	 * least-loaded worker if there is none) when none is.
	 */
	private List<WorkerProcess> players(Track track) {
		track.copies.removeIf((copy) -> !copy.alive());
		List<WorkerProcess> attached = new ArrayList<>();
		for (WorkerProcess worker : track.copies) {
			if (Boolean.TRUE.equals(this.calls.sync(worker, "trackAttached", Boolean.class, track.id))) {
				attached.add(worker);
			}
		}
		if (!attached.isEmpty()) {
			return attached;
		}
		if (track.copies.isEmpty()) {
			copyTo(track, this.factory.leastLoaded());
		}
		return List.of(track.copies.iterator().next());
	}

	/**
	 * Starts a playback on a worker's copy: throws what the worker threw, else returns
	 * the future of its result.
	 */
	private CompletableFuture<Frames.Frame> start(WorkerProcess worker, String method, Object[] args) {
		WorkerProcess.Call call = worker.call(this.key, method, args);
		Frames.Frame early = this.calls.await(worker, method, call.accepted());
		if (early != null && early.type() == Frames.ERROR) {
			throw WorkerCodec.error(WorkerCodec.tree(early.text()));
		}
		return call.done();
	}

	private void stopQuietly(WorkerProcess worker, TrackId track) {
		try {
			this.calls.sync(worker, "stopPlayback", Boolean.class, track);
		}
		catch (RuntimeException ex) {
			// the worker is gone, or the copy with it
		}
	}

	/** Every copy finished: the combined result (on a worker's reader thread). */
	private void finish(Track track, Playing playing, List<CompletableFuture<Frames.Frame>> results) {
		playing.finished = true;
		PlaybackResult combined = null;
		Throwable firstFailure = null;
		for (CompletableFuture<Frames.Frame> result : results) {
			Throwable failure;
			PlaybackResult value = null;
			try {
				Frames.Frame frame = result.getNow(null);
				failure = WorkerCalls.failure(frame, null);
				if (failure == null) {
					value = (PlaybackResult) WorkerCodec.convert(WorkerCodec.tree(frame.text()), PlaybackResult.class);
				}
			}
			catch (RuntimeException ex) {
				failure = (ex.getCause() != null) ? ex.getCause() : ex;
			}
			if (value != null) {
				combined = (combined != null) ? combine(combined, value) : value;
			}
			else if (firstFailure == null) {
				firstFailure = failure;
			}
		}
		if (combined != null) {
			this.factory.dispatcher().complete(playing.future, combined);
		}
		else {
			this.factory.dispatcher().fail(playing.future, firstFailure);
		}
	}

	private static PlaybackResult combine(PlaybackResult a, PlaybackResult b) {
		PlaybackOutcome outcome = (a.outcome() == PlaybackOutcome.COMPLETED || b.outcome() == PlaybackOutcome.COMPLETED)
				? PlaybackOutcome.COMPLETED : PlaybackOutcome.STOPPED;
		Duration duration = (a.duration().compareTo(b.duration()) >= 0) ? a.duration() : b.duration();
		return new PlaybackResult(a.track(), outcome, Math.max(a.frames(), b.frames()), duration);
	}

	boolean stopPlayback(TrackId trackId) {
		Track track = get(trackId);
		boolean stopped = false;
		for (WorkerProcess worker : track.copies) {
			if (worker.alive()) {
				try {
					stopped |= Boolean.TRUE.equals(this.calls.sync(worker, "stopPlayback", Boolean.class, trackId));
				}
				catch (EngineFailedException ex) {
					// the worker died: its copy's playback ended with it
				}
			}
		}
		Playing playing = track.playing;
		if (stopped && playing != null) {
			// as in process, the track may play again at once
			playing.finished = true;
		}
		return stopped;
	}

	/** A track of the application and the workers that hold a copy of it. */
	static final class Track {

		final TrackId id;

		final RtpCodecCapability codec;

		final String nativeId;

		final String streamId;

		final Set<WorkerProcess> copies = new CopyOnWriteArraySet<>();

		volatile boolean closed;

		/** The current (or last) playback; guarded by this track's monitor. */
		volatile Playing playing;

		Track(TrackId id, RtpCodecCapability codec, String nativeId, String streamId) {
			this.id = id;
			this.codec = codec;
			this.nativeId = nativeId;
			this.streamId = streamId;
		}

	}

	/** A playback of the application: one per copy that plays in a worker. */
	static final class Playing {

		final CompletableFuture<PlaybackResult> future = new CompletableFuture<>();

		volatile boolean finished;

	}

}
