package dev.specter.event;

import dev.specter.PeerConnectionId;
import dev.specter.SpecterId;

/**
 * An asynchronous result of Specter, published as a Spring application event: the Java
 * counterpart of the messages Specter sends to its owner's {@code handle_info}.
 * <p>
 * Events are immutable records that hold no native object. Each names the Specter
 * instance and the peer connection it is about. Events of one connection reach listeners
 * in the order they happened, never on webrtc-java's native thread. Receive them with
 * {@link dev.specter.SpecterListener @SpecterListener} methods.
 */
public sealed interface SpecterEvent permits PeerConnectionReady, PeerConnectionClosed, OfferCreated, AnswerCreated,
		LocalDescriptionSet, RemoteDescriptionSet, IceCandidateGathered, DataChannelCreated, DataChannelReceived,
		DataChannelStateChanged, DataChannelMessage, DataChannelBufferedAmountLow, StatsReported, OperationFailed,
		ConnectionStateChanged, IceConnectionStateChanged, IceGatheringStateChanged, SignalingStateChanged,
		NegotiationNeeded, EventsDropped, ConnectionStatsSampled, RtpSenderAdded, RtpSenderRemoved, TransceiverAdded,
		RemoteTrackAdded, RemoteTrackEnded, PlaybackFinished, IceCandidateError {

	/**
	 * Returns the Specter instance the event comes from.
	 * @return the instance's id
	 */
	SpecterId specter();

	/**
	 * Returns the peer connection the event is about.
	 * @return the connection's id
	 */
	PeerConnectionId peerConnection();

}
