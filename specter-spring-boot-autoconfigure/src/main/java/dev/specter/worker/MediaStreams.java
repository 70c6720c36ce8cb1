package dev.specter.worker;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import dev.specter.PeerConnectionId;
import dev.specter.TrackId;
import dev.specter.dispatch.Mailbox;
import dev.specter.media.MediaKind;
import dev.specter.media.MediaSink;
import dev.specter.media.MediaSubscription;
import dev.specter.webrtc.SinkBacklog;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * The media subscriptions of a {@link WorkerSpecterFactory}'s instances: the decoded
 * frames and audio a worker streams for a subscription ({@link Frames#MEDIA}) are handed
 * to its sink as in process: through a small bounded {@link Mailbox} per subscription on
 * the dispatch threads, a sink that falls behind losing frames (counted, with those the
 * worker dropped) rather than anything buffering without bound. A subscription ends when
 * closed, when its track ends ({@code RemoteTrackEnded}) or when its connection closes.
 */
final class MediaStreams {

	private static final Log logger = LogFactory.getLog(MediaStreams.class);

	/** As in process: the frames or chunks waiting for a sink at most. */
	static final int VIDEO_QUEUE = 30;

	static final int AUDIO_QUEUE = 100;

	private final WorkerSpecterFactory factory;

	private final AtomicLong ids = new AtomicLong();

	private final Map<Long, Subscription> subscriptions = new ConcurrentHashMap<>();

	MediaStreams(WorkerSpecterFactory factory) {
		this.factory = factory;
	}

	/**
	 * Registers a subscription before the worker is asked to feed it (so that no frame
	 * finds it missing); {@link Subscription#discard()} it if the worker refuses.
	 */
	Subscription register(Route route, String specterKey, TrackId track, MediaKind kind, MediaSink<?> sink) {
		long id = this.ids.incrementAndGet();
		Subscription subscription = new Subscription(id, route, specterKey, track, sink,
				(kind == MediaKind.VIDEO) ? VIDEO_QUEUE : AUDIO_QUEUE);
		this.subscriptions.put(id, subscription);
		return subscription;
	}

	/** A {@link Frames#MEDIA} frame (on the worker's reader thread). */
	void deliver(Frames.Frame frame) {
		Subscription subscription = this.subscriptions.get(frame.id());
		if (subscription != null) {
			subscription.offer(MediaFrames.decode(frame.payload()));
		}
	}

	/** A remote track ended: its subscriptions end. */
	void trackEnded(PeerConnectionId peerConnection, TrackId track) {
		for (Subscription subscription : this.subscriptions.values()) {
			if (subscription.route.peerConnection().equals(peerConnection) && subscription.track.equals(track)) {
				subscription.end();
			}
		}
	}

	/** A connection closed (or its worker died): its subscriptions end. */
	void closed(Route route) {
		for (Subscription subscription : this.subscriptions.values()) {
			if (subscription.route == route) {
				subscription.end();
			}
		}
	}

	/** Subscriptions registered and not ended. */
	int size() {
		return this.subscriptions.size();
	}

	/** A sink registered on a remote track of a connection held by a worker. */
	final class Subscription implements MediaSubscription {

		private final long id;

		private final Route route;

		private final String specterKey;

		private final TrackId track;

		@SuppressWarnings("rawtypes")
		private final MediaSink sink;

		private final SinkBacklog backlog;

		private final AtomicLong delivered = new AtomicLong();

		private final AtomicLong dropped = new AtomicLong();

		private volatile long workerDropped;

		private volatile boolean active = true;

		Subscription(long id, Route route, String specterKey, TrackId track, MediaSink<?> sink, int capacity) {
			this.id = id;
			this.route = route;
			this.specterKey = specterKey;
			this.track = track;
			this.sink = sink;
			this.backlog = new SinkBacklog(new Mailbox("media sink of track " + track,
					MediaStreams.this.factory.dispatcher().executor(), capacity),
					MediaStreams.this.factory.settings().maxSinkQueuedBytes());
		}

		long id() {
			return this.id;
		}

		void offer(MediaFrames.Decoded decoded) {
			if (!this.active) {
				return;
			}
			this.workerDropped = decoded.dropped();
			if (!this.backlog.post(decoded.media(), () -> deliver(decoded.media()))) {
				this.dropped.incrementAndGet();
			}
		}

		@SuppressWarnings("unchecked")
		private void deliver(Object media) {
			if (!this.active) {
				return;
			}
			try {
				this.sink.accept(media);
			}
			catch (Throwable ex) {
				logger.error("A media sink of track " + this.track + " failed", ex);
			}
			this.delivered.incrementAndGet();
		}

		@Override
		public long delivered() {
			return this.delivered.get();
		}

		@Override
		public long dropped() {
			return this.dropped.get() + this.workerDropped;
		}

		@Override
		public boolean isActive() {
			return this.active;
		}

		@Override
		public void close() {
			if (end()) {
				// not waiting for the answer: frames still on their way are discarded
				// here
				this.route.worker().call(this.specterKey, "stopReceiving", this.id);
			}
		}

		/** Stops delivery and forgets the subscription; the first call returns true. */
		boolean end() {
			boolean wasActive = this.active;
			this.active = false;
			return MediaStreams.this.subscriptions.remove(this.id, this) && wasActive;
		}

		/** The worker refused the subscription. */
		void discard() {
			end();
		}

	}

}
