package dev.specter.test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import dev.onvoid.webrtc.PeerConnectionFactory;
import dev.onvoid.webrtc.PeerConnectionObserver;
import dev.onvoid.webrtc.RTCConfiguration;
import dev.onvoid.webrtc.RTCIceCandidate;
import dev.onvoid.webrtc.RTCIceGatheringState;
import dev.onvoid.webrtc.RTCPeerConnection;
import dev.onvoid.webrtc.RTCSdpType;
import dev.onvoid.webrtc.RTCSessionDescription;
import dev.specter.PeerConnectionId;
import dev.specter.Specter;
import dev.specter.event.DataChannelReceived;
import dev.specter.signaling.SessionDescription;

/**
 * A raw webrtc-java offerer (nothing of Specter), as a hostile remote peer is: connected
 * to a new connection of a Specter without trickle, with one open data channel, and
 * opening more channels at will. The tests that flood or overload a Specter connection
 * from the remote side share it.
 */
public final class RawOfferer implements PeerConnectionObserver {

	private final RTCPeerConnection pc;

	private final RawChannel first;

	private final List<RawChannel> channels = new CopyOnWriteArrayList<>();

	private final CompletableFuture<Void> gathered = new CompletableFuture<>();

	private volatile PeerConnectionId remote;

	private RawOfferer(PeerConnectionFactory factory, String label) {
		this.pc = factory.createPeerConnection(new RTCConfiguration(), this);
		this.first = open(label);
	}

	/**
	 * Connects a raw offerer with one data channel to a new connection of a Specter: the
	 * offer is sent once gathered, Specter answers once gathered; returns when the
	 * channel is open on the raw side and Specter has announced it
	 * ({@link DataChannelReceived}). A failure closes both sides.
	 * @param factory the raw peer's factory
	 * @param specter the Specter
	 * @param events the recorder of its events
	 * @param label the first channel's label
	 * @return the connected offerer
	 */
	public static RawOfferer connect(PeerConnectionFactory factory, Specter specter, EventRecorder events, String label)
			throws Exception {
		RawOfferer raw = new RawOfferer(factory, label);
		try {
			String offer = RawSdp.offerAfterGathering(raw.pc, raw.gathered);
			PeerConnectionId pc = specter.newPeerConnection();
			raw.remote = pc;
			specter.setRemoteDescription(pc, SessionDescription.offer(offer)).get(10, TimeUnit.SECONDS);
			specter.setLocalDescription(pc).get(10, TimeUnit.SECONDS);
			SessionDescription answer = specter.whenGatheringComplete(pc).get(20, TimeUnit.SECONDS);
			RawSdp.set(raw.pc, new RTCSessionDescription(RTCSdpType.ANSWER, answer.sdp()), false);
			raw.first.opened().get(20, TimeUnit.SECONDS);
			events.await(DataChannelReceived.class, pc, (e) -> e.label().equals(label), Duration.ofSeconds(20));
			return raw;
		}
		catch (Exception ex) {
			if (raw.remote != null && specter.peerConnectionExists(raw.remote)) {
				specter.closePeerConnection(raw.remote);
			}
			raw.close();
			throw ex;
		}
	}

	/** The Specter connection this peer is connected to. */
	public PeerConnectionId remote() {
		return this.remote;
	}

	/** The channel opened with the connection. */
	public RawChannel first() {
		return this.first;
	}

	/** Opens an ordered, reliable channel. */
	public RawChannel open(String label) {
		RawChannel channel = new RawChannel(this.pc.createDataChannel(label, RawChannel.reliable()));
		this.channels.add(channel);
		return channel;
	}

	@Override
	public void onIceCandidate(RTCIceCandidate candidate) {
		// Non-trickle: the candidate is in the local description.
	}

	@Override
	public void onIceGatheringChange(RTCIceGatheringState state) {
		if (state == RTCIceGatheringState.COMPLETE) {
			this.gathered.complete(null);
		}
	}

	/** Closes the raw connection and frees its channels. */
	public void close() {
		try {
			this.pc.close();
		}
		catch (Throwable ex) {
			// closing twice, or after a failure
		}
		for (RawChannel channel : this.channels) {
			channel.dispose();
		}
	}

}
