package dev.specter.worker;

import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.stream.Collectors;

import dev.specter.ApiId;
import dev.specter.ConnectionClosedException;
import dev.specter.DataChannelId;
import dev.specter.EngineFailedException;
import dev.specter.ErrorCode;
import dev.specter.InvalidInputException;
import dev.specter.MediaEngineId;
import dev.specter.NotFoundException;
import dev.specter.Operation;
import dev.specter.OperationRejectedException;
import dev.specter.PeerConnectionId;
import dev.specter.RegistryId;
import dev.specter.RtpSenderId;
import dev.specter.Specter;
import dev.specter.SpecterConfig;
import dev.specter.SpecterId;
import dev.specter.TrackId;
import dev.specter.TransceiverId;
import dev.specter.datachannel.DataChannelOptions;
import dev.specter.datachannel.DataChannelState;
import dev.specter.datachannel.InlineHandlerRegistration;
import dev.specter.datachannel.InlineMessageHandler;
import dev.specter.media.AudioMode;
import dev.specter.media.MediaKind;
import dev.specter.media.MediaSink;
import dev.specter.media.MediaSubscription;
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
import dev.specter.support.ApiBook;
import dev.specter.webrtc.RuntimeSettings;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import tools.jackson.core.type.TypeReference;

import static dev.specter.support.Arguments.requireNonNull;

/**
 * A {@link Specter} whose connections live in worker processes: each call on a connection
 * is forwarded to the worker that holds it. Media engines, registries and APIs live here
 * and are created in a worker when it first needs them; so are local tracks
 * ({@link WorkerTracks}). Received media is streamed from the worker to the sink
 * ({@link MediaStreams}).
 */
final class WorkerSpecter implements Specter {

	private static final Log logger = LogFactory.getLog(WorkerSpecter.class);

	private static final Type OPTIONAL_DESCRIPTION = new TypeReference<Optional<SessionDescription>>() {
	}.getType();

	private static final Type CODECS = new TypeReference<List<RtpCodecCapability>>() {
	}.getType();

	private static final Type TRANSCEIVERS = new TypeReference<List<TransceiverInfo>>() {
	}.getType();

	private final SpecterId id = SpecterId.random();

	private final String key = this.id.value().toString();

	private final SpecterConfig config;

	private final String configJson;

	private final WorkerSpecterFactory factory;

	/**
	 * Media engines, registries and APIs: held here, made in a worker when first used
	 * there.
	 */
	private final ApiBook apis;

	private final WorkerCalls calls;

	/** The local tracks, copied into the workers that need them. */
	private final WorkerTracks tracks;

	private final AtomicBoolean warnedAudioNotDecoded = new AtomicBoolean();

	private final Map<WorkerProcess, WorkerState> states = new ConcurrentHashMap<>();

	private volatile boolean closed;

	/**
	 * The workers where this instance has created a connection by waiting for it: later
	 * ones are created there without waiting ({@link ConnectionCreation}).
	 */
	private final Set<WorkerProcess> created = ConcurrentHashMap.newKeySet();

	/** Live connections, counted against {@code specter.limits.max-peer-connections}. */
	private final AtomicInteger slots = new AtomicInteger();

	WorkerSpecter(SpecterConfig config, WorkerSpecterFactory factory) {
		this.config = config;
		this.configJson = WorkerCodec.config(config);
		this.factory = factory;
		this.calls = new WorkerCalls(this.id, this.key, factory);
		this.tracks = new WorkerTracks(this.id, this.key, config, factory, this.calls, this::checkOpen);
		// Validated by an engine: the same codecs in every worker.
		this.apis = new ApiBook(
				(codecs) -> sync(this.factory.leastLoaded(), "newMediaEngine", MediaEngineId.class, codecs));
	}

	/** This instance's counterpart in a worker, opened on first use. */
	WorkerState state(WorkerProcess worker) {
		WorkerState state = this.states.get(worker);
		if (state != null) {
			return state;
		}
		synchronized (this.states) {
			state = this.states.get(worker);
			if (state == null) {
				String workerId = sync(worker, "open", String.class, WorkerCodec.tree(this.configJson));
				state = new WorkerState(UUID.fromString(workerId));
				worker.specters().put(state.workerId(), this);
				this.states.put(worker, state);
			}
			return state;
		}
	}

	@Override
	public SpecterId id() {
		return this.id;
	}

	@Override
	public SpecterConfig config() {
		return this.config;
	}

	// ---- media engines, registries, APIs (held here, created in a worker on demand)

	@Override
	public MediaEngineId newMediaEngine() {
		checkOpen();
		return this.apis.newMediaEngine();
	}

	@Override
	public MediaEngineId newMediaEngine(List<RtpCodecCapability> codecs) {
		checkOpen();
		return this.apis.newMediaEngine(codecs);
	}

	@Override
	public List<RtpCodecCapability> supportedCodecs(MediaKind kind) {
		requireNonNull(kind, "media kind");
		return sync(this.factory.leastLoaded(), "supportedCodecs", CODECS, kind);
	}

	@Override
	public RegistryId newRegistry(MediaEngineId mediaEngine) {
		checkOpen();
		return this.apis.newRegistry(mediaEngine);
	}

	@Override
	public ApiId newApi(MediaEngineId mediaEngine, RegistryId registry) {
		checkOpen();
		return this.apis.newApi(mediaEngine, registry);
	}

	@Override
	public ApiId defaultApi() {
		checkOpen();
		return this.apis.defaultApi();
	}

	@Override
	public boolean mediaEngineExists(MediaEngineId mediaEngine) {
		return this.apis.mediaEngineExists(mediaEngine);
	}

	@Override
	public boolean registryExists(RegistryId registry) {
		return this.apis.registryExists(registry);
	}

	// ---- connections

	@Override
	public PeerConnectionId newPeerConnection(ApiId api) {
		checkOpen();
		requireNonNull(api, "API");
		List<RtpCodecCapability> codecs = this.apis.codecs(api);
		int max = this.factory.limits().maxPeerConnections();
		if (this.slots.incrementAndGet() > max) {
			this.slots.decrementAndGet();
			throw new InvalidInputException(ErrorCode.LIMIT_EXCEEDED,
					"this Specter already holds " + max + " peer connections (specter.limits.max-peer-connections)");
		}
		boolean created = false;
		try {
			PeerConnectionId pc;
			try {
				pc = newPeerConnection(api, codecs);
			}
			catch (EngineFailedException ex) {
				// The chosen worker died before the connection existed: another one takes
				// it.
				pc = newPeerConnection(api, codecs);
			}
			created = true;
			return pc;
		}
		finally {
			if (!created) {
				this.slots.decrementAndGet();
			}
		}
	}

	/** A connection of this instance is closing: its slot is free. */
	void releaseSlot() {
		this.slots.decrementAndGet();
	}

	private PeerConnectionId newPeerConnection(ApiId api, List<RtpCodecCapability> codecs) {
		WorkerProcess worker = this.factory.reserve();
		try {
			WorkerState state = state(worker);
			ApiId workerApi = state.apis().get(api);
			if (workerApi == null) {
				synchronized (state) {
					workerApi = state.apis().get(api);
					if (workerApi == null) {
						MediaEngineId engine = codecs.isEmpty() ? sync(worker, "newMediaEngine", MediaEngineId.class)
								: sync(worker, "newMediaEngine", MediaEngineId.class, codecs);
						RegistryId registry = sync(worker, "newRegistry", RegistryId.class, engine);
						workerApi = sync(worker, "newApi", ApiId.class, engine, registry);
						state.apis().put(api, workerApi);
					}
				}
			}
			if (this.created.contains(worker)) {
				// not the first in this worker: created without waiting
				// (ConnectionCreation)
				PeerConnectionId pc = PeerConnectionId.random();
				ConnectionCreation.start(this.calls, this.factory, this.factory.register(pc, this, worker), workerApi);
				return pc;
			}
			PeerConnectionId pc = sync(worker, "newPeerConnection", PeerConnectionId.class, workerApi);
			this.factory.register(pc, this, worker);
			this.created.add(worker);
			return pc;
		}
		finally {
			this.factory.release(worker);
		}
	}

	@Override
	public CompletableFuture<PeerConnectionId> whenReady(PeerConnectionId peerConnection) {
		return async(route(peerConnection), null, "whenReady", PeerConnectionId.class, peerConnection);
	}

	@Override
	public boolean peerConnectionExists(PeerConnectionId peerConnection) {
		Route route = (peerConnection != null) ? this.factory.route(peerConnection) : null;
		return route != null && route.owner() == this && !route.closing();
	}

	@Override
	public Set<PeerConnectionId> peerConnections() {
		return this.factory.routes(this)
			.filter((route) -> !route.closing())
			.map(Route::peerConnection)
			.collect(Collectors.toUnmodifiableSet());
	}

	@Override
	public CompletableFuture<Void> closePeerConnection(PeerConnectionId peerConnection) {
		InlineHandler.refuseOnReader();
		requireNonNull(peerConnection, "peer connection");
		Route route = this.factory.route(peerConnection);
		if (route == null || route.owner() != this || !route.markClosing()) {
			// unknown or closed already: nothing to do, as in process
			return CompletableFuture.completedFuture(null);
		}
		return async(route, null, "closePeerConnection", Void.class, peerConnection);
	}

	// ---- signaling

	@Override
	public CompletableFuture<SessionDescription> createOffer(PeerConnectionId peerConnection, OfferOptions options) {
		return this.calls.pipelined(route(peerConnection), Operation.CREATE_OFFER, "createOffer",
				SessionDescription.class, peerConnection, options);
	}

	@Override
	public CompletableFuture<SessionDescription> createAnswer(PeerConnectionId peerConnection, AnswerOptions options) {
		return this.calls.pipelined(route(peerConnection), Operation.CREATE_ANSWER, "createAnswer",
				SessionDescription.class, peerConnection, options);
	}

	@Override
	public CompletableFuture<Void> setLocalDescription(PeerConnectionId peerConnection,
			SessionDescription description) {
		Route route = route(peerConnection);
		if (this.config.audioMode() == AudioMode.RECEIVE) {
			// the worker checks that it sends no audio
			return async(route, Operation.SET_LOCAL_DESCRIPTION, "setLocalDescription", Void.class, peerConnection,
					description);
		}
		checkSdp(description);
		return this.calls.pipelined(route, Operation.SET_LOCAL_DESCRIPTION, "setLocalDescription", Void.class,
				peerConnection, description);
	}

	@Override
	public CompletableFuture<Void> setRemoteDescription(PeerConnectionId peerConnection,
			SessionDescription description) {
		Route route = route(peerConnection);
		checkSdp(description);
		return this.calls.pipelined(route, Operation.SET_REMOTE_DESCRIPTION, "setRemoteDescription", Void.class,
				peerConnection, description);
	}

	/**
	 * The checks that throw in process before a description goes to the engine (the same
	 * messages).
	 */
	private void checkSdp(SessionDescription description) {
		requireNonNull(description, "session description");
		int limit = this.factory.settings().maxSdpBytes();
		if (description.sdp().length() > limit || description.sdp().getBytes(StandardCharsets.UTF_8).length > limit) {
			throw new InvalidInputException(ErrorCode.LIMIT_EXCEEDED,
					"SDP exceeds the limit of " + limit + " bytes (specter.limits.max-sdp-size)");
		}
	}

	@Override
	public Optional<SessionDescription> localDescription(PeerConnectionId peerConnection) {
		return description("localDescription", peerConnection);
	}

	@Override
	public Optional<SessionDescription> currentLocalDescription(PeerConnectionId peerConnection) {
		return description("currentLocalDescription", peerConnection);
	}

	@Override
	public Optional<SessionDescription> pendingLocalDescription(PeerConnectionId peerConnection) {
		return description("pendingLocalDescription", peerConnection);
	}

	@Override
	public Optional<SessionDescription> remoteDescription(PeerConnectionId peerConnection) {
		return description("remoteDescription", peerConnection);
	}

	@Override
	public Optional<SessionDescription> currentRemoteDescription(PeerConnectionId peerConnection) {
		return description("currentRemoteDescription", peerConnection);
	}

	@Override
	public Optional<SessionDescription> pendingRemoteDescription(PeerConnectionId peerConnection) {
		return description("pendingRemoteDescription", peerConnection);
	}

	private Optional<SessionDescription> description(String method, PeerConnectionId peerConnection) {
		return sync(route(peerConnection).worker(), method, OPTIONAL_DESCRIPTION, peerConnection);
	}

	@Override
	public CompletableFuture<Void> addIceCandidate(PeerConnectionId peerConnection, IceCandidate candidate) {
		Route route = route(peerConnection);
		requireNonNull(candidate, "ICE candidate");
		int limit = this.factory.settings().maxCandidateBytes();
		if (candidate.candidate().length() > limit) {
			throw new InvalidInputException(ErrorCode.LIMIT_EXCEEDED,
					"ICE candidate exceeds the limit of " + limit + " bytes (specter.limits.max-candidate-size)");
		}
		return this.calls.pipelined(route, Operation.ADD_ICE_CANDIDATE, "addIceCandidate", Void.class, peerConnection,
				candidate);
	}

	@Override
	public void restartIce(PeerConnectionId peerConnection) {
		syncOn(peerConnection, "restartIce", Void.class, peerConnection);
	}

	@Override
	public ConnectionState connectionState(PeerConnectionId peerConnection) {
		return syncOn(peerConnection, "connectionState", ConnectionState.class, peerConnection);
	}

	@Override
	public IceConnectionState iceConnectionState(PeerConnectionId peerConnection) {
		return syncOn(peerConnection, "iceConnectionState", IceConnectionState.class, peerConnection);
	}

	@Override
	public IceGatheringState iceGatheringState(PeerConnectionId peerConnection) {
		return syncOn(peerConnection, "iceGatheringState", IceGatheringState.class, peerConnection);
	}

	@Override
	public CompletableFuture<SessionDescription> whenGatheringComplete(PeerConnectionId peerConnection) {
		return async(route(peerConnection), null, "whenGatheringComplete", SessionDescription.class, peerConnection);
	}

	@Override
	public SignalingState signalingState(PeerConnectionId peerConnection) {
		return syncOn(peerConnection, "signalingState", SignalingState.class, peerConnection);
	}

	// ---- data channels

	@Override
	public CompletableFuture<DataChannelId> createDataChannel(PeerConnectionId peerConnection, String label,
			DataChannelOptions options) {
		Route route = route(peerConnection);
		return async(route, Operation.CREATE_DATA_CHANNEL, "createDataChannel", DataChannelId.class,
				(DataChannelId id) -> route.channel(id, options), peerConnection, label, options);
	}

	@Override
	public CompletableFuture<Void> sendText(PeerConnectionId peerConnection, DataChannelId channel, String text) {
		Route route = route(peerConnection);
		requireNonNull(channel, "data channel id");
		route.channel(channel);
		requireNonNull(text, "text");
		return sendChecked(route, channel, false, text.getBytes(StandardCharsets.UTF_8));
	}

	@Override
	public CompletableFuture<Void> sendBinary(PeerConnectionId peerConnection, DataChannelId channel, byte[] data) {
		Route route = route(peerConnection);
		requireNonNull(channel, "data channel id");
		route.channel(channel);
		if (data == null) {
			throw new InvalidInputException(ErrorCode.INVALID_ARGUMENT, "message must not be null");
		}
		return sendChecked(route, channel, true, data.clone());
	}

	/**
	 * Refuses, by throwing as in process, a payload over the message limit or one that
	 * would need chunks on a channel that is not reliable and ordered; then sends it.
	 */
	CompletableFuture<Void> sendChecked(Route route, DataChannelId channel, boolean binary, byte[] data) {
		RuntimeSettings settings = this.factory.settings();
		if (data.length > settings.maxMessageBytes()) {
			throw new InvalidInputException(ErrorCode.LIMIT_EXCEEDED,
					"message of " + data.length + " bytes exceeds the limit of " + settings.maxMessageBytes()
							+ " bytes (specter.limits.max-message-size)");
		}
		if (data.length > settings.chunkBytes() && !route.channel(channel).reliableOrdered()) {
			throw new InvalidInputException(ErrorCode.LIMIT_EXCEEDED,
					"message of " + data.length + " bytes exceeds the chunk size of " + settings.chunkBytes()
							+ " bytes; larger payloads are split, which needs a reliable, ordered channel");
		}
		long started = System.nanoTime();
		CompletableFuture<Void> result = new CompletableFuture<>();
		Channel known = route.channel(channel);
		if (!known.reserve(data.length, settings.maxQueuedBytes())) {
			// As in process, a send past the bound fails and nothing else is lost; here
			// the
			// bound also holds for what is on its way to the worker, so a sender faster
			// than the socket cannot fill the application's heap.
			InvalidInputException full = new InvalidInputException(ErrorCode.LIMIT_EXCEEDED,
					"data channel " + channel + " has " + known.inFlight()
							+ " bytes on their way to its worker; a message of " + data.length
							+ " bytes would exceed the limit of " + settings.maxQueuedBytes()
							+ " bytes (specter.data-channel.max-queued-bytes): "
							+ "wait for DataChannelBufferedAmountLow or for earlier sends to complete");
			this.calls.finish(result, route, Operation.SEND, started, null, full);
			if (known.requestLow()) {
				// As in process, a refused send is followed by
				// DataChannelBufferedAmountLow
				// once the channel has drained: the worker runs this after every send
				// written before it.
				route.worker()
					.call(this.key, Channel.ARM_LOW, route.peerConnection(), channel)
					.done()
					.whenComplete((frame, failure) -> known.lowRequestDone());
			}
			return result;
		}
		route.worker()
			.send(new Frames.Payload(this.id.value(), route.peerConnection().value(), channel.value(), binary, data))
			.whenComplete((frame, failure) -> {
				known.release(data.length);
				Throwable error = WorkerCalls.failure(frame, failure);
				if (error == null) {
					// one call per message handed to the engine, as in process
					int chunk = settings.chunkBytes();
					for (int offset = 0; offset == 0 || offset < data.length; offset += chunk) {
						this.factory.observer()
							.dataChannelSent(this.id, route.peerConnection(), channel,
									Math.min(chunk, data.length - offset), binary);
					}
				}
				this.calls.finish(result, route, Operation.SEND, started, null, error);
			});
		return result;
	}

	@Override
	public long bufferedAmount(PeerConnectionId peerConnection, DataChannelId channel) {
		return syncOn(peerConnection, "bufferedAmount", Long.class, peerConnection, channel);
	}

	@Override
	public DataChannelState dataChannelState(PeerConnectionId peerConnection, DataChannelId channel) {
		return syncOn(peerConnection, "dataChannelState", DataChannelState.class, peerConnection, channel);
	}

	@Override
	public void closeDataChannel(PeerConnectionId peerConnection, DataChannelId channel) {
		syncOn(peerConnection, "closeDataChannel", Void.class, peerConnection, channel);
	}

	@Override
	public InlineHandlerRegistration handleMessagesInline(PeerConnectionId peerConnection, DataChannelId channel,
			InlineMessageHandler handler) {
		Route route = route(peerConnection);
		requireNonNull(channel, "data channel id");
		Channel known = route.channel(channel);
		if (handler == null) {
			throw new InvalidInputException(ErrorCode.INVALID_ARGUMENT, "handler must not be null");
		}
		DataChannelState state = known.state();
		if (state == DataChannelState.CLOSING || state == DataChannelState.CLOSED) {
			throw new OperationRejectedException("data channel " + channel + " is " + state.value());
		}
		InlineHandler registration = new InlineHandler(this, route, channel, known, handler);
		if (!known.inline().compareAndSet(null, registration)) {
			throw new OperationRejectedException("data channel " + channel + " already has an inline message handler; "
					+ "close its registration first");
		}
		return registration;
	}

	@Override
	public CompletableFuture<String> getStats(PeerConnectionId peerConnection) {
		return async(route(peerConnection), Operation.GET_STATS, "getStats", String.class, peerConnection);
	}

	@Override
	public CompletableFuture<IceStats> getIceStats(PeerConnectionId peerConnection) {
		return async(route(peerConnection), Operation.GET_STATS, "getIceStats", IceStats.class, peerConnection);
	}

	// ---- media: local tracks live here and are copied into the workers that need them
	// (WorkerTracks); received media is streamed from the worker (MediaStreams)

	@Override
	public TrackId newTrack(RtpCodecCapability codec, String id, String streamId) {
		return this.tracks.newTrack(codec, id, streamId);
	}

	@Override
	public boolean trackExists(TrackId track) {
		return this.tracks.exists(track);
	}

	@Override
	public void closeTrack(TrackId track) {
		this.tracks.close(track);
	}

	@Override
	public CompletableFuture<RtpSenderId> addTrack(PeerConnectionId peerConnection, TrackId track) {
		Route route = route(peerConnection);
		this.tracks.copyTo(this.tracks.get(track), route.worker());
		return async(route, Operation.ADD_TRACK, "addTrack", RtpSenderId.class, peerConnection, track);
	}

	@Override
	public CompletableFuture<Void> removeTrack(PeerConnectionId peerConnection, RtpSenderId sender) {
		return async(route(peerConnection), Operation.REMOVE_TRACK, "removeTrack", Void.class, peerConnection, sender);
	}

	@Override
	public CompletableFuture<TransceiverId> addTransceiver(PeerConnectionId peerConnection, MediaKind kind,
			TransceiverDirection direction) {
		return async(route(peerConnection), Operation.ADD_TRANSCEIVER, "addTransceiver", TransceiverId.class,
				peerConnection, kind, direction);
	}

	@Override
	public void setTransceiverDirection(PeerConnectionId peerConnection, TransceiverId transceiver,
			TransceiverDirection direction) {
		syncOn(peerConnection, "setTransceiverDirection", Void.class, peerConnection, transceiver, direction);
	}

	@Override
	public List<TransceiverInfo> transceivers(PeerConnectionId peerConnection) {
		return syncOn(peerConnection, "transceivers", TRANSCEIVERS, peerConnection);
	}

	@Override
	public CompletableFuture<PlaybackResult> playFromFileH264(TrackId track, String path) {
		return this.tracks.play(track, path, MediaKind.VIDEO, 0);
	}

	@Override
	public CompletableFuture<PlaybackResult> playFromFileH264(TrackId track, String path, double framesPerSecond) {
		if (!(framesPerSecond >= 1 && framesPerSecond <= 240)) {
			throw new InvalidInputException(ErrorCode.INVALID_ARGUMENT, "frame rate must be between 1 and 240");
		}
		return this.tracks.play(track, path, MediaKind.VIDEO, framesPerSecond);
	}

	@Override
	public CompletableFuture<PlaybackResult> playFromFileWav(TrackId track, String path) {
		return this.tracks.play(track, path, MediaKind.AUDIO, 0);
	}

	@Override
	public boolean stopPlayback(TrackId track) {
		return this.tracks.stopPlayback(track);
	}

	@Override
	public MediaSubscription receiveVideo(PeerConnectionId peerConnection, TrackId track,
			MediaSink<ReceivedVideoFrame> sink) {
		return receive(peerConnection, track, MediaKind.VIDEO, sink);
	}

	@Override
	public MediaSubscription receiveAudio(PeerConnectionId peerConnection, TrackId track,
			MediaSink<ReceivedAudio> sink) {
		MediaSubscription subscription = receive(peerConnection, track, MediaKind.AUDIO, sink);
		if (this.config.audioMode() != AudioMode.RECEIVE && this.warnedAudioNotDecoded.compareAndSet(false, true)) {
			logger.warn("Specter " + this.id + " is in audio mode SEND: received audio is not decoded, so audio sinks"
					+ " get no samples. Use a Specter in audio mode RECEIVE to receive audio"
					+ " (specter.media.audio-mode=receive, or SpecterConfig.withAudioMode).");
		}
		return subscription;
	}

	/**
	 * Registers the sink here, then asks the worker to stream the track's media to it.
	 */
	private MediaSubscription receive(PeerConnectionId peerConnection, TrackId track, MediaKind kind,
			MediaSink<?> sink) {
		Route route = route(peerConnection);
		MediaStreams.Subscription subscription = this.factory.media().register(route, this.key, track, kind, sink);
		try {
			sync(route.worker(), "receiveMedia", Void.class, peerConnection, track, kind, subscription.id());
		}
		catch (RuntimeException ex) {
			subscription.discard();
			throw ex;
		}
		return subscription;
	}

	@Override
	public CompletableFuture<TrackStats> getTrackStats(PeerConnectionId peerConnection, TrackId track) {
		return async(route(peerConnection), null, "getTrackStats", TrackStats.class, peerConnection, track);
	}

	@Override
	public void close() {
		if (this.closed) {
			return;
		}
		this.closed = true;
		this.tracks.closeAll();
		for (Map.Entry<WorkerProcess, WorkerState> entry : this.states.entrySet()) {
			if (entry.getKey().alive()) {
				try {
					sync(entry.getKey(), "close", Void.class);
				}
				catch (RuntimeException ex) {
					// The worker is gone: its connections were closed with it.
				}
			}
		}
		this.factory.forget(this);
	}

	@Override
	public String toString() {
		return "Specter[id=" + this.id + ", workers]";
	}

	// ---- plumbing

	private Route route(PeerConnectionId peerConnection) {
		InlineHandler.refuseOnReader();
		requireNonNull(peerConnection, "peer connection");
		Route route = this.factory.route(peerConnection);
		if (route == null || route.owner() != this || route.closing()) {
			checkOpen();
			throw new NotFoundException("peer connection " + peerConnection + " does not exist");
		}
		return route;
	}

	private <T> T syncOn(PeerConnectionId peerConnection, String method, Type type, Object... args) {
		return sync(route(peerConnection).worker(), method, type, args);
	}

	private <T> T sync(WorkerProcess worker, String method, Type type, Object... args) {
		return this.calls.sync(worker, method, type, args);
	}

	private <T> CompletableFuture<T> async(Route route, Operation operation, String method, Type type, Object... args) {
		return this.calls.async(route, operation, method, type, null, args);
	}

	private <T> CompletableFuture<T> async(Route route, Operation operation, String method, Type type,
			Consumer<T> onResult, Object... args) {
		return this.calls.async(route, operation, method, type, onResult, args);
	}

	private void checkOpen() {
		InlineHandler.refuseOnReader();
		if (this.closed) {
			throw new ConnectionClosedException("Specter " + this.id + " is closed");
		}
	}

	/**
	 * This instance's counterpart in one worker: its id there, and the worker's APIs for
	 * this instance's APIs.
	 */
	record WorkerState(UUID workerId, Map<ApiId, ApiId> apis) {

		WorkerState(UUID workerId) {
			this(workerId, new ConcurrentHashMap<>());
		}

	}

}
