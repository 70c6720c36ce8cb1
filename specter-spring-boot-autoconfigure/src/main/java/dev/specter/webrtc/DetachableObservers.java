package dev.specter.webrtc;

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
import dev.onvoid.webrtc.RTCSignalingState;
import dev.onvoid.webrtc.media.MediaStream;

/**
 * The observers Specter registers with webrtc-java: thin forwarders whose target is
 * dropped when the connection or channel is closed. webrtc-java 0.14 never frees a closed
 * connection, and its native side keeps a global reference to the registered observer for
 * ever; without this, every closed connection would keep its whole Java session (mailbox,
 * channels, media) on the heap.
 */
final class DetachableObservers {

	private DetachableObservers() {
	}

	/** Forwards to a {@link PeerConnectionObserver} until detached. */
	static final class Connection implements PeerConnectionObserver {

		private volatile PeerConnectionObserver target;

		Connection(PeerConnectionObserver target) {
			this.target = target;
		}

		void detach() {
			this.target = null;
		}

		@Override
		public void onSignalingChange(RTCSignalingState state) {
			PeerConnectionObserver t = this.target;
			if (t != null) {
				t.onSignalingChange(state);
			}
		}

		@Override
		public void onConnectionChange(RTCPeerConnectionState state) {
			PeerConnectionObserver t = this.target;
			if (t != null) {
				t.onConnectionChange(state);
			}
		}

		@Override
		public void onIceConnectionChange(RTCIceConnectionState state) {
			PeerConnectionObserver t = this.target;
			if (t != null) {
				t.onIceConnectionChange(state);
			}
		}

		@Override
		public void onStandardizedIceConnectionChange(RTCIceConnectionState state) {
			PeerConnectionObserver t = this.target;
			if (t != null) {
				t.onStandardizedIceConnectionChange(state);
			}
		}

		@Override
		public void onIceConnectionReceivingChange(boolean receiving) {
			PeerConnectionObserver t = this.target;
			if (t != null) {
				t.onIceConnectionReceivingChange(receiving);
			}
		}

		@Override
		public void onIceGatheringChange(RTCIceGatheringState state) {
			PeerConnectionObserver t = this.target;
			if (t != null) {
				t.onIceGatheringChange(state);
			}
		}

		@Override
		public void onIceCandidate(RTCIceCandidate candidate) {
			PeerConnectionObserver t = this.target;
			if (t != null) {
				t.onIceCandidate(candidate);
			}
		}

		@Override
		public void onIceCandidateError(RTCPeerConnectionIceErrorEvent event) {
			PeerConnectionObserver t = this.target;
			if (t != null) {
				t.onIceCandidateError(event);
			}
		}

		@Override
		public void onIceCandidatesRemoved(RTCIceCandidate[] candidates) {
			PeerConnectionObserver t = this.target;
			if (t != null) {
				t.onIceCandidatesRemoved(candidates);
			}
		}

		@Override
		public void onAddStream(MediaStream stream) {
			PeerConnectionObserver t = this.target;
			if (t != null) {
				t.onAddStream(stream);
			}
		}

		@Override
		public void onRemoveStream(MediaStream stream) {
			PeerConnectionObserver t = this.target;
			if (t != null) {
				t.onRemoveStream(stream);
			}
		}

		@Override
		public void onDataChannel(RTCDataChannel channel) {
			PeerConnectionObserver t = this.target;
			if (t != null) {
				t.onDataChannel(channel);
			}
		}

		@Override
		public void onRenegotiationNeeded() {
			PeerConnectionObserver t = this.target;
			if (t != null) {
				t.onRenegotiationNeeded();
			}
		}

		@Override
		public void onAddTrack(RTCRtpReceiver receiver, MediaStream[] streams) {
			PeerConnectionObserver t = this.target;
			if (t != null) {
				t.onAddTrack(receiver, streams);
			}
		}

		@Override
		public void onRemoveTrack(RTCRtpReceiver receiver) {
			PeerConnectionObserver t = this.target;
			if (t != null) {
				t.onRemoveTrack(receiver);
			}
		}

		@Override
		public void onTrack(RTCRtpTransceiver transceiver) {
			PeerConnectionObserver t = this.target;
			if (t != null) {
				t.onTrack(transceiver);
			}
		}

	}

	/** Forwards to an {@link RTCDataChannelObserver} until detached. */
	static final class Channel implements RTCDataChannelObserver {

		private volatile RTCDataChannelObserver target;

		Channel(RTCDataChannelObserver target) {
			this.target = target;
		}

		void detach() {
			this.target = null;
		}

		@Override
		public void onBufferedAmountChange(long previousAmount) {
			RTCDataChannelObserver t = this.target;
			if (t != null) {
				t.onBufferedAmountChange(previousAmount);
			}
		}

		@Override
		public void onStateChange() {
			RTCDataChannelObserver t = this.target;
			if (t != null) {
				t.onStateChange();
			}
		}

		@Override
		public void onMessage(RTCDataChannelBuffer buffer) {
			RTCDataChannelObserver t = this.target;
			if (t != null) {
				t.onMessage(buffer);
			}
		}

	}

}
