package dev.specter;

import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import dev.specter.event.SpecterEvent;

/**
 * A Specter instance: the Java counterpart of the reference returned by {@code Specter.init/1}
 * and of the functions of {@code Specter} and {@code Specter.PeerConnection}.
 * <p>
 * Asynchronous operations return a {@link CompletableFuture} <em>and</em> publish a
 * {@link SpecterEvent} (received by {@link SpecterListener @SpecterListener} methods, the
 * analogue of {@code handle_info}). Futures and events complete on Specter's dispatch threads,
 * never on webrtc-java's native thread, so dependent stages may block. A future fails with a
 * {@link SpecterException} whose {@link ErrorCode} says why; an asynchronous failure also
 * publishes an {@link dev.specter.event.OperationFailed} event. Closing a connection fails its
 * pending futures with {@link ConnectionClosedException}; a future that does not complete within
 * {@code specter.operation-timeout} fails with {@link OperationTimeoutException}.
 * <p>
 * Invalid arguments (unknown ids, malformed JSON, values over a size limit) are reported
 * synchronously, by throwing, as Specter's {@code {:error, reason}} returns.
 * <p>
 * The auto-configured instance is a bean; further independent instances, each with its own ICE
 * configuration (the spec's "a Specter per room" topology), come from {@link SpecterFactory}.
 * All instances share the native factories and dispatch threads.
 */
public interface Specter extends AutoCloseable {

	/**
	 * Returns this instance's id; every event names it.
	 * @return the id
	 */
	SpecterId id();

	/**
	 * Returns the configuration this instance applies to its peer connections
	 * ({@code Specter.config/1}).
	 * @return the configuration
	 */
	SpecterConfig config();

	/**
	 * Creates a media engine ({@code Specter.new_media_engine/1}).
	 * @return its id
	 */
	MediaEngineId newMediaEngine();

	/**
	 * Creates an interceptor registry for a media engine ({@code Specter.new_registry/2}).
	 * It does not consume the media engine.
	 * @param mediaEngine an unconsumed media engine of this instance
	 * @return the registry's id
	 * @throws NotFoundException if the media engine does not exist or was consumed
	 */
	RegistryId newRegistry(MediaEngineId mediaEngine);

	/**
	 * Creates an API that creates peer connections ({@code Specter.new_api/3}); it consumes the
	 * media engine and the registry, which no longer exist afterwards.
	 * @param mediaEngine an unconsumed media engine
	 * @param registry an unconsumed registry created for that media engine
	 * @return the API's id
	 * @throws NotFoundException if either does not exist or was consumed
	 * @throws InvalidInputException if the registry was created for another media engine
	 */
	ApiId newApi(MediaEngineId mediaEngine, RegistryId registry);

	/**
	 * Whether the media engine exists and has not been consumed
	 * ({@code Specter.media_engine_exists?/2}).
	 * @param mediaEngine the id
	 * @return {@code true} if it can still be used
	 */
	boolean mediaEngineExists(MediaEngineId mediaEngine);

	/**
	 * Whether the registry exists and has not been consumed ({@code Specter.registry_exists?/2}).
	 * @param registry the id
	 * @return {@code true} if it can still be used
	 */
	boolean registryExists(RegistryId registry);

	/**
	 * Creates a peer connection ({@code Specter.PeerConnection.new/2}). The id is returned at
	 * once; a {@link dev.specter.event.PeerConnectionReady} event follows. Operations on the id
	 * may be called before the event.
	 * @param api an API of this instance
	 * @return the new connection's id
	 * @throws NotFoundException if the API does not exist
	 */
	PeerConnectionId newPeerConnection(ApiId api);

	/**
	 * Returns a future that completes when the connection is ready (at once if it already is).
	 * @param peerConnection the connection
	 * @return the future
	 * @throws NotFoundException if the connection does not exist
	 */
	CompletableFuture<PeerConnectionId> whenReady(PeerConnectionId peerConnection);

	/**
	 * Whether the peer connection exists and is not closed ({@code Specter.PeerConnection.exists?/2}).
	 * @param peerConnection the id
	 * @return {@code true} if it is live
	 */
	boolean peerConnectionExists(PeerConnectionId peerConnection);

	/**
	 * Returns the ids of this instance's live peer connections.
	 * @return a snapshot of the ids
	 */
	Set<PeerConnectionId> peerConnections();

	/**
	 * Closes a peer connection ({@code Specter.PeerConnection.close/2}); a
	 * {@link dev.specter.event.PeerConnectionClosed} event follows, after every earlier event of
	 * the connection. Pending futures of the connection fail with {@link ConnectionClosedException}.
	 * @param peerConnection the connection
	 * @return a future that completes when the connection is closed
	 * @throws NotFoundException if the connection does not exist (or was closed already)
	 */
	CompletableFuture<Void> closePeerConnection(PeerConnectionId peerConnection);

	/**
	 * Creates an offer with the default options ({@code Specter.PeerConnection.create_offer/2}).
	 * @param peerConnection the connection
	 * @return the offer, also published as {@link dev.specter.event.OfferCreated}
	 */
	default CompletableFuture<SessionDescription> createOffer(PeerConnectionId peerConnection) {
		return createOffer(peerConnection, OfferOptions.DEFAULT);
	}

	/**
	 * Creates an offer ({@code Specter.PeerConnection.create_offer/3}).
	 * @param peerConnection the connection
	 * @param options voice activity detection and ICE restart
	 * @return the offer, also published as {@link dev.specter.event.OfferCreated}
	 */
	CompletableFuture<SessionDescription> createOffer(PeerConnectionId peerConnection, OfferOptions options);

	/**
	 * Creates an answer with the default options ({@code Specter.PeerConnection.create_answer/2}).
	 * @param peerConnection a connection whose remote description is an offer
	 * @return the answer, also published as {@link dev.specter.event.AnswerCreated}
	 */
	default CompletableFuture<SessionDescription> createAnswer(PeerConnectionId peerConnection) {
		return createAnswer(peerConnection, AnswerOptions.DEFAULT);
	}

	/**
	 * Creates an answer ({@code Specter.PeerConnection.create_answer/3}).
	 * @param peerConnection a connection whose remote description is an offer
	 * @param options voice activity detection
	 * @return the answer, also published as {@link dev.specter.event.AnswerCreated}
	 */
	CompletableFuture<SessionDescription> createAnswer(PeerConnectionId peerConnection, AnswerOptions options);

	/**
	 * Sets the local description from its JSON form
	 * ({@code Specter.PeerConnection.set_local_description/3}).
	 * @param peerConnection the connection
	 * @param descriptionJson {@code {"type": ..., "sdp": ...}}
	 * @return a future completing when it is applied; a
	 * {@link dev.specter.event.LocalDescriptionSet} event is published
	 * @throws InvalidInputException if the JSON is malformed or over the SDP size limit
	 */
	default CompletableFuture<Void> setLocalDescription(PeerConnectionId peerConnection, String descriptionJson) {
		return setLocalDescription(peerConnection, SessionDescription.fromJson(descriptionJson));
	}

	/**
	 * Sets the local description.
	 * @param peerConnection the connection
	 * @param description the description
	 * @return a future completing when it is applied
	 */
	CompletableFuture<Void> setLocalDescription(PeerConnectionId peerConnection, SessionDescription description);

	/**
	 * Sets the remote description from its JSON form
	 * ({@code Specter.PeerConnection.set_remote_description/3}). Remote candidates added before
	 * it are queued and applied once it succeeds.
	 * @param peerConnection the connection
	 * @param descriptionJson {@code {"type": ..., "sdp": ...}}
	 * @return a future completing when it is applied; a
	 * {@link dev.specter.event.RemoteDescriptionSet} event is published
	 * @throws InvalidInputException if the JSON is malformed or over the SDP size limit
	 */
	default CompletableFuture<Void> setRemoteDescription(PeerConnectionId peerConnection, String descriptionJson) {
		return setRemoteDescription(peerConnection, SessionDescription.fromJson(descriptionJson));
	}

	/**
	 * Sets the remote description.
	 * @param peerConnection the connection
	 * @param description the description
	 * @return a future completing when it is applied
	 */
	CompletableFuture<Void> setRemoteDescription(PeerConnectionId peerConnection, SessionDescription description);

	/**
	 * Returns the local description: the current one once negotiated, else the pending one
	 * ({@code Specter.PeerConnection.local_description/2}).
	 * @param peerConnection the connection
	 * @return the description, or empty (the spec's {@code nil})
	 */
	Optional<SessionDescription> localDescription(PeerConnectionId peerConnection);

	/**
	 * Returns the negotiated local description ({@code current_local_description/2}).
	 * @param peerConnection the connection
	 * @return the description, or empty
	 */
	Optional<SessionDescription> currentLocalDescription(PeerConnectionId peerConnection);

	/**
	 * Returns the local description pending negotiation ({@code pending_local_description/2}).
	 * @param peerConnection the connection
	 * @return the description, or empty
	 */
	Optional<SessionDescription> pendingLocalDescription(PeerConnectionId peerConnection);

	/**
	 * Returns the remote description: the current one once negotiated, else the pending one
	 * ({@code remote_description/2}).
	 * @param peerConnection the connection
	 * @return the description, or empty
	 */
	Optional<SessionDescription> remoteDescription(PeerConnectionId peerConnection);

	/**
	 * Returns the negotiated remote description ({@code current_remote_description/2}).
	 * @param peerConnection the connection
	 * @return the description, or empty
	 */
	Optional<SessionDescription> currentRemoteDescription(PeerConnectionId peerConnection);

	/**
	 * Returns the remote description pending negotiation ({@code pending_remote_description/2}).
	 * @param peerConnection the connection
	 * @return the description, or empty
	 */
	Optional<SessionDescription> pendingRemoteDescription(PeerConnectionId peerConnection);

	/**
	 * Adds a remote ICE candidate from its JSON form
	 * ({@code Specter.PeerConnection.add_ice_candidate/3}). A candidate that arrives before the
	 * remote description is queued and applied after it; an empty {@code candidate} (end of
	 * candidates) is accepted.
	 * @param peerConnection the connection
	 * @param candidateJson the candidate JSON
	 * @return a future completing when the candidate is applied (failing with
	 * {@link ErrorCode#REJECTED} if the engine refuses it)
	 * @throws InvalidInputException if the JSON is malformed or over the candidate size limit
	 */
	default CompletableFuture<Void> addIceCandidate(PeerConnectionId peerConnection, String candidateJson) {
		return addIceCandidate(peerConnection, IceCandidate.fromJson(candidateJson));
	}

	/**
	 * Adds a remote ICE candidate.
	 * @param peerConnection the connection
	 * @param candidate the candidate
	 * @return a future completing when the candidate is applied
	 */
	CompletableFuture<Void> addIceCandidate(PeerConnectionId peerConnection, IceCandidate candidate);

	/**
	 * Restarts ICE: the next offer carries new credentials and new candidates are gathered.
	 * @param peerConnection the connection
	 */
	void restartIce(PeerConnectionId peerConnection);

	/**
	 * Returns the connection state ({@code Specter.PeerConnection.connection_state/2}).
	 * @param peerConnection the connection
	 * @return the state
	 */
	ConnectionState connectionState(PeerConnectionId peerConnection);

	/**
	 * Returns the ICE connection state ({@code ice_connection_state/2}).
	 * @param peerConnection the connection
	 * @return the state
	 */
	IceConnectionState iceConnectionState(PeerConnectionId peerConnection);

	/**
	 * Returns the ICE gathering state ({@code ice_gathering_state/2}).
	 * @param peerConnection the connection
	 * @return the state
	 */
	IceGatheringState iceGatheringState(PeerConnectionId peerConnection);

	/**
	 * Returns the signaling state ({@code signaling_state/2}).
	 * @param peerConnection the connection
	 * @return the state
	 */
	SignalingState signalingState(PeerConnectionId peerConnection);

	/**
	 * Creates a reliable, ordered data channel ({@code Specter.PeerConnection.create_data_channel/3}).
	 * @param peerConnection the connection
	 * @param label the channel's label (at most 65535 UTF-8 bytes)
	 * @return the channel's id; a {@link dev.specter.event.DataChannelCreated} event is published
	 */
	default CompletableFuture<DataChannelId> createDataChannel(PeerConnectionId peerConnection, String label) {
		return createDataChannel(peerConnection, label, DataChannelOptions.DEFAULT);
	}

	/**
	 * Creates a data channel with options.
	 * @param peerConnection the connection
	 * @param label the channel's label (at most 65535 UTF-8 bytes)
	 * @param options ordering, reliability, subprotocol, out-of-band negotiation
	 * @return the channel's id; a {@link dev.specter.event.DataChannelCreated} event is published
	 */
	CompletableFuture<DataChannelId> createDataChannel(PeerConnectionId peerConnection, String label,
			DataChannelOptions options);

	/**
	 * Sends a text message. See {@link #sendBinary(PeerConnectionId, DataChannelId, byte[])} for
	 * large payloads.
	 * @param peerConnection the connection
	 * @param channel an open channel of the connection
	 * @param text the text
	 * @return a future completing when the message is handed to the engine
	 */
	CompletableFuture<Void> sendText(PeerConnectionId peerConnection, DataChannelId channel, String text);

	/**
	 * Sends binary data. A payload larger than {@code specter.data-channel.chunk-size} is split
	 * into consecutive messages of at most that size, queued with back-pressure so that the
	 * engine's buffer never reaches the 16 MiB at which libwebrtc would close the channel; on a
	 * reliable, ordered channel the receiver gets the bytes intact and in order. Sending on a
	 * closed channel fails with {@link ErrorCode#CLOSED}.
	 * @param peerConnection the connection
	 * @param channel an open channel of the connection
	 * @param data the bytes (copied before this method returns)
	 * @return a future completing when the last byte is handed to the engine
	 */
	CompletableFuture<Void> sendBinary(PeerConnectionId peerConnection, DataChannelId channel, byte[] data);

	/**
	 * Returns the bytes queued on a channel and not yet sent, including chunks Specter holds back.
	 * @param peerConnection the connection
	 * @param channel the channel
	 * @return the buffered amount in bytes
	 */
	long bufferedAmount(PeerConnectionId peerConnection, DataChannelId channel);

	/**
	 * Returns a channel's state.
	 * @param peerConnection the connection
	 * @param channel the channel
	 * @return the state
	 */
	DataChannelState dataChannelState(PeerConnectionId peerConnection, DataChannelId channel);

	/**
	 * Closes a data channel; closing, then closed, state events follow.
	 * @param peerConnection the connection
	 * @param channel the channel
	 */
	void closeDataChannel(PeerConnectionId peerConnection, DataChannelId channel);

	/**
	 * Collects statistics ({@code Specter.PeerConnection.get_stats/2}).
	 * @param peerConnection the connection
	 * @return the libwebrtc stats report as JSON, also published as
	 * {@link dev.specter.event.StatsReported}
	 */
	CompletableFuture<String> getStats(PeerConnectionId peerConnection);

	/**
	 * Collects ICE statistics, as ExICE's {@code get_stats}: bytes and packets sent and received,
	 * the candidate pairs and their states, and the local ICE credentials.
	 * @param peerConnection the connection
	 * @return the statistics
	 */
	CompletableFuture<IceStats> getIceStats(PeerConnectionId peerConnection);

	/**
	 * Closes every peer connection of this instance ({@code Specter.close}); the instance cannot
	 * be used afterwards. Closing twice is harmless.
	 */
	@Override
	void close();

}
