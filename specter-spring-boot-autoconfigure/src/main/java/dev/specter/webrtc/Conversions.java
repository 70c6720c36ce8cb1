package dev.specter.webrtc;

import java.util.ArrayList;
import java.util.List;

import dev.onvoid.webrtc.PortAllocatorConfig;
import dev.onvoid.webrtc.RTCConfiguration;
import dev.onvoid.webrtc.RTCDataChannel;
import dev.onvoid.webrtc.RTCDataChannelInit;
import dev.onvoid.webrtc.RTCDataChannelState;
import dev.onvoid.webrtc.RTCIceCandidate;
import dev.onvoid.webrtc.RTCIceConnectionState;
import dev.onvoid.webrtc.RTCIceGatheringState;
import dev.onvoid.webrtc.RTCIceServer;
import dev.onvoid.webrtc.RTCIceTransportPolicy;
import dev.onvoid.webrtc.RTCPeerConnectionState;
import dev.onvoid.webrtc.RTCSdpType;
import dev.onvoid.webrtc.RTCSessionDescription;
import dev.onvoid.webrtc.RTCSignalingState;
import dev.specter.ConnectionState;
import dev.specter.DataChannelOptions;
import dev.specter.DataChannelState;
import dev.specter.IceCandidate;
import dev.specter.IceConnectionState;
import dev.specter.IceGatheringState;
import dev.specter.IceServer;
import dev.specter.IceTransportPolicy;
import dev.specter.SdpType;
import dev.specter.SessionDescription;
import dev.specter.SignalingState;
import dev.specter.SpecterConfig;

/** Maps between Specter's immutable types and webrtc-java's mutable ones. */
final class Conversions {

	private Conversions() {
	}

	static RTCConfiguration configuration(SpecterConfig config) {
		RTCConfiguration rtc = new RTCConfiguration();
		List<RTCIceServer> servers = new ArrayList<>();
		for (IceServer server : config.iceServers()) {
			RTCIceServer rtcServer = new RTCIceServer();
			rtcServer.urls = new ArrayList<>(server.urls());
			rtcServer.username = (server.username() != null) ? server.username() : "";
			rtcServer.password = (server.credential() != null) ? server.credential() : "";
			servers.add(rtcServer);
		}
		rtc.iceServers = servers;
		rtc.iceTransportPolicy = (config.iceTransportPolicy() == IceTransportPolicy.RELAY) ? RTCIceTransportPolicy.RELAY
				: RTCIceTransportPolicy.ALL;
		PortAllocatorConfig ports = new PortAllocatorConfig();
		ports.setDisableTcp(!config.tcpCandidates());
		if (config.portRange() != null) {
			ports.minPort = config.portRange().min();
			ports.maxPort = config.portRange().max();
		}
		rtc.portAllocatorConfig = ports;
		return rtc;
	}

	static RTCSessionDescription toNative(SessionDescription description) {
		RTCSdpType type = switch (description.type()) {
			case OFFER -> RTCSdpType.OFFER;
			case PRANSWER -> RTCSdpType.PR_ANSWER;
			case ANSWER -> RTCSdpType.ANSWER;
			case ROLLBACK -> RTCSdpType.ROLLBACK;
		};
		return new RTCSessionDescription(type, description.sdp());
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

	static RTCIceCandidate toNative(IceCandidate candidate) {
		String mid = (candidate.sdpMid() != null) ? candidate.sdpMid() : "";
		int index = (candidate.sdpMLineIndex() != null) ? candidate.sdpMLineIndex() : 0;
		return new RTCIceCandidate(mid, index, candidate.candidate());
	}

	static IceCandidate fromNative(RTCIceCandidate candidate) {
		return new IceCandidate(candidate.sdp, candidate.sdpMid, candidate.sdpMLineIndex,
				CandidateLine.usernameFragment(candidate.sdp));
	}

	static RTCDataChannelInit toNative(DataChannelOptions options) {
		RTCDataChannelInit init = new RTCDataChannelInit();
		init.ordered = options.ordered();
		init.maxRetransmits = (options.maxRetransmits() != null) ? options.maxRetransmits() : -1;
		init.maxPacketLifeTime = (options.maxPacketLifeTimeMillis() != null) ? options.maxPacketLifeTimeMillis() : -1;
		init.protocol = options.protocol();
		init.negotiated = options.negotiated();
		init.id = (options.negotiated() && options.id() != null) ? options.id() : -1;
		return init;
	}

	static DataChannelOptions optionsOf(RTCDataChannel channel) {
		int id = channel.getId();
		Integer retransmits = null;
		Integer lifetime = null;
		if (!channel.isReliable()) {
			// webrtc-java reports the unset limit of a partially reliable channel as 0; both 0
			// cannot be told apart from maxRetransmits = 0, which is what it is then taken for.
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

}
