package dev.specter;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import dev.specter.datachannel.DataChannelOptions;
import dev.specter.datachannel.DataChannelState;
import dev.specter.datachannel.InlineHandlerRegistration;
import dev.specter.datachannel.InlineMessageHandler;
import dev.specter.event.SpecterEvent;
import dev.specter.media.AudioMode;
import dev.specter.media.MediaKind;
import dev.specter.media.MediaSink;
import dev.specter.media.MediaSubscription;
import dev.specter.media.PlaybackOutcome;
import dev.specter.media.PlaybackResult;
import dev.specter.media.ReceivedAudio;
import dev.specter.media.ReceivedVideoFrame;
import dev.specter.media.RtpCodecCapability;
import dev.specter.media.TransceiverDirection;
import dev.specter.media.TransceiverInfo;
import dev.specter.signaling.AnswerOptions;
import dev.specter.signaling.ConnectionState;
import dev.specter.signaling.IceCandidate;
import dev.specter.signaling.IceConnectionState;
import dev.specter.signaling.IceGatheringState;
import dev.specter.signaling.OfferOptions;
import dev.specter.signaling.SessionDescription;
import dev.specter.signaling.SignalingState;
import dev.specter.stats.IceStats;
import dev.specter.stats.TrackStats;

/**
 * A Specter instance: the Java counterpart of the reference returned by
 * {@code Specter.init/1} and of the functions of {@code Specter} and
 * {@code Specter.PeerConnection}.
 * <p>
 * Asynchronous operations return a {@link CompletableFuture} <em>and</em> publish a
 * {@link SpecterEvent} (received by {@link SpecterListener @SpecterListener} methods, the
 * analogue of {@code handle_info}). Futures and events complete on Specter's dispatch
 * threads, never on webrtc-java's native thread, so dependent stages may block. A future
 * fails with a {@link SpecterException} whose {@link ErrorCode} says why; an asynchronous
 * failure also publishes an {@link dev.specter.event.OperationFailed} event. Closing a
 * connection fails its pending futures with {@link ConnectionClosedException}; a future
 * that does not complete within {@code specter.operation-timeout} fails with
 * {@link OperationTimeoutException}.
 * <p>
 * Invalid arguments (unknown ids, malformed JSON, values over a size limit) are reported
 * synchronously, by throwing, as Specter's {@code {:error, reason}} returns.
 * <p>
 * Once the instance is {@linkplain #close() closed}, every operation that takes or makes
 * a connection, track or API throws {@link ConnectionClosedException}
 * ({@link ErrorCode#CLOSED}), not {@link NotFoundException}: the ids were valid, the
 * instance is gone. {@link #closePeerConnection} and {@link #close()} stay harmless.
 * <p>
 * The auto-configured instance is a bean; further independent instances, each with its
 * own ICE configuration (the spec's "a Specter per room" topology) and {@link AudioMode},
 * come from {@link SpecterFactory}. All instances share the native factories (one per
 * audio mode) and dispatch threads.
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
	 * Creates a media engine that restricts and orders the codecs of the connections
	 * created through it (Pion's {@code MediaEngine.RegisterCodec}). Restriction is per
	 * kind: if the list names any video codec, the video m-sections of those connections
	 * offer and accept only the listed video codecs, in the listed order of preference; a
	 * kind the list does not mention keeps every codec of the engine. Specter applies the
	 * list to each audio or video transceiver with {@code setCodecPreferences} before
	 * every offer and answer. RTX, RED and FEC are codecs like the others here: list
	 * {@code video/rtx} to keep retransmission on its own stream.
	 * @param codecs the codecs, most preferred first; an empty list gives a default
	 * engine
	 * @return its id
	 * @throws InvalidInputException ({@link ErrorCode#INVALID_ARGUMENT}) if a codec
	 * matches none of the engine's codecs (see {@link #supportedCodecs(MediaKind)})
	 */
	MediaEngineId newMediaEngine(List<RtpCodecCapability> codecs);

	/**
	 * Returns the codecs the WebRTC engine can negotiate for a kind (libwebrtc's receiver
	 * capabilities), each with its exact clock rate, channels and format parameters.
	 * @param kind audio or video
	 * @return the codecs, in the engine's order of preference
	 */
	List<RtpCodecCapability> supportedCodecs(MediaKind kind);

	/**
	 * Creates an interceptor registry for a media engine
	 * ({@code Specter.new_registry/2}). It does not consume the media engine.
	 * @param mediaEngine an unconsumed media engine of this instance
	 * @return the registry's id
	 * @throws NotFoundException if the media engine does not exist or was consumed
	 */
	RegistryId newRegistry(MediaEngineId mediaEngine);

	/**
	 * Creates an API that creates peer connections ({@code Specter.new_api/3}); it
	 * consumes the media engine and the registry, which no longer exist afterwards. An
	 * API lives until this Specter closes and may create any number of connections:
	 * create one per media configuration, not one per connection.
	 * @param mediaEngine an unconsumed media engine
	 * @param registry an unconsumed registry created for that media engine
	 * @return the API's id
	 * @throws NotFoundException if either does not exist or was consumed
	 * @throws InvalidInputException if the registry was created for another media engine
	 */
	ApiId newApi(MediaEngineId mediaEngine, RegistryId registry);

	/**
	 * Returns this instance's default API: one made from a default media engine and
	 * registry the first time it is asked for (once, even when called from several
	 * threads at once), then the same id for the life of the instance. An API is not
	 * consumed by the connections it creates, so every connection that needs no codec
	 * restriction can share it; see {@link #newPeerConnection()}.
	 * @return the default API's id
	 * @throws ConnectionClosedException if this instance is closed
	 */
	ApiId defaultApi();

	/**
	 * Creates a peer connection on the {@linkplain #defaultApi() default API}: the
	 * one-call form of {@code newMediaEngine}, {@code newRegistry}, {@code newApi} and
	 * {@link #newPeerConnection(ApiId)}, for connections that need no codec restriction.
	 * @return the new connection's id
	 * @throws InvalidInputException with {@link ErrorCode#LIMIT_EXCEEDED} if the instance
	 * already holds its most connections
	 * @throws ConnectionClosedException if this instance is closed
	 */
	default PeerConnectionId newPeerConnection() {
		return newPeerConnection(defaultApi());
	}

	/**
	 * Whether the media engine exists and has not been consumed
	 * ({@code Specter.media_engine_exists?/2}).
	 * @param mediaEngine the id
	 * @return {@code true} if it can still be used
	 */
	boolean mediaEngineExists(MediaEngineId mediaEngine);

	/**
	 * Whether the registry exists and has not been consumed
	 * ({@code Specter.registry_exists?/2}).
	 * @param registry the id
	 * @return {@code true} if it can still be used
	 */
	boolean registryExists(RegistryId registry);

	/**
	 * Creates a peer connection ({@code Specter.PeerConnection.new/2}). The id is
	 * returned at once; a {@link dev.specter.event.PeerConnectionReady} event follows.
	 * Operations on the id may be called before the event.
	 * <p>
	 * An instance holds at most {@code specter.limits.max-peer-connections}; a connection
	 * that stays failed, or never connects, is closed after a grace period (see the
	 * {@link dev.specter.event.PeerConnectionClosed.Reason reasons}). An API may be
	 * reused: it only names the media configuration (the codecs of its media engine) and
	 * holds no per-connection state, so one API can create any number of connections, at
	 * the same time or one after another; {@link #newPeerConnection()} uses this
	 * instance's {@linkplain #defaultApi() default API}.
	 * @param api an API of this instance
	 * @return the new connection's id
	 * @throws NotFoundException if the API does not exist
	 * @throws InvalidInputException with {@link ErrorCode#LIMIT_EXCEEDED} if the instance
	 * already holds its most connections ({@link #closePeerConnection} frees a slot at
	 * once)
	 */
	PeerConnectionId newPeerConnection(ApiId api);

	/**
	 * Returns a future that completes when the connection is ready (at once if it already
	 * is).
	 * @param peerConnection the connection
	 * @return the future
	 * @throws NotFoundException if the connection does not exist
	 */
	CompletableFuture<PeerConnectionId> whenReady(PeerConnectionId peerConnection);

	/**
	 * Whether the peer connection exists and is not closed
	 * ({@code Specter.PeerConnection.exists?/2}).
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
	 * {@link dev.specter.event.PeerConnectionClosed} event follows, after every earlier
	 * event of the connection. Pending futures of the connection fail with
	 * {@link ConnectionClosedException}.
	 * <p>
	 * Closing is idempotent, as {@link java.io.Closeable#close()} and Spring's destroy
	 * callbacks are: an id that names no live connection of this instance (closed
	 * already, by this call, by the connection reaper or by the instance's
	 * {@link #close()}; or never one of this instance's) gives a completed future and
	 * changes nothing, and no second {@link dev.specter.event.PeerConnectionClosed} is
	 * published. A connection can be closed by Specter itself at any moment (see
	 * {@link dev.specter.event.PeerConnectionClosed.Reason}), so a close racing with that
	 * must not throw; and as ids are capability tokens, the answer does not tell whether
	 * an id was ever live. Use {@link #peerConnectionExists} to ask.
	 * @param peerConnection the connection
	 * @return a future, completed when this method returns: the connection is closed and
	 * its slot free
	 * @throws InvalidInputException ({@link ErrorCode#INVALID_ARGUMENT}) if the id is
	 * {@code null}
	 */
	CompletableFuture<Void> closePeerConnection(PeerConnectionId peerConnection);

	/**
	 * Creates an offer with the default options
	 * ({@code Specter.PeerConnection.create_offer/2}).
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
	 * Creates an answer with the default options
	 * ({@code Specter.PeerConnection.create_answer/2}).
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
	 * @param descriptionJson {@code {"type": ..., "sdp": ...}}; for a bare SDP body use
	 * {@link #setLocalDescription(PeerConnectionId, SessionDescription)} with
	 * {@link SessionDescription#offer(String)} or
	 * {@link SessionDescription#answer(String)}
	 * @return a future completing when it is applied; a
	 * {@link dev.specter.event.LocalDescriptionSet} event is published
	 * @throws InvalidInputException if the JSON is malformed
	 * ({@link ErrorCode#INVALID_JSON}, a bare SDP body included) or over the SDP size
	 * limit, or ({@link ErrorCode#INVALID_ARGUMENT}) if the description sends audio and
	 * this instance is in {@link AudioMode#RECEIVE}
	 */
	default CompletableFuture<Void> setLocalDescription(PeerConnectionId peerConnection, String descriptionJson) {
		return setLocalDescription(peerConnection, SessionDescription.fromJson(descriptionJson));
	}

	/**
	 * Sets the local description.
	 * @param peerConnection the connection
	 * @param description the description
	 * @return a future completing when it is applied
	 * @throws InvalidInputException ({@link ErrorCode#INVALID_ARGUMENT}) if this instance
	 * is in {@link AudioMode#RECEIVE} and an audio m-section of the description is
	 * {@code sendrecv} or {@code sendonly} (only an edited description can be: this
	 * instance's offers and answers never send audio)
	 */
	CompletableFuture<Void> setLocalDescription(PeerConnectionId peerConnection, SessionDescription description);

	/**
	 * Creates and applies the local description in one operation, as the W3C
	 * {@code setLocalDescription()} without an argument does (the "perfect negotiation"
	 * pattern): an answer when a remote offer is pending
	 * ({@link SignalingState#HAVE_REMOTE_OFFER} or
	 * {@link SignalingState#HAVE_LOCAL_PRANSWER}), otherwise an offer, with the default
	 * options. The same events are published as for the two separate calls
	 * ({@link dev.specter.event.OfferCreated} or {@link dev.specter.event.AnswerCreated},
	 * then {@link dev.specter.event.LocalDescriptionSet}).
	 * <p>
	 * A convenience for the common case where the description is applied unchanged; it
	 * performs the same two operations (the offer or answer is chosen from
	 * {@link #signalingState}).
	 * @param peerConnection the connection
	 * @return the description that was applied, to be sent to the remote peer
	 */
	default CompletableFuture<SessionDescription> setLocalDescription(PeerConnectionId peerConnection) {
		SignalingState state = signalingState(peerConnection);
		CompletableFuture<SessionDescription> created = (state == SignalingState.HAVE_REMOTE_OFFER
				|| state == SignalingState.HAVE_LOCAL_PRANSWER) ? createAnswer(peerConnection)
						: createOffer(peerConnection);
		return created.thenCompose(
				(description) -> setLocalDescription(peerConnection, description).thenApply((applied) -> description));
	}

	/**
	 * Sets the remote description from its JSON form
	 * ({@code Specter.PeerConnection.set_remote_description/3}). Remote candidates added
	 * before it are queued and applied once it succeeds.
	 * @param peerConnection the connection
	 * @param descriptionJson {@code {"type": ..., "sdp": ...}}; a bare SDP body (the text
	 * starting {@code v=0} of an HTTP {@code application/sdp} request, say) is not JSON:
	 * pass {@code SessionDescription.offer(body)} (or {@code answer(body)}) to
	 * {@link #setRemoteDescription(PeerConnectionId, SessionDescription)} instead
	 * @return a future completing when it is applied; a
	 * {@link dev.specter.event.RemoteDescriptionSet} event is published
	 * @throws InvalidInputException if the JSON is malformed
	 * ({@link ErrorCode#INVALID_JSON}, with a message saying how to pass bare SDP when
	 * the text starts {@code v=}) or over the SDP size limit
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
	 * Returns the local description: the current one once negotiated, else the pending
	 * one ({@code Specter.PeerConnection.local_description/2}).
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
	 * Returns the local description pending negotiation
	 * ({@code pending_local_description/2}).
	 * @param peerConnection the connection
	 * @return the description, or empty
	 */
	Optional<SessionDescription> pendingLocalDescription(PeerConnectionId peerConnection);

	/**
	 * Returns the remote description: the current one once negotiated, else the pending
	 * one ({@code remote_description/2}).
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
	 * Returns the remote description pending negotiation
	 * ({@code pending_remote_description/2}).
	 * @param peerConnection the connection
	 * @return the description, or empty
	 */
	Optional<SessionDescription> pendingRemoteDescription(PeerConnectionId peerConnection);

	/**
	 * Adds a remote ICE candidate from its JSON form
	 * ({@code Specter.PeerConnection.add_ice_candidate/3}). A candidate that arrives
	 * before the remote description is queued and applied after it; an empty
	 * {@code candidate} (end of candidates) is accepted.
	 * @param peerConnection the connection
	 * @param candidateJson the candidate JSON
	 * @return a future completing when the candidate is applied (failing with
	 * {@link ErrorCode#REJECTED} if the engine refuses it)
	 * @throws InvalidInputException if the JSON is malformed or over the candidate size
	 * limit
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
	 * Restarts ICE: the next offer carries new credentials and new candidates are
	 * gathered.
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
	 * Returns a future that completes with the local description once ICE gathering is
	 * complete: the description then carries every local candidate, so it can be sent as
	 * one message with no candidates trickled after it (non-trickle signaling, as a plain
	 * HTTP endpoint or WHIP does). It completes at once if gathering is already complete.
	 * <p>
	 * Gathering starts when the local description is set, so this is typically chained
	 * after it:
	 * {@code setLocalDescription(pc).thenCompose(d -> whenGatheringComplete(pc))}.
	 * Candidates whose address the instance's {@link SpecterConfig#ipFilter() IP filter}
	 * refuses are left out of the description, as they are never published as
	 * {@link dev.specter.event.IceCandidateGathered} events.
	 * <p>
	 * The future fails with {@link ConnectionClosedException} if the connection closes
	 * first, and with {@link OperationTimeoutException} after
	 * {@code specter.operation-timeout} (as every operation of a connection does; with a
	 * STUN or TURN server that does not answer, gathering can take longer than that). An
	 * {@link dev.specter.event.IceGatheringStateChanged} event is published as usual.
	 * @param peerConnection the connection
	 * @return the future of the complete local description
	 * @throws NotFoundException if the connection does not exist
	 */
	CompletableFuture<SessionDescription> whenGatheringComplete(PeerConnectionId peerConnection);

	/**
	 * Returns the signaling state ({@code signaling_state/2}).
	 * @param peerConnection the connection
	 * @return the state
	 */
	SignalingState signalingState(PeerConnectionId peerConnection);

	/**
	 * Creates a reliable, ordered data channel
	 * ({@code Specter.PeerConnection.create_data_channel/3}).
	 * @param peerConnection the connection
	 * @param label the channel's label (at most 65535 UTF-8 bytes)
	 * @return the channel's id; a {@link dev.specter.event.DataChannelCreated} event is
	 * published
	 */
	default CompletableFuture<DataChannelId> createDataChannel(PeerConnectionId peerConnection, String label) {
		return createDataChannel(peerConnection, label, DataChannelOptions.DEFAULT);
	}

	/**
	 * Creates a data channel with options.
	 * @param peerConnection the connection
	 * @param label the channel's label (at most 65535 UTF-8 bytes)
	 * @param options ordering, reliability, subprotocol, out-of-band negotiation
	 * @return the channel's id; a {@link dev.specter.event.DataChannelCreated} event is
	 * published
	 */
	CompletableFuture<DataChannelId> createDataChannel(PeerConnectionId peerConnection, String label,
			DataChannelOptions options);

	/**
	 * Sends a text message. See
	 * {@link #sendBinary(PeerConnectionId, DataChannelId, byte[])} for large payloads and
	 * for back-pressure, which applies to text alike.
	 * @param peerConnection the connection
	 * @param channel an open channel of the connection
	 * @param text the text
	 * @return a future completing when the message is handed to the engine; it fails with
	 * {@link ErrorCode#LIMIT_EXCEEDED} if the channel's send queue is full
	 */
	CompletableFuture<Void> sendText(PeerConnectionId peerConnection, DataChannelId channel, String text);

	/**
	 * Sends binary data. A payload larger than {@code specter.data-channel.chunk-size} is
	 * split into consecutive messages of at most that size, queued with back-pressure so
	 * that the engine's buffer never reaches the 16 MiB at which libwebrtc would close
	 * the channel; on a reliable, ordered channel the receiver gets the bytes intact and
	 * in order. Sending on a closed channel fails with {@link ErrorCode#CLOSED}.
	 * <p>
	 * Back-pressure: what the engine's buffer cannot take yet waits in the channel's send
	 * queue, which holds at most {@code specter.data-channel.max-queued-bytes} (16 MB); a
	 * send that would queue more fails with {@link ErrorCode#LIMIT_EXCEEDED} and is not
	 * sent, while everything accepted before and after it still arrives, in order. To
	 * stream without hitting the bound, either await each send's future before the next
	 * (or keep a few in flight), or check {@link #bufferedAmount} and, above a threshold,
	 * wait for the {@link dev.specter.event.DataChannelBufferedAmountLow} event, which is
	 * published once the buffer drains to {@code specter.data-channel.low-watermark}.
	 * @param peerConnection the connection
	 * @param channel an open channel of the connection
	 * @param data the bytes (copied before this method returns)
	 * @return a future completing when the last byte is handed to the engine; it fails
	 * with {@link ErrorCode#LIMIT_EXCEEDED} if the channel's send queue is full
	 */
	CompletableFuture<Void> sendBinary(PeerConnectionId peerConnection, DataChannelId channel, byte[] data);

	/**
	 * Returns the bytes queued on a channel and not yet sent, including chunks Specter
	 * holds back.
	 * @param peerConnection the connection
	 * @param channel the channel
	 * @return the buffered amount in bytes
	 */
	long bufferedAmount(PeerConnectionId peerConnection, DataChannelId channel);

	/**
	 * Returns a channel's state. A connection keeps only its 256 most recently closed
	 * channels: an older closed channel is forgotten and throws
	 * {@link NotFoundException}.
	 * @param peerConnection the connection
	 * @param channel the channel
	 * @return the state
	 */
	DataChannelState dataChannelState(PeerConnectionId peerConnection, DataChannelId channel);

	/**
	 * Closes a data channel; closing, then closed, state events follow. Closing a channel
	 * closed long ago (beyond the 256 most recently closed of its connection) throws
	 * {@link NotFoundException}.
	 * @param peerConnection the connection
	 * @param channel the channel
	 */
	void closeDataChannel(PeerConnectionId peerConnection, DataChannelId channel);

	/**
	 * Hands the channel's messages to {@code handler} on the engine's own thread instead
	 * of publishing them as {@link dev.specter.event.DataChannelMessage} events: the
	 * opt-in for latency-bound request/response loops (in the project's benchmarks on a
	 * 2-core machine, a 32-byte echo took about 1.2 times as long as raw webrtc-java
	 * through {@link SpecterListener @SpecterListener}, 1.3 times at the 99th percentile,
	 * and as long as raw through inline handlers). Read {@link InlineMessageHandler} for
	 * what the handler may do. Messages that arrived before this call are still published
	 * as events; one handler per channel.
	 * @param peerConnection the connection
	 * @param channel the channel
	 * @param handler the handler
	 * @return the registration, ended by closing it or the channel
	 * @throws NotFoundException if the connection or channel does not exist
	 * @throws InvalidInputException ({@link ErrorCode#INVALID_ARGUMENT}) if the handler
	 * is {@code null}
	 * @throws OperationRejectedException if the channel already has an active inline
	 * handler, or is closing or closed
	 */
	InlineHandlerRegistration handleMessagesInline(PeerConnectionId peerConnection, DataChannelId channel,
			InlineMessageHandler handler);

	/**
	 * Collects statistics ({@code Specter.PeerConnection.get_stats/2}).
	 * @param peerConnection the connection
	 * @return the libwebrtc stats report as JSON, also published as
	 * {@link dev.specter.event.StatsReported}
	 */
	CompletableFuture<String> getStats(PeerConnectionId peerConnection);

	/**
	 * Collects ICE statistics, as ExICE's {@code get_stats}: bytes and packets sent and
	 * received, the candidate pairs and their states, and the local ICE credentials.
	 * @param peerConnection the connection
	 * @return the statistics
	 */
	CompletableFuture<IceStats> getIceStats(PeerConnectionId peerConnection);

	// ---- media
	// ---------------------------------------------------------------------------------

	/**
	 * Creates a local track fed by Specter
	 * ({@code Specter.TrackLocalStaticSample.new/4}). Its kind comes from the codec's
	 * MIME type; a specific codec ({@code video/H264}) becomes the preferred codec of the
	 * track's transceivers, a kind alone ({@code "video"}) leaves the choice to the media
	 * engine. One track can be added to several peer connections; frames played on it go
	 * to all of them.
	 * @param codec the codec or kind
	 * @param id the track id announced in SDP ({@code a=msid}): 1 to 64 characters among
	 * letters, digits and {@code -_.!#$%&'*+^`{|}~}
	 * @param streamId the media stream id announced with it, same rules
	 * @return the track's id
	 * @throws InvalidInputException ({@link ErrorCode#INVALID_ARGUMENT}) if an argument
	 * is malformed; ({@link ErrorCode#INVALID_TRACK}) for an audio codec when this
	 * instance is in {@link AudioMode#RECEIVE} (it never sends audio)
	 */
	TrackId newTrack(RtpCodecCapability codec, String id, String streamId);

	/**
	 * Whether the local track exists and is not closed.
	 * @param track the id
	 * @return {@code true} if it can be added and played
	 */
	boolean trackExists(TrackId track);

	/**
	 * Closes a local track: stops its playback, removes it from every peer connection
	 * (each publishes {@link dev.specter.event.RtpSenderRemoved}) and frees its native
	 * objects.
	 * @param track the track
	 * @throws InvalidInputException ({@link ErrorCode#INVALID_TRACK}) if it is not a live
	 * local track of this instance
	 */
	void closeTrack(TrackId track);

	/**
	 * Adds a local track to a peer connection
	 * ({@code Specter.PeerConnection.add_track/3}).
	 * @param peerConnection the connection
	 * @param track a live local track of this instance
	 * @return the RTP sender's id, also published as
	 * {@link dev.specter.event.RtpSenderAdded}; a
	 * {@link dev.specter.event.NegotiationNeeded} event follows
	 * @throws InvalidInputException ({@link ErrorCode#INVALID_TRACK}) if the track is
	 * unknown, closed, remote, already added to this connection, or of a codec the
	 * connection's media engine excludes; ({@link ErrorCode#INVALID_ARGUMENT}) if another
	 * track with the same id (the one given to {@link #newTrack}) is sent on this
	 * connection. A failure after the engine made the sender (the future fails,
	 * {@link ErrorCode#REJECTED} for the engine's own refusal) leaves the connection as
	 * it was.
	 */
	CompletableFuture<RtpSenderId> addTrack(PeerConnectionId peerConnection, TrackId track);

	/**
	 * Removes a track from a peer connection ({@code remove_track}): its transceiver
	 * becomes receive-only (or inactive) at the next negotiation, and the remote peer's
	 * track ends.
	 * @param peerConnection the connection
	 * @param sender a sender returned by {@link #addTrack}
	 * @return a future completing when it is removed;
	 * {@link dev.specter.event.RtpSenderRemoved} and
	 * {@link dev.specter.event.NegotiationNeeded} are published
	 * @throws NotFoundException if the sender is not one of the connection's
	 */
	CompletableFuture<Void> removeTrack(PeerConnectionId peerConnection, RtpSenderId sender);

	/**
	 * Adds a transceiver without a track, to receive media (or to send later).
	 * @param peerConnection the connection
	 * @param kind audio or video
	 * @param direction its direction (not {@link TransceiverDirection#STOPPED}; for audio
	 * in {@link AudioMode#RECEIVE}, only {@link TransceiverDirection#RECVONLY} or
	 * {@link TransceiverDirection#INACTIVE})
	 * @return its id, also published as {@link dev.specter.event.TransceiverAdded}
	 * @throws InvalidInputException ({@link ErrorCode#INVALID_ARGUMENT}) if the kind or
	 * direction is missing or not allowed. A failure after the engine made the
	 * transceiver (the future fails, {@link ErrorCode#REJECTED} for the engine's own
	 * refusal) leaves the connection as it was.
	 */
	CompletableFuture<TransceiverId> addTransceiver(PeerConnectionId peerConnection, MediaKind kind,
			TransceiverDirection direction);

	/**
	 * Changes a transceiver's direction; it takes effect at the next negotiation.
	 * @param peerConnection the connection
	 * @param transceiver one of its transceivers
	 * @param direction the new direction (not {@link TransceiverDirection#STOPPED}; for
	 * an audio transceiver in {@link AudioMode#RECEIVE}, only
	 * {@link TransceiverDirection#RECVONLY} or {@link TransceiverDirection#INACTIVE})
	 * @throws NotFoundException if the transceiver is not one of the connection's
	 * @throws InvalidInputException ({@link ErrorCode#INVALID_ARGUMENT}) if the direction
	 * is not allowed
	 */
	void setTransceiverDirection(PeerConnectionId peerConnection, TransceiverId transceiver,
			TransceiverDirection direction);

	/**
	 * Returns the connection's audio and video transceivers: those of its tracks, those
	 * added with {@link #addTransceiver} and those created by remote descriptions.
	 * @param peerConnection the connection
	 * @return a snapshot, in the order of the m-sections
	 */
	List<TransceiverInfo> transceivers(PeerConnectionId peerConnection);

	/**
	 * Plays an H.264 Annex-B file on a video track
	 * ({@code Specter.TrackLocalStaticSample.play_from_file_h264/3}) at the frame rate of
	 * the stream's timing information, or at 30 frames per second (Specter's fixed rate)
	 * when the stream carries none.
	 * @param track a live local video track
	 * @param path the file's path
	 * @return the playback's future
	 * @see #playFromFileH264(TrackId, String, double)
	 */
	CompletableFuture<PlaybackResult> playFromFileH264(TrackId track, String path);

	/**
	 * Plays an H.264 Annex-B file on a video track at a given frame rate. The file is
	 * decoded in Java (Baseline, Main and High profiles, 8-bit 4:2:0, progressive),
	 * frames are put in display order and pushed to the track on Specter's media threads,
	 * paced by the frame rate. <strong>The video is re-encoded</strong> with the codec
	 * each connection negotiated (VP8, H264, ...): the file's bitstream is never sent as
	 * is, so its resolution and content arrive, not its bytes.
	 * <p>
	 * The file is checked on the media thread: a missing, unreadable or non-regular file
	 * (a directory, a device, a FIFO), one larger than 256 MiB, one that is not H.264, or
	 * one of an unsupported profile fails the future with {@link InvalidInputException}
	 * ({@link ErrorCode#INVALID_MEDIA}) and publishes
	 * {@link dev.specter.event.OperationFailed} ({@link Operation#PLAY_FILE}) on each
	 * connection the track is attached to. When the last frame was pushed (or playback
	 * was stopped), {@link dev.specter.event.PlaybackFinished} is published on those
	 * connections and the future completes. A track plays one file at a time; playback
	 * stops when the track is closed, or when the last connection it is attached to
	 * closes or removes it.
	 * @param track a live local video track
	 * @param path the file's path
	 * @param framesPerSecond the pace, between 1 and 240
	 * @return the playback's future
	 * @throws InvalidInputException ({@link ErrorCode#INVALID_TRACK}) if the track is not
	 * a live local video track of this instance; ({@link ErrorCode#INVALID_ARGUMENT}) if
	 * the path is null or malformed or the rate out of range
	 * @throws OperationRejectedException if the track is already playing
	 */
	CompletableFuture<PlaybackResult> playFromFileH264(TrackId track, String path, double framesPerSecond);

	/**
	 * Plays a WAV file (16-bit PCM, mono or stereo, at 8, 16, 24, 32, 44.1 or 48 kHz) on
	 * an audio track in real time, 10 ms at a time; the audio is encoded with the
	 * negotiated codec (opus, say). The last chunk is padded with silence. Errors, events
	 * and stopping are as for {@link #playFromFileH264(TrackId, String, double)}.
	 * @param track a live local audio track
	 * @param path the file's path
	 * @return the playback's future; its frame count is the number of 10 ms chunks
	 * @throws InvalidInputException ({@link ErrorCode#INVALID_TRACK}) if the track is not
	 * a live local audio track of this instance, or this instance is in
	 * {@link AudioMode#RECEIVE}; ({@link ErrorCode#INVALID_ARGUMENT}) if the path is null
	 * or malformed
	 * @throws OperationRejectedException if the track is already playing
	 */
	CompletableFuture<PlaybackResult> playFromFileWav(TrackId track, String path);

	/**
	 * Stops the playback of a track, if any: its future completes with
	 * {@link PlaybackOutcome#STOPPED} and {@link dev.specter.event.PlaybackFinished} is
	 * published.
	 * @param track a local track
	 * @return {@code true} if a playback was stopped
	 */
	boolean stopPlayback(TrackId track);

	/**
	 * Receives the decoded frames of a remote video track. Frames are copied out of the
	 * engine (which frees its own at once) and handed to the sink on Specter's threads.
	 * @param peerConnection the connection that received the track
	 * @param track the id of a {@link dev.specter.event.RemoteTrackAdded} event of that
	 * connection
	 * @param sink the receiver
	 * @return the registration
	 * @throws InvalidInputException ({@link ErrorCode#INVALID_TRACK}) if the track is not
	 * a live remote video track of the connection
	 */
	MediaSubscription receiveVideo(PeerConnectionId peerConnection, TrackId track, MediaSink<ReceivedVideoFrame> sink);

	/**
	 * Receives the decoded audio of a remote audio track, in 10 ms chunks of 16-bit PCM.
	 * <p>
	 * Only an instance in {@link AudioMode#RECEIVE}
	 * ({@code specter.media.audio-mode=receive}, or {@link SpecterConfig#withAudioMode})
	 * decodes received audio: libwebrtc decodes it only when the audio device module
	 * pulls it for playout, and the module that pulls cannot be used to send audio with
	 * webrtc-java 0.14 (see {@link AudioMode}). There the sink gets 100 chunks a second
	 * from the moment the track is negotiated (silence while nothing arrives); a chunk
	 * the sink is too slow to take is dropped ({@link MediaSubscription#dropped()}). In
	 * the default {@link AudioMode#SEND} the sink is registered but receives no audio (a
	 * warning is logged once); {@link #getTrackStats} shows the packets that arrived.
	 * @param peerConnection the connection that received the track
	 * @param track the id of a {@link dev.specter.event.RemoteTrackAdded} event of that
	 * connection
	 * @param sink the receiver
	 * @return the registration
	 * @throws InvalidInputException ({@link ErrorCode#INVALID_TRACK}) if the track is not
	 * a live remote audio track of the connection
	 */
	MediaSubscription receiveAudio(PeerConnectionId peerConnection, TrackId track, MediaSink<ReceivedAudio> sink);

	/**
	 * Collects the RTP statistics of one track on one connection: its sender's
	 * {@code outbound-rtp} for a local track, its receiver's {@code inbound-rtp} for a
	 * remote one.
	 * @param peerConnection the connection
	 * @param track a local track added to it, or a remote track it received
	 * @return the statistics
	 * @throws InvalidInputException ({@link ErrorCode#INVALID_TRACK}) if the track is
	 * neither
	 */
	CompletableFuture<TrackStats> getTrackStats(PeerConnectionId peerConnection, TrackId track);

	/**
	 * Closes every peer connection and local track of this instance
	 * ({@code Specter.close}); the instance cannot be used afterwards. Closing twice is
	 * harmless.
	 */
	@Override
	void close();

}
