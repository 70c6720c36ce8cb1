package dev.specter.webrtc;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.onvoid.webrtc.PeerConnectionFactory;
import dev.onvoid.webrtc.media.MediaStreamTrack;
import dev.onvoid.webrtc.media.audio.CustomAudioSource;
import dev.onvoid.webrtc.media.video.CustomVideoSource;
import dev.onvoid.webrtc.media.video.VideoFrame;
import dev.specter.RtpSenderId;
import dev.specter.TrackId;
import dev.specter.media.MediaKind;
import dev.specter.media.RtpCodecCapability;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * A local track ({@code TrackLocalStaticSample}): a native track over a custom source
 * that Specter feeds, the peer connections it is attached to, and its current playback.
 * <p>
 * Dispose order (webrtc-java 0.14 throws if a track still attached to a sender is
 * disposed): every sender is removed first, then the track, then its source. Pushing
 * frames and disposing are serialised by the monitor of this object, so a frame is never
 * pushed to a freed source.
 */
final class LocalTrack {

	private static final Log logger = LogFactory.getLog(LocalTrack.class);

	final TrackId id;

	final RtpCodecCapability codec;

	final MediaKind kind;

	final String nativeId;

	final String streamId;

	final MediaStreamTrack nativeTrack;

	private final CustomVideoSource videoSource;

	private final CustomAudioSource audioSource;

	private final NativeResources resources;

	/** Sessions the track is attached to, with the sender of each. */
	private final Map<PeerConnectionMedia, RtpSenderId> attachments = new ConcurrentHashMap<>();

	private volatile Playback playback;

	private volatile boolean closed;

	LocalTrack(TrackId id, RtpCodecCapability codec, String nativeId, String streamId, PeerConnectionFactory factory,
			NativeResources resources) {
		this.id = id;
		this.codec = codec;
		this.kind = codec.kind();
		this.nativeId = nativeId;
		this.streamId = streamId;
		this.resources = resources;
		if (this.kind == MediaKind.VIDEO) {
			this.videoSource = new CustomVideoSource();
			this.audioSource = null;
			MediaStreamTrack track;
			try {
				track = NativeInput.createVideoTrack(factory, nativeId, this.videoSource);
			}
			catch (RuntimeException | Error ex) {
				this.videoSource.dispose();
				throw ex;
			}
			this.nativeTrack = track;
		}
		else {
			this.audioSource = new CustomAudioSource();
			this.videoSource = null;
			MediaStreamTrack track;
			try {
				track = NativeInput.createAudioTrack(factory, nativeId, this.audioSource);
			}
			catch (RuntimeException | Error ex) {
				this.audioSource.dispose();
				throw ex;
			}
			this.nativeTrack = track;
		}
		resources.trackOpened();
	}

	boolean isClosed() {
		return this.closed;
	}

	synchronized void pushVideo(VideoFrame frame) {
		if (!this.closed) {
			this.videoSource.pushFrame(frame);
		}
	}

	synchronized void pushAudio(byte[] pcm, int bits, int rate, int channels, int frames) {
		if (!this.closed && pcm.length >= frames * channels * (bits / 8)) {
			this.audioSource.pushAudio(pcm, bits, rate, channels, frames);
		}
	}

	void attached(PeerConnectionMedia media, RtpSenderId sender) {
		this.attachments.put(media, sender);
	}

	boolean isAttachedTo(PeerConnectionMedia media) {
		return this.attachments.containsKey(media);
	}

	/**
	 * Records that a connection no longer sends the track; the playback stops when it was
	 * the last.
	 */
	void detached(PeerConnectionMedia media) {
		if (this.attachments.remove(media) != null && this.attachments.isEmpty()) {
			Playback current = this.playback;
			if (current != null) {
				current.stop();
			}
		}
	}

	List<PeerConnectionMedia> attachments() {
		return List.copyOf(this.attachments.keySet());
	}

	/** Installs a playback unless one is running. */
	synchronized boolean startPlayback(Playback next) {
		if (this.closed || (this.playback != null && !this.playback.isFinished())) {
			return false;
		}
		this.playback = next;
		return true;
	}

	boolean stopPlayback() {
		Playback current = this.playback;
		return current != null && current.stop();
	}

	/**
	 * Stops playback, removes the track from every connection, then frees track and
	 * source.
	 */
	void close() {
		synchronized (this) {
			if (this.closed) {
				return;
			}
		}
		stopPlayback();
		for (Map.Entry<PeerConnectionMedia, RtpSenderId> entry : Map.copyOf(this.attachments).entrySet()) {
			entry.getKey().removeSenderOfClosedTrack(entry.getValue());
		}
		this.attachments.clear();
		synchronized (this) {
			this.closed = true;
			try {
				this.nativeTrack.dispose();
				this.resources.trackDisposed();
			}
			catch (Throwable ex) {
				logger.warn("Disposing track " + this.id + " failed: " + PeerConnectionSession.reason(ex));
			}
			try {
				if (this.videoSource != null) {
					this.videoSource.dispose();
				}
				else {
					this.audioSource.dispose();
				}
				this.resources.mediaSourceDisposed();
			}
			catch (Throwable ex) {
				logger
					.warn("Disposing the source of track " + this.id + " failed: " + PeerConnectionSession.reason(ex));
			}
		}
	}

}
