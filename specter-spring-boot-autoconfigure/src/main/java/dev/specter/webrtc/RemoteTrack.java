package dev.specter.webrtc;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import dev.onvoid.webrtc.media.MediaStreamTrack;
import dev.onvoid.webrtc.media.audio.AudioTrack;
import dev.onvoid.webrtc.media.video.VideoTrack;
import dev.specter.ErrorCode;
import dev.specter.InvalidInputException;
import dev.specter.TrackId;
import dev.specter.TransceiverId;
import dev.specter.dispatch.Mailbox;
import dev.specter.media.MediaKind;
import dev.specter.media.MediaSink;
import dev.specter.media.MediaSubscription;
import dev.specter.media.ReceivedAudio;
import dev.specter.media.ReceivedVideoFrame;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * A track received from the remote peer, and the media sinks registered on it. The engine
 * calls sinks on its decoding threads: they copy the frame, release the native one at
 * once, and hand the copy to a small bounded {@link Mailbox}, so the application's sink
 * runs on Specter's dispatch threads and a slow sink loses frames instead of stalling the
 * decoder. Sinks are added and removed under this object's monitor (webrtc-java's sink
 * table is not thread-safe).
 */
final class RemoteTrack {

	private static final Log logger = LogFactory.getLog(RemoteTrack.class);

	private static final int VIDEO_QUEUE = 30;

	private static final int AUDIO_QUEUE = 100;

	final TrackId id;

	final MediaKind kind;

	final String nativeId;

	final TransceiverId transceiver;

	/**
	 * Native pointer of the transceiver that receives this track. webrtc-java's wrappers
	 * hold raw pointers without a reference: once libwebrtc drops the transceiver (its
	 * m-section rejected or stopped), the receiver and perhaps the track are freed, so
	 * every use is checked against the connection's live transceivers first (see
	 * {@link PeerConnectionMedia}).
	 */
	final long transceiverHandle;

	/** The media id of its m-section when announced, or {@code null}. */
	final String mid;

	private final MediaStreamTrack track;

	private final PeerConnectionSession owner;

	private final Set<Subscription<?>> subscriptions = ConcurrentHashMap.newKeySet();

	private volatile boolean ended;

	RemoteTrack(TrackId id, MediaKind kind, String nativeId, TransceiverId transceiver, long transceiverHandle,
			String mid, MediaStreamTrack track, PeerConnectionSession owner) {
		this.id = id;
		this.kind = kind;
		this.nativeId = nativeId;
		this.transceiver = transceiver;
		this.transceiverHandle = transceiverHandle;
		this.mid = mid;
		this.track = track;
		this.owner = owner;
	}

	boolean isEnded() {
		return this.ended;
	}

	synchronized MediaSubscription receiveVideo(MediaSink<ReceivedVideoFrame> sink) {
		checkNotEnded();
		VideoSubscription subscription = new VideoSubscription(sink);
		// registered once added: a refused sink leaves nothing behind
		((VideoTrack) this.track).addSink(subscription.nativeSink);
		register(subscription);
		return subscription;
	}

	synchronized MediaSubscription receiveAudio(MediaSink<ReceivedAudio> sink) {
		checkNotEnded();
		AudioSubscription subscription = new AudioSubscription(sink);
		// registered once added: a refused sink leaves nothing behind
		((AudioTrack) this.track).addSink(subscription.nativeSink);
		register(subscription);
		return subscription;
	}

	private void checkNotEnded() {
		if (this.ended) {
			throw new InvalidInputException(ErrorCode.INVALID_TRACK, "track " + this.id + " has ended");
		}
	}

	private void register(Subscription<?> subscription) {
		this.subscriptions.add(subscription);
		this.owner.resources.sinkAdded();
	}

	/** Unregisters every sink; the track delivers nothing more. Idempotent. */
	synchronized void end() {
		this.ended = true;
		for (Subscription<?> subscription : Set.copyOf(this.subscriptions)) {
			subscription.close();
		}
	}

	/**
	 * Ends the track after its native objects may have been freed: the sinks stop
	 * delivering and are forgotten without a native call (a sink left registered on a
	 * freed track is a small leak; a call on it would be a crash). Idempotent.
	 */
	synchronized void endDetached() {
		this.ended = true;
		for (Subscription<?> subscription : Set.copyOf(this.subscriptions)) {
			subscription.active = false;
			if (this.subscriptions.remove(subscription)) {
				this.owner.resources.sinkRemoved();
			}
		}
	}

	private synchronized void unregister(Subscription<?> subscription) {
		if (!this.subscriptions.remove(subscription)) {
			return;
		}
		try {
			if (subscription instanceof VideoSubscription video) {
				((VideoTrack) this.track).removeSink(video.nativeSink);
			}
			else if (subscription instanceof AudioSubscription audio) {
				((AudioTrack) this.track).removeSink(audio.nativeSink);
			}
		}
		catch (Throwable ex) {
			logger.debug("Removing a sink of track " + this.id + " failed: " + PeerConnectionSession.reason(ex));
		}
		this.owner.resources.sinkRemoved();
	}

	private abstract class Subscription<T> implements MediaSubscription {

		private final MediaSink<T> sink;

		private final SinkBacklog backlog;

		private final AtomicLong delivered = new AtomicLong();

		private final AtomicLong dropped = new AtomicLong();

		private volatile boolean active = true;

		Subscription(MediaSink<T> sink, int capacity) {
			this.sink = sink;
			this.backlog = new SinkBacklog(
					new Mailbox("media sink of track " + RemoteTrack.this.id,
							RemoteTrack.this.owner.dispatcher.executor(), capacity),
					RemoteTrack.this.owner.settings.maxSinkQueuedBytes());
		}

		/** Called on the engine's thread with a copy. */
		void offer(T media) {
			boolean queued = this.backlog.post(media, () -> deliver(media));
			if (!queued) {
				this.dropped.incrementAndGet();
			}
		}

		private void deliver(T media) {
			if (!this.active) {
				return;
			}
			try {
				this.sink.accept(media);
			}
			catch (Throwable ex) {
				logger.error("A media sink of track " + RemoteTrack.this.id + " failed", ex);
			}
			this.delivered.incrementAndGet();
		}

		@Override
		public long delivered() {
			return this.delivered.get();
		}

		@Override
		public long dropped() {
			return this.dropped.get();
		}

		@Override
		public boolean isActive() {
			return this.active;
		}

		@Override
		public void close() {
			this.active = false;
			unregister(this);
		}

	}

	private final class VideoSubscription extends Subscription<ReceivedVideoFrame> {

		/** What the engine calls on its decoding thread (see {@link NativeCallbacks}). */
		final NativeCallbacks.VideoSink nativeSink = new NativeCallbacks.VideoSink(this::isActive, this::offer);

		VideoSubscription(MediaSink<ReceivedVideoFrame> sink) {
			super(sink, VIDEO_QUEUE);
		}

	}

	private final class AudioSubscription extends Subscription<ReceivedAudio> {

		/** What the engine calls on its decoding thread (see {@link NativeCallbacks}). */
		final NativeCallbacks.AudioSink nativeSink = new NativeCallbacks.AudioSink(this::isActive, this::offer);

		AudioSubscription(MediaSink<ReceivedAudio> sink) {
			super(sink, AUDIO_QUEUE);
		}

	}

}
