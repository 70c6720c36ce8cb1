package dev.specter.webrtc;

import java.net.InetAddress;
import java.util.List;
import java.util.function.Consumer;

import dev.onvoid.webrtc.RTCDataChannel;
import dev.onvoid.webrtc.RTCRtpReceiver;
import dev.onvoid.webrtc.RTCRtpTransceiver;
import dev.specter.event.ConnectionStateChanged;
import dev.specter.event.IceCandidateGathered;
import dev.specter.event.IceConnectionStateChanged;
import dev.specter.event.IceGatheringStateChanged;
import dev.specter.event.NegotiationNeeded;
import dev.specter.event.SignalingStateChanged;
import dev.specter.ice.IpFilter;
import dev.specter.signaling.ConnectionState;
import dev.specter.signaling.IceCandidate;
import dev.specter.signaling.IceConnectionState;
import dev.specter.signaling.IceGatheringState;
import dev.specter.signaling.SignalingState;

/**
 * What webrtc-java reports about one peer connection, on its signaling thread (see
 * {@link NativeCallbacks}): gathered candidates (through the IP filter), ICE errors (with
 * secrets masked), state changes and negotiation needs become events in the connection's
 * mailbox; remote tracks go to its media, remote channels to its {@link DataChannels}.
 * Posts, never blocks.
 */
final class SessionEvents implements NativeCallbacks.ConnectionEvents {

	private final PeerConnectionSession session;

	private final IpFilter ipFilter;

	private final DataChannels channels;

	/** TURN usernames and credentials that ICE error events must not repeat. */
	private volatile List<String> iceSecrets = List.of();

	private volatile Consumer<ConnectionState> stateWatcher = (state) -> {
	};

	SessionEvents(PeerConnectionSession session, IpFilter ipFilter, DataChannels channels) {
		this.session = session;
		this.ipFilter = ipFilter;
		this.channels = channels;
	}

	void iceSecrets(List<String> secrets) {
		this.iceSecrets = List.copyOf(secrets);
	}

	/**
	 * Sets what is told each connection state, on the native thread (it must not block or
	 * throw).
	 */
	void watchState(Consumer<ConnectionState> watcher) {
		this.stateWatcher = watcher;
	}

	@Override
	public void iceCandidate(IceCandidate candidate) {
		InetAddress address = CandidateLine.ipAddress(candidate.candidate());
		if (address != null && !this.ipFilter.accept(address)) {
			return;
		}
		this.session.post(new IceCandidateGathered(this.session.specter, this.session.id, candidate));
	}

	@Override
	public void iceCandidateError(IceCandidateErrors.Copy error) {
		this.session
			.post(IceCandidateErrors.of(this.session.specter, this.session.id, error, this.iceSecrets, this.ipFilter));
	}

	@Override
	public void signalingState(SignalingState state) {
		this.session.post(new SignalingStateChanged(this.session.specter, this.session.id, state));
	}

	@Override
	public void connectionState(ConnectionState state) {
		this.stateWatcher.accept(state);
		this.session.post(new ConnectionStateChanged(this.session.specter, this.session.id, state));
	}

	@Override
	public void iceConnectionState(IceConnectionState state) {
		this.session.post(new IceConnectionStateChanged(this.session.specter, this.session.id, state));
	}

	@Override
	public void iceGatheringState(IceGatheringState state) {
		this.session.post(new IceGatheringStateChanged(this.session.specter, this.session.id, state));
		this.session.gathering.changed(state);
	}

	@Override
	public void negotiationNeeded() {
		this.session.post(new NegotiationNeeded(this.session.specter, this.session.id));
	}

	@Override
	public void track(RTCRtpTransceiver transceiver) {
		PeerConnectionMedia current = this.session.media();
		if (current != null) {
			current.onTrack(transceiver);
		}
	}

	@Override
	public void trackRemoved(RTCRtpReceiver receiver) {
		PeerConnectionMedia current = this.session.media();
		if (current != null) {
			current.onRemoveTrack(receiver);
		}
	}

	@Override
	public void dataChannel(RTCDataChannel channel) {
		this.channels.received(channel);
	}

}
