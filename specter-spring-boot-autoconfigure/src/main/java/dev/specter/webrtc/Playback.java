package dev.specter.webrtc;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.function.Supplier;

import dev.specter.ErrorCode;
import dev.specter.Operation;
import dev.specter.OperationRejectedException;
import dev.specter.SpecterException;
import dev.specter.dispatch.EventDispatcher;
import dev.specter.event.OperationFailed;
import dev.specter.event.PlaybackFinished;
import dev.specter.media.PlaybackOutcome;
import dev.specter.media.PlaybackResult;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Plays a media file on a local track: one self-rescheduling task on the
 * {@link MediaScheduler}. Unit {@code k} is due at {@code start + k × period}; between
 * deadlines the task decodes ahead. When decoding falls more than
 * {@value #MAX_LAG_PERIODS} periods behind, the clock is moved instead of pushing a burst
 * of late frames, which the encoder would drop. After the last unit the task waits for
 * the end of its period, so the finished event comes when the last frame has had its
 * display time.
 * <p>
 * Each tick runs under this object's monitor, as does {@link #stop()}: stopping waits for
 * a tick in progress, then releases the decoder and the scheduled task itself.
 */
final class Playback implements Runnable {

	private static final Log logger = LogFactory.getLog(Playback.class);

	private static final int MAX_LAG_PERIODS = 5;

	private static final long PREROLL_NANOS = 1_000_000_000L;

	private final LocalTrack track;

	private final Supplier<MediaFileSource> opener;

	private final MediaScheduler scheduler;

	private final EventDispatcher dispatcher;

	private final NativeResources resources;

	private final CompletableFuture<PlaybackResult> future = new CompletableFuture<>();

	private MediaFileSource source;

	private ScheduledFuture<?> next;

	private long startNanos;

	private long clockNanos;

	private long units;

	private volatile boolean finished;

	Playback(LocalTrack track, Supplier<MediaFileSource> opener, MediaScheduler scheduler, EventDispatcher dispatcher,
			NativeResources resources) {
		this.track = track;
		this.opener = opener;
		this.scheduler = scheduler;
		this.dispatcher = dispatcher;
		this.resources = resources;
	}

	CompletableFuture<PlaybackResult> future() {
		return this.future;
	}

	boolean isFinished() {
		return this.finished;
	}

	/** Schedules the first tick; call once, after the track accepted the playback. */
	synchronized void start() {
		this.resources.playbackStarted();
		this.next = this.scheduler.schedule(this, 0);
		if (this.next == null) {
			fail(new OperationRejectedException("Specter's media threads are shut down"));
		}
	}

	@Override
	public synchronized void run() {
		if (this.finished) {
			return;
		}
		try {
			if (this.source == null) {
				this.source = this.opener.get();
				// Pre-roll: decode ahead before the clock starts, so a cold decoder (JIT)
				// does not
				// make the first second late and bursty.
				this.source.prepareAhead(System.nanoTime() + PREROLL_NANOS);
				this.startNanos = System.nanoTime();
				this.clockNanos = this.startNanos;
			}
			if (this.track.isClosed()) {
				finish(PlaybackOutcome.STOPPED);
				return;
			}
			long period = this.source.periodNanos();
			if (!this.source.pushNext(this.track)) {
				finish(PlaybackOutcome.COMPLETED);
				return;
			}
			this.units++;
			long due = this.clockNanos + this.units * period;
			long now = System.nanoTime();
			if (now - due > MAX_LAG_PERIODS * period) {
				this.clockNanos = now - this.units * period;
				due = now;
			}
			this.source.prepareAhead(due);
			this.next = this.scheduler.schedule(this, due - System.nanoTime());
			if (this.next == null) {
				finish(PlaybackOutcome.STOPPED);
			}
		}
		catch (SpecterException ex) {
			fail(ex);
		}
		catch (Throwable ex) {
			logger.warn("Playback on track " + this.track.id + " failed", ex);
			fail(new OperationRejectedException("playback failed: " + PeerConnectionSession.reason(ex)));
		}
	}

	/**
	 * Stops the playback if it is running; returns {@code true} if this call stopped it.
	 */
	boolean stop() {
		synchronized (this) {
			if (this.finished) {
				return false;
			}
			if (this.next != null) {
				this.next.cancel(false);
			}
			finish(PlaybackOutcome.STOPPED);
			return true;
		}
	}

	/** Called under the monitor. */
	private void finish(PlaybackOutcome outcome) {
		if (!release()) {
			return;
		}
		PlaybackResult result = new PlaybackResult(this.track.id, outcome, this.units,
				Duration.ofNanos((this.startNanos > 0) ? System.nanoTime() - this.startNanos : 0));
		for (PeerConnectionMedia media : this.track.attachments()) {
			media.session()
				.post(new PlaybackFinished(media.session().specter, media.session().id, this.track.id, outcome,
						this.units));
		}
		this.dispatcher.complete(this.future, result);
	}

	/** Called under the monitor. */
	private void fail(SpecterException failure) {
		if (!release()) {
			return;
		}
		ErrorCode code = failure.code();
		for (PeerConnectionMedia media : this.track.attachments()) {
			media.session()
				.post(new OperationFailed(media.session().specter, media.session().id, Operation.PLAY_FILE, code,
						failure.getMessage()));
		}
		this.dispatcher.fail(this.future, failure);
	}

	private boolean release() {
		if (this.finished) {
			return false;
		}
		this.finished = true;
		if (this.source != null) {
			this.source.close();
		}
		this.resources.playbackEnded();
		return true;
	}

}
