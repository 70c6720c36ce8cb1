package dev.specter.webrtc;

import java.util.concurrent.atomic.AtomicLong;

import dev.specter.dispatch.Mailbox;
import dev.specter.media.ReceivedAudio;
import dev.specter.media.ReceivedVideoFrame;

/**
 * Bounds the bytes of received media waiting in one sink subscription's mailbox, which
 * also bounds their number (30 video frames, 100 audio chunks): 30 frames of a 4K stream
 * are 370 MB. Past {@code max} bytes ({@code specter.media.max-queued-bytes}; a frame
 * arriving into an empty backlog always fits) a frame is dropped and counted as the
 * mailbox's own drops are.
 * <p>
 * Internal to Specter: public only so that the worker package can use it; not part of the
 * API.
 */
public final class SinkBacklog {

	private final Mailbox mailbox;

	private final long max;

	private final AtomicLong queued = new AtomicLong();

	/**
	 * A backlog for one subscription.
	 * @param mailbox the subscription's mailbox
	 * @param max the bytes that may wait (see
	 * {@link RuntimeSettings#maxSinkQueuedBytes()})
	 */
	public SinkBacklog(Mailbox mailbox, long max) {
		this.mailbox = mailbox;
		this.max = max;
	}

	/**
	 * Posts the delivery of a frame or audio chunk, unless the media waiting already hold
	 * the bound.
	 * @param media a {@link ReceivedVideoFrame} or a {@link ReceivedAudio}
	 * @param deliver delivers it (runs in the mailbox)
	 * @return whether it was posted
	 */
	public boolean post(Object media, Runnable deliver) {
		long size = sizeOf(media);
		long now = this.queued.addAndGet(size);
		if (now > this.max && now != size) {
			this.queued.addAndGet(-size);
			return false;
		}
		boolean posted = this.mailbox.post(() -> {
			this.queued.addAndGet(-size);
			deliver.run();
		}, true, "frame");
		if (!posted) {
			this.queued.addAndGet(-size);
		}
		return posted;
	}

	/**
	 * Bytes of media waiting in the mailbox.
	 * @return the bytes
	 */
	public long queuedBytes() {
		return this.queued.get();
	}

	static long sizeOf(Object media) {
		if (media instanceof ReceivedVideoFrame frame) {
			return frame.i420().length;
		}
		if (media instanceof ReceivedAudio audio) {
			return audio.pcm().length;
		}
		return 0;
	}

}
