package dev.specter.webrtc;

import java.nio.ByteBuffer;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Function;

import dev.onvoid.webrtc.CreateSessionDescriptionObserver;
import dev.onvoid.webrtc.PeerConnectionObserver;
import dev.onvoid.webrtc.RTCDataChannel;
import dev.onvoid.webrtc.RTCDataChannelBuffer;
import dev.onvoid.webrtc.RTCDataChannelObserver;
import dev.onvoid.webrtc.RTCIceCandidate;
import dev.onvoid.webrtc.RTCIceConnectionState;
import dev.onvoid.webrtc.RTCIceGatheringState;
import dev.onvoid.webrtc.RTCPeerConnectionIceErrorEvent;
import dev.onvoid.webrtc.RTCPeerConnectionState;
import dev.onvoid.webrtc.RTCRtpReceiver;
import dev.onvoid.webrtc.RTCRtpTransceiver;
import dev.onvoid.webrtc.RTCSessionDescription;
import dev.onvoid.webrtc.RTCSignalingState;
import dev.onvoid.webrtc.RTCStatsCollectorCallback;
import dev.onvoid.webrtc.RTCStatsReport;
import dev.onvoid.webrtc.SetSessionDescriptionObserver;
import dev.onvoid.webrtc.media.audio.AudioTrackSink;
import dev.onvoid.webrtc.media.video.I420Buffer;
import dev.onvoid.webrtc.media.video.VideoFrame;
import dev.onvoid.webrtc.media.video.VideoTrackSink;
import dev.specter.datachannel.DataChannelState;
import dev.specter.media.ReceivedAudio;
import dev.specter.media.ReceivedVideoFrame;
import dev.specter.signaling.ConnectionState;
import dev.specter.signaling.IceCandidate;
import dev.specter.signaling.IceConnectionState;
import dev.specter.signaling.IceGatheringState;
import dev.specter.signaling.SessionDescription;
import dev.specter.signaling.SignalingState;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Every callback webrtc-java makes into Specter, and nothing else: peer connection and
 * data channel observers, session description observers, stats callbacks and media sinks.
 * They run on the engine's threads (one signaling thread per factory; decoding threads
 * for sinks), where an exception that escapes aborts the JVM and blocking can deadlock.
 * So each body catches {@link Throwable}, copies what it needs out of the engine's
 * objects (a message buffer is freed when {@code onMessage} returns), and forwards plain
 * values to a plain Java target; no other class implements a webrtc-java callback.
 * <p>
 * The connection and channel observers are detachable: webrtc-java 0.14 never frees a
 * closed connection, and its native side keeps a global reference to the registered
 * observer for ever; {@code detach()} drops the target so that a closed connection does
 * not keep its whole Java session (mailbox, channels, media) on the heap.
 */
final class NativeCallbacks {

	private static final Log logger = LogFactory.getLog(NativeCallbacks.class);

	private NativeCallbacks() {
	}

	/**
	 * Runs a callback body; whatever it throws is logged, never returned to the engine.
	 * @param owner what the callback is about, for the log ("peer connection …")
	 * @param what the callback, for the log
	 * @param body the body
	 */
	static void guard(String owner, String what, Runnable body) {
		try {
			body.run();
		}
		catch (Throwable ex) {
			logger.error("Native callback '" + what + "' of " + owner + " failed", ex);
		}
	}

	// ---- peer connection
	// ---------------------------------------------------------------------

	/**
	 * What a peer connection hears from the engine, on its signaling thread. The
	 * transceiver, receiver and channel are native objects the target must use only as
	 * its rules allow; everything else is a copy.
	 */
	interface ConnectionEvents {

		void iceCandidate(IceCandidate candidate);

		void iceCandidateError(IceCandidateErrors.Copy error);

		void signalingState(SignalingState state);

		void connectionState(ConnectionState state);

		void iceConnectionState(IceConnectionState state);

		void iceGatheringState(IceGatheringState state);

		void negotiationNeeded();

		void track(RTCRtpTransceiver transceiver);

		void trackRemoved(RTCRtpReceiver receiver);

		void dataChannel(RTCDataChannel channel);

	}

	/** The observer of one peer connection: forwards to its target until detached. */
	static final class Connection implements PeerConnectionObserver {

		private final String owner;

		private volatile ConnectionEvents target;

		Connection(String owner, ConnectionEvents target) {
			this.owner = owner;
			this.target = target;
		}

		void detach() {
			this.target = null;
		}

		private void forward(String what, Consumer<ConnectionEvents> call) {
			ConnectionEvents t = this.target;
			if (t != null) {
				guard(this.owner, what, () -> call.accept(t));
			}
		}

		@Override
		public void onIceCandidate(RTCIceCandidate candidate) {
			forward("ice candidate", (t) -> t.iceCandidate(Conversions.fromNative(candidate)));
		}

		@Override
		public void onIceCandidateError(RTCPeerConnectionIceErrorEvent event) {
			forward("ICE candidate error", (t) -> t.iceCandidateError(new IceCandidateErrors.Copy(event.getUrl(),
					event.getAddress(), event.getPort(), event.getErrorCode(), event.getErrorText())));
		}

		@Override
		public void onSignalingChange(RTCSignalingState state) {
			forward("signaling state", (t) -> t.signalingState(Conversions.state(state)));
		}

		@Override
		public void onConnectionChange(RTCPeerConnectionState state) {
			forward("connection state", (t) -> t.connectionState(Conversions.state(state)));
		}

		@Override
		public void onIceConnectionChange(RTCIceConnectionState state) {
			forward("ICE connection state", (t) -> t.iceConnectionState(Conversions.state(state)));
		}

		@Override
		public void onIceGatheringChange(RTCIceGatheringState state) {
			forward("ICE gathering state", (t) -> t.iceGatheringState(Conversions.state(state)));
		}

		@Override
		public void onRenegotiationNeeded() {
			forward("negotiation needed", ConnectionEvents::negotiationNeeded);
		}

		@Override
		public void onTrack(RTCRtpTransceiver transceiver) {
			forward("remote track", (t) -> t.track(transceiver));
		}

		@Override
		public void onRemoveTrack(RTCRtpReceiver receiver) {
			forward("remote track removed", (t) -> t.trackRemoved(receiver));
		}

		@Override
		public void onDataChannel(RTCDataChannel channel) {
			forward("remote data channel", (t) -> t.dataChannel(channel));
		}

	}

	// ---- session descriptions
	// ----------------------------------------------------------------

	/**
	 * The observer of a {@code createOffer} or {@code createAnswer}: the description is
	 * copied before {@code success} sees it.
	 */
	static CreateSessionDescriptionObserver created(String owner, String what, Consumer<SessionDescription> success,
			Consumer<String> failure) {
		return new CreateSessionDescriptionObserver() {

			@Override
			public void onSuccess(RTCSessionDescription description) {
				guard(owner, what, () -> success.accept(Conversions.fromNative(description)));
			}

			@Override
			public void onFailure(String error) {
				guard(owner, what, () -> failure.accept(error));
			}

		};
	}

	/**
	 * The observer of a {@code setLocalDescription} or {@code setRemoteDescription}:
	 * {@code then} runs after either outcome, even if it failed.
	 */
	static SetSessionDescriptionObserver applied(String owner, String what, Runnable success, Consumer<String> failure,
			Runnable then) {
		return new SetSessionDescriptionObserver() {

			@Override
			public void onSuccess() {
				try {
					guard(owner, what, success);
				}
				finally {
					guard(owner, what, then);
				}
			}

			@Override
			public void onFailure(String error) {
				try {
					guard(owner, what, () -> failure.accept(error));
				}
				finally {
					guard(owner, what, then);
				}
			}

		};
	}

	// ---- statistics
	// --------------------------------------------------------------------------

	/**
	 * The callback of a {@code getStats} call: {@code copy} reads the report on the
	 * engine's thread, {@code then} receives the copy.
	 */
	static <T> RTCStatsCollectorCallback stats(String owner, String what, Function<RTCStatsReport, T> copy,
			Consumer<T> then) {
		return (report) -> guard(owner, what, () -> then.accept(copy.apply(report)));
	}

	// ---- data channels
	// -----------------------------------------------------------------------

	/** What a data channel hears from the engine, on its signaling thread. */
	interface ChannelEvents {

		void stateChanged(DataChannelState state);

		/**
		 * A message, copied.
		 * @param binary whether it is binary
		 * @param bytes its bytes (the target's to keep)
		 */
		void message(boolean binary, byte[] bytes);

		/**
		 * Whether the target wants the buffered amount now: asked on every change, before
		 * the amount is read (a read costs a native call).
		 */
		boolean wantsBufferedAmount();

		void bufferedAmountChanged(long amount);

	}

	/** The observer of one data channel: forwards to its target until detached. */
	static final class Channel implements RTCDataChannelObserver {

		private final String owner;

		private final RTCDataChannel channel;

		private volatile ChannelEvents target;

		Channel(String owner, RTCDataChannel channel, ChannelEvents target) {
			this.owner = owner;
			this.channel = channel;
			this.target = target;
		}

		void detach() {
			this.target = null;
		}

		@Override
		public void onStateChange() {
			ChannelEvents t = this.target;
			if (t != null) {
				guard(this.owner, "data channel state",
						() -> t.stateChanged(Conversions.state(this.channel.getState())));
			}
		}

		@Override
		public void onMessage(RTCDataChannelBuffer buffer) {
			ChannelEvents t = this.target;
			if (t != null) {
				guard(this.owner, "data channel message", () -> {
					ByteBuffer data = buffer.data;
					byte[] bytes = new byte[data.remaining()];
					data.get(bytes);
					t.message(buffer.binary, bytes);
				});
			}
		}

		@Override
		public void onBufferedAmountChange(long previousAmount) {
			ChannelEvents t = this.target;
			if (t != null) {
				guard(this.owner, "buffered amount", () -> {
					// Nothing waits for the buffer to drain (the common case of small
					// messages): no query.
					if (t.wantsBufferedAmount()) {
						t.bufferedAmountChanged(this.channel.getBufferedAmount());
					}
				});
			}
		}

	}

	// ---- media sinks (decoding threads)
	// ------------------------------------------------------

	/**
	 * A video sink: copies each I420 frame while {@code active} says so, releases the
	 * native frame at once, and hands the copy to {@code target}.
	 */
	static final class VideoSink implements VideoTrackSink {

		private final BooleanSupplier active;

		private final Consumer<ReceivedVideoFrame> target;

		VideoSink(BooleanSupplier active, Consumer<ReceivedVideoFrame> target) {
			this.active = active;
			this.target = target;
		}

		@Override
		public void onVideoFrame(VideoFrame frame) {
			try {
				if (this.active.getAsBoolean() && frame.buffer instanceof I420Buffer i420) {
					this.target.accept(copy(frame, i420));
				}
			}
			catch (Throwable ex) {
				logger.debug("Copying a video frame failed", ex);
			}
			finally {
				try {
					frame.release();
				}
				catch (Throwable ex) {
					// nothing more can be done on the engine's thread
				}
			}
		}

		static ReceivedVideoFrame copy(VideoFrame frame, I420Buffer buffer) {
			int width = buffer.getWidth();
			int height = buffer.getHeight();
			int chromaWidth = (width + 1) / 2;
			int chromaHeight = (height + 1) / 2;
			byte[] out = new byte[width * height + 2 * chromaWidth * chromaHeight];
			int offset = copyPlane(buffer.getDataY(), buffer.getStrideY(), width, height, out, 0);
			offset = copyPlane(buffer.getDataU(), buffer.getStrideU(), chromaWidth, chromaHeight, out, offset);
			copyPlane(buffer.getDataV(), buffer.getStrideV(), chromaWidth, chromaHeight, out, offset);
			return new ReceivedVideoFrame(width, height, frame.rotation, frame.timestampNs, out);
		}

		private static int copyPlane(ByteBuffer plane, int stride, int width, int height, byte[] out, int offset) {
			for (int row = 0; row < height; row++) {
				plane.get(row * stride, out, offset, width);
				offset += width;
			}
			return offset;
		}

	}

	/**
	 * An audio sink: copies the PCM of each callback while {@code active} says so and
	 * hands it to {@code target}.
	 */
	static final class AudioSink implements AudioTrackSink {

		private final BooleanSupplier active;

		private final Consumer<ReceivedAudio> target;

		AudioSink(BooleanSupplier active, Consumer<ReceivedAudio> target) {
			this.active = active;
			this.target = target;
		}

		@Override
		public void onData(byte[] data, int bitsPerSample, int sampleRate, int channels, int frames) {
			try {
				if (this.active.getAsBoolean() && data != null) {
					int length = Math.min(data.length, Math.max(0, frames * channels * (bitsPerSample / 8)));
					byte[] pcm = new byte[length];
					System.arraycopy(data, 0, pcm, 0, length);
					this.target.accept(new ReceivedAudio(pcm, bitsPerSample, sampleRate, channels, frames));
				}
			}
			catch (Throwable ex) {
				logger.debug("Copying audio failed", ex);
			}
		}

	}

}
