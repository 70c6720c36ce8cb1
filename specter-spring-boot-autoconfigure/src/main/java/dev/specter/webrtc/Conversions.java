package dev.specter.webrtc;

import dev.onvoid.webrtc.RTCDataChannel;
import dev.onvoid.webrtc.RTCDataChannelState;
import dev.onvoid.webrtc.RTCIceCandidate;
import dev.onvoid.webrtc.RTCIceConnectionState;
import dev.onvoid.webrtc.RTCIceGatheringState;
import dev.onvoid.webrtc.RTCPeerConnectionState;
import dev.onvoid.webrtc.RTCRtpTransceiverDirection;
import dev.onvoid.webrtc.RTCSessionDescription;
import dev.onvoid.webrtc.RTCSignalingState;
import dev.specter.ErrorCode;
import dev.specter.InvalidInputException;
import dev.specter.datachannel.DataChannelOptions;
import dev.specter.datachannel.DataChannelState;
import dev.specter.media.TransceiverDirection;
import dev.specter.signaling.ConnectionState;
import dev.specter.signaling.IceCandidate;
import dev.specter.signaling.IceConnectionState;
import dev.specter.signaling.IceGatheringState;
import dev.specter.signaling.SdpType;
import dev.specter.signaling.SessionDescription;
import dev.specter.signaling.SignalingState;

/**
 * Maps webrtc-java's objects and states to Specter's types. The other direction (text
 * into the engine) is {@link NativeInput}'s alone.
 */
final class Conversions {

	private Conversions() {
	}

	static SessionDescription fromNative(RTCSessionDescription description) {
		if (description == null) {
			return null;
		}
		SdpType type = switch (description.sdpType) {
			case OFFER -> SdpType.OFFER;
			case PR_ANSWER -> SdpType.PRANSWER;
			case ANSWER -> SdpType.ANSWER;
			case ROLLBACK -> SdpType.ROLLBACK;
		};
		return new SessionDescription(type, (description.sdp != null) ? description.sdp : "");
	}

	static IceCandidate fromNative(RTCIceCandidate candidate) {
		return new IceCandidate(candidate.sdp, candidate.sdpMid, candidate.sdpMLineIndex,
				CandidateLine.usernameFragment(candidate.sdp));
	}

	static DataChannelOptions optionsOf(RTCDataChannel channel) {
		int id = channel.getId();
		Integer retransmits = null;
		Integer lifetime = null;
		if (!channel.isReliable()) {
			// webrtc-java reports the unset limit of a partially reliable channel as 0;
			// both 0
			// cannot be told apart from maxRetransmits = 0, which is what it is then
			// taken for.
			int maxRetransmits = channel.getMaxRetransmits();
			int maxLifetime = channel.getMaxPacketLifeTime();
			if (maxLifetime > 0 && maxRetransmits <= 0) {
				lifetime = Math.min(maxLifetime, 65535);
			}
			else {
				retransmits = Math.max(0, Math.min(maxRetransmits, 65535));
			}
		}
		return new DataChannelOptions(channel.isOrdered(), retransmits, lifetime, channel.getProtocol(),
				channel.isNegotiated(), (id >= 0 && id <= DataChannelOptions.MAX_STREAM_ID) ? id : null);
	}

	static ConnectionState state(RTCPeerConnectionState state) {
		return (state != null) ? ConnectionState.valueOf(state.name()) : ConnectionState.UNSPECIFIED;
	}

	static IceConnectionState state(RTCIceConnectionState state) {
		return (state != null) ? IceConnectionState.valueOf(state.name()) : IceConnectionState.UNSPECIFIED;
	}

	static IceGatheringState state(RTCIceGatheringState state) {
		return (state != null) ? IceGatheringState.valueOf(state.name()) : IceGatheringState.UNSPECIFIED;
	}

	static SignalingState state(RTCSignalingState state) {
		if (state == null) {
			return SignalingState.UNSPECIFIED;
		}
		return switch (state) {
			case STABLE -> SignalingState.STABLE;
			case HAVE_LOCAL_OFFER -> SignalingState.HAVE_LOCAL_OFFER;
			case HAVE_REMOTE_OFFER -> SignalingState.HAVE_REMOTE_OFFER;
			case HAVE_LOCAL_PR_ANSWER -> SignalingState.HAVE_LOCAL_PRANSWER;
			case HAVE_REMOTE_PR_ANSWER -> SignalingState.HAVE_REMOTE_PRANSWER;
			case CLOSED -> SignalingState.CLOSED;
		};
	}

	static DataChannelState state(RTCDataChannelState state) {
		return (state != null) ? DataChannelState.valueOf(state.name()) : DataChannelState.CLOSED;
	}

	/**
	 * A direction the application may set.
	 * @throws dev.specter.InvalidInputException if it is null or STOPPED
	 */
	static RTCRtpTransceiverDirection toNative(TransceiverDirection direction) {
		if (direction == null || direction == TransceiverDirection.STOPPED) {
			throw new InvalidInputException(ErrorCode.INVALID_ARGUMENT,
					"transceiver direction must be SENDRECV, SENDONLY, RECVONLY or INACTIVE");
		}
		return switch (direction) {
			case SENDRECV -> RTCRtpTransceiverDirection.SEND_RECV;
			case SENDONLY -> RTCRtpTransceiverDirection.SEND_ONLY;
			case RECVONLY -> RTCRtpTransceiverDirection.RECV_ONLY;
			default -> RTCRtpTransceiverDirection.INACTIVE;
		};
	}

	static TransceiverDirection fromNative(RTCRtpTransceiverDirection direction) {
		if (direction == null) {
			return null;
		}
		return switch (direction) {
			case SEND_RECV -> TransceiverDirection.SENDRECV;
			case SEND_ONLY -> TransceiverDirection.SENDONLY;
			case RECV_ONLY -> TransceiverDirection.RECVONLY;
			case INACTIVE -> TransceiverDirection.INACTIVE;
			case STOPPED -> TransceiverDirection.STOPPED;
		};
	}

}
