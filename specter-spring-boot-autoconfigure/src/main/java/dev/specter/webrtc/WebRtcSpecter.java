package dev.specter.webrtc;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

import dev.onvoid.webrtc.PeerConnectionFactory;
import dev.onvoid.webrtc.RTCPeerConnection;
import dev.specter.ApiId;
import dev.specter.ConnectionClosedException;
import dev.specter.DataChannelId;
import dev.specter.ErrorCode;
import dev.specter.InvalidInputException;
import dev.specter.MediaEngineId;
import dev.specter.NotFoundException;
import dev.specter.OperationRejectedException;
import dev.specter.PeerConnectionId;
import dev.specter.RegistryId;
import dev.specter.RtpSenderId;
import dev.specter.Specter;
import dev.specter.SpecterConfig;
import dev.specter.SpecterId;
import dev.specter.SpecterObserver;
import dev.specter.TrackId;
import dev.specter.TransceiverId;
import dev.specter.datachannel.DataChannelOptions;
import dev.specter.datachannel.DataChannelState;
import dev.specter.datachannel.InlineHandlerRegistration;
import dev.specter.datachannel.InlineMessageHandler;
import dev.specter.dispatch.EventDispatcher;
import dev.specter.event.PeerConnectionReady;
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
import dev.specter.support.Arguments;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * The {@link Specter} implementation over webrtc-java.
 */
final class WebRtcSpecter implements Specter {

	private static final Log logger = LogFactory.getLog(WebRtcSpecter.class);

	private final SpecterId id = SpecterId.random();

	private final SpecterConfig config;

	private final PeerConnectionFactoryPool factories;

	/**
	 * The native factory of every connection and track of this instance: that of its
	 * audio mode.
	 */
	private final PeerConnectionFactoryPool.FactoryKey factoryKey;

	private final AtomicBoolean warnedAudioNotDecoded = new AtomicBoolean();

	private final EventDispatcher dispatcher;

	private final RuntimeSettings settings;

	private final NativeResources resources;

	private final SpecterObserver observer;

	private final Consumer<WebRtcSpecter> onClose;

	private final LocalTracks tracks;

	private volatile CodecCatalog catalog;

	private final ApiBook apis;

	private final PeerConnectionTable sessions;

	/** The bytes of received messages waiting in all this instance's connections. */
	private final ReceivedBytes received;

	private volatile boolean closed;

	WebRtcSpecter(SpecterConfig config, PeerConnectionFactoryPool factories, EventDispatcher dispatcher,
			RuntimeSettings settings, NativeResources resources, SpecterObserver observer,
			MediaScheduler mediaScheduler, Consumer<WebRtcSpecter> onClose) {
		this(config, factories, dispatcher, settings, ConnectionLimits.DEFAULTS, resources, observer, mediaScheduler,
				onClose);
	}

	WebRtcSpecter(SpecterConfig config, PeerConnectionFactoryPool factories, EventDispatcher dispatcher,
			RuntimeSettings settings, ConnectionLimits limits, NativeResources resources, SpecterObserver observer,
			MediaScheduler mediaScheduler, Consumer<WebRtcSpecter> onClose) {
		// Refuses now, not at every newPeerConnection, ICE servers libwebrtc's parser
		// would fail on.
		NativeInput.configuration(config);
		this.sessions = new PeerConnectionTable(limits, dispatcher);
		this.config = config;
		this.factories = factories;
		this.factoryKey = PeerConnectionFactoryPool.FactoryKey.of(config.audioMode());
		this.apis = new ApiBook((codecs) -> catalog().validate(codecs));
		this.tracks = new LocalTracks(this.id, config, factories, this.factoryKey, this::catalog, resources,
				mediaScheduler, dispatcher, this::checkOpen);
		this.dispatcher = dispatcher;
		this.settings = settings;
		this.received = new ReceivedBytes(settings.maxQueuedBytesTotal());
		this.resources = resources;
		this.observer = observer;
		this.onClose = onClose;
	}

	@Override
	public SpecterId id() {
		return this.id;
	}

	@Override
	public SpecterConfig config() {
		return this.config;
	}

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
		return catalog().supported(kind);
	}

	/** The codecs of this instance's native factory, read once. */
	private CodecCatalog catalog() {
		CodecCatalog current = this.catalog;
		if (current == null) {
			synchronized (this) {
				current = this.catalog;
				if (current == null) {
					current = new CodecCatalog(this.factories.factory(this.factoryKey));
					this.catalog = current;
				}
			}
		}
		return current;
	}

	@Override
	public RegistryId newRegistry(MediaEngineId mediaEngine) {
		checkOpen();
		return this.apis.newRegistry(mediaEngine);
	}

	@Override
	public synchronized ApiId newApi(MediaEngineId mediaEngine, RegistryId registry) {
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

	@Override
	public PeerConnectionId newPeerConnection(ApiId api) {
		return newPeerConnection(api, PeerConnectionId.random());
	}

	/** Creates a connection under a given id (see {@link EngineHooks}). */
	PeerConnectionId newPeerConnection(ApiId api, PeerConnectionId pcId) {
		checkOpen();
		List<RtpCodecCapability> codecs = this.apis.codecs(api);
		PeerConnectionFactory factory = this.factories.factory(this.factoryKey);
		PeerConnectionSession session = new PeerConnectionSession(pcId, this.id, this.dispatcher, this.settings,
				this.received, this.config.ipFilter(), this.resources, this.observer);
		session.iceSecrets(IceCandidateErrors.secretsOf(this.config.iceServers()));
		this.sessions.reserve(session);
		RTCPeerConnection connection;
		try {
			connection = NativeInput.createPeerConnection(factory, this.config, session.observer());
		}
		catch (Throwable ex) {
			this.sessions.abandon();
			throw new OperationRejectedException(
					"peer connection could not be created: " + PeerConnectionSession.reason(ex));
		}
		if (connection == null) {
			this.sessions.abandon();
			throw new OperationRejectedException("peer connection could not be created (check the ICE configuration)");
		}
		this.resources.connectionOpened();
		session.attach(connection);
		session.attachMedia(new PeerConnectionMedia(session, codecs, catalog(), factory, this.config.audioMode()));
		this.sessions.put(session);
		if (this.closed) {
			this.sessions.remove(pcId);
			session.close();
			checkOpen();
		}
		session.post(new PeerConnectionReady(this.id, pcId));
		return pcId;
	}

	@Override
	public CompletableFuture<PeerConnectionId> whenReady(PeerConnectionId peerConnection) {
		session(peerConnection);
		return CompletableFuture.completedFuture(peerConnection);
	}

	@Override
	public boolean peerConnectionExists(PeerConnectionId peerConnection) {
		return this.sessions.exists(peerConnection);
	}

	@Override
	public Set<PeerConnectionId> peerConnections() {
		return this.sessions.ids();
	}

	@Override
	public CompletableFuture<Void> closePeerConnection(PeerConnectionId peerConnection) {
		InlineRegistration.refuseInsideHandler();
		requireNonNull(peerConnection, "peer connection");
		PeerConnectionSession session = this.sessions.remove(peerConnection);
		if (session != null) {
			session.close();
		}
		return CompletableFuture.completedFuture(null);
	}

	@Override
	public CompletableFuture<SessionDescription> createOffer(PeerConnectionId peerConnection, OfferOptions options) {
		return session(peerConnection).createOffer((options != null) ? options : OfferOptions.DEFAULT);
	}

	@Override
	public CompletableFuture<SessionDescription> createAnswer(PeerConnectionId peerConnection, AnswerOptions options) {
		return session(peerConnection).createAnswer((options != null) ? options : AnswerOptions.DEFAULT);
	}

	@Override
	public CompletableFuture<Void> setLocalDescription(PeerConnectionId peerConnection,
			SessionDescription description) {
		PeerConnectionSession session = session(peerConnection);
		requireNonNull(description, "session description");
		checkLocalAudio(description);
		return session.setLocalDescription(description);
	}

	/**
	 * In audio mode RECEIVE, refuses a local description that would send audio (an edited
	 * one: Specter's own offers and answers never do); see
	 * {@link SdpGuard#checkReceivesAudioOnly}. An SDP over the size limit is left to the
	 * session, which refuses it.
	 */
	private void checkLocalAudio(SessionDescription description) {
		if (this.config.audioMode() == AudioMode.RECEIVE && description.sdp().length() <= this.settings.maxSdpBytes()) {
			SdpGuard.checkReceivesAudioOnly(description.sdp());
		}
	}

	@Override
	public CompletableFuture<Void> setRemoteDescription(PeerConnectionId peerConnection,
			SessionDescription description) {
		PeerConnectionSession session = session(peerConnection);
		requireNonNull(description, "session description");
		return session.setRemoteDescription(description);
	}

	@Override
	public CompletableFuture<Void> setLocalDescription(PeerConnectionId peerConnection, String descriptionJson) {
		PeerConnectionSession session = session(peerConnection);
		checkJsonSize(descriptionJson, this.settings.maxSdpBytes() + 1024, "session description");
		SessionDescription description = SessionDescription.fromJson(descriptionJson);
		checkLocalAudio(description);
		return session.setLocalDescription(description);
	}

	@Override
	public CompletableFuture<Void> setRemoteDescription(PeerConnectionId peerConnection, String descriptionJson) {
		PeerConnectionSession session = session(peerConnection);
		checkJsonSize(descriptionJson, this.settings.maxSdpBytes() + 1024, "session description");
		return session.setRemoteDescription(SessionDescription.fromJson(descriptionJson));
	}

	@Override
	public CompletableFuture<Void> addIceCandidate(PeerConnectionId peerConnection, String candidateJson) {
		PeerConnectionSession session = session(peerConnection);
		checkJsonSize(candidateJson, this.settings.maxCandidateBytes() + 1024, "ICE candidate");
		return session.addIceCandidate(IceCandidate.fromJson(candidateJson));
	}

	private static void checkJsonSize(String json, int limit, String what) {
		if (json != null && json.length() > limit) {
			throw new InvalidInputException(ErrorCode.LIMIT_EXCEEDED,
					what + " JSON exceeds the limit of " + limit + " characters (see specter.limits)");
		}
	}

	@Override
	public Optional<SessionDescription> localDescription(PeerConnectionId peerConnection) {
		return session(peerConnection).description(RTCPeerConnection::getLocalDescription);
	}

	@Override
	public Optional<SessionDescription> currentLocalDescription(PeerConnectionId peerConnection) {
		return session(peerConnection).description(RTCPeerConnection::getCurrentLocalDescription);
	}

	@Override
	public Optional<SessionDescription> pendingLocalDescription(PeerConnectionId peerConnection) {
		return session(peerConnection).description(RTCPeerConnection::getPendingLocalDescription);
	}

	@Override
	public Optional<SessionDescription> remoteDescription(PeerConnectionId peerConnection) {
		return session(peerConnection).description(RTCPeerConnection::getRemoteDescription);
	}

	@Override
	public Optional<SessionDescription> currentRemoteDescription(PeerConnectionId peerConnection) {
		return session(peerConnection).description(RTCPeerConnection::getCurrentRemoteDescription);
	}

	@Override
	public Optional<SessionDescription> pendingRemoteDescription(PeerConnectionId peerConnection) {
		return session(peerConnection).description(RTCPeerConnection::getPendingRemoteDescription);
	}

	@Override
	public CompletableFuture<Void> addIceCandidate(PeerConnectionId peerConnection, IceCandidate candidate) {
		PeerConnectionSession session = session(peerConnection);
		requireNonNull(candidate, "ICE candidate");
		return session.addIceCandidate(candidate);
	}

	@Override
	public void restartIce(PeerConnectionId peerConnection) {
		session(peerConnection).restartIce();
	}

	@Override
	public ConnectionState connectionState(PeerConnectionId peerConnection) {
		return session(peerConnection).connectionState();
	}

	@Override
	public IceConnectionState iceConnectionState(PeerConnectionId peerConnection) {
		return session(peerConnection).iceConnectionState();
	}

	@Override
	public IceGatheringState iceGatheringState(PeerConnectionId peerConnection) {
		return session(peerConnection).iceGatheringState();
	}

	@Override
	public CompletableFuture<SessionDescription> whenGatheringComplete(PeerConnectionId peerConnection) {
		return session(peerConnection).gathering.whenComplete();
	}

	@Override
	public SignalingState signalingState(PeerConnectionId peerConnection) {
		return session(peerConnection).signalingState();
	}

	@Override
	public CompletableFuture<DataChannelId> createDataChannel(PeerConnectionId peerConnection, String label,
			DataChannelOptions options) {
		return session(peerConnection).createDataChannel(label, options);
	}

	@Override
	public CompletableFuture<Void> sendText(PeerConnectionId peerConnection, DataChannelId channel, String text) {
		DataChannelSession session = session(peerConnection).channel(channel);
		requireNonNull(text, "text");
		return session.send(DataChannelSession.utf8(text), false);
	}

	@Override
	public CompletableFuture<Void> sendBinary(PeerConnectionId peerConnection, DataChannelId channel, byte[] data) {
		return session(peerConnection).channel(channel).send(data, true);
	}

	@Override
	public long bufferedAmount(PeerConnectionId peerConnection, DataChannelId channel) {
		return session(peerConnection).channel(channel).bufferedAmount();
	}

	@Override
	public DataChannelState dataChannelState(PeerConnectionId peerConnection, DataChannelId channel) {
		return session(peerConnection).channel(channel).state();
	}

	@Override
	public void closeDataChannel(PeerConnectionId peerConnection, DataChannelId channel) {
		session(peerConnection).channel(channel).close();
	}

	@Override
	public InlineHandlerRegistration handleMessagesInline(PeerConnectionId peerConnection, DataChannelId channel,
			InlineMessageHandler handler) {
		return session(peerConnection).channel(channel).register(handler);
	}

	@Override
	public CompletableFuture<String> getStats(PeerConnectionId peerConnection) {
		return session(peerConnection).getStats();
	}

	@Override
	public CompletableFuture<IceStats> getIceStats(PeerConnectionId peerConnection) {
		return session(peerConnection).getIceStats();
	}

	// ---- media
	// ---------------------------------------------------------------------------------

	@Override
	public TrackId newTrack(RtpCodecCapability codec, String id, String streamId) {
		checkOpen();
		TrackId trackId = this.tracks.newTrack(codec, id, streamId);
		if (this.closed) {
			this.tracks.close(trackId);
			checkOpen();
		}
		return trackId;
	}

	/** Creates a track with a given id: a worker's copy of an application's track. */
	TrackId newTrack(TrackId trackId, RtpCodecCapability codec, String id, String streamId) {
		checkOpen();
		this.tracks.newTrack(trackId, codec, id, streamId);
		if (this.closed) {
			this.tracks.close(trackId);
			checkOpen();
		}
		return trackId;
	}

	/** Whether a live local track is attached to at least one connection. */
	void armBufferedAmountLow(PeerConnectionId peerConnection, DataChannelId channel) {
		session(peerConnection).channel(channel).armLow();
	}

	boolean trackAttached(TrackId trackId) {
		LocalTrack track = this.tracks.find(trackId);
		return track != null && !track.isClosed() && !track.attachments().isEmpty();
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
		PeerConnectionSession session = session(peerConnection);
		return session.media().addTrack(this.tracks.get(track));
	}

	@Override
	public CompletableFuture<Void> removeTrack(PeerConnectionId peerConnection, RtpSenderId sender) {
		return session(peerConnection).media().removeTrack(sender);
	}

	@Override
	public CompletableFuture<TransceiverId> addTransceiver(PeerConnectionId peerConnection, MediaKind kind,
			TransceiverDirection direction) {
		return session(peerConnection).media().addTransceiver(kind, direction);
	}

	@Override
	public void setTransceiverDirection(PeerConnectionId peerConnection, TransceiverId transceiver,
			TransceiverDirection direction) {
		session(peerConnection).media().setDirection(transceiver, direction);
	}

	@Override
	public List<TransceiverInfo> transceivers(PeerConnectionId peerConnection) {
		return session(peerConnection).media().transceivers();
	}

	@Override
	public CompletableFuture<PlaybackResult> playFromFileH264(TrackId track, String path) {
		return play(track, path, MediaKind.VIDEO, 0);
	}

	@Override
	public CompletableFuture<PlaybackResult> playFromFileH264(TrackId track, String path, double framesPerSecond) {
		if (!(framesPerSecond >= 1 && framesPerSecond <= 240)) {
			throw new InvalidInputException(ErrorCode.INVALID_ARGUMENT, "frame rate must be between 1 and 240");
		}
		return play(track, path, MediaKind.VIDEO, framesPerSecond);
	}

	@Override
	public CompletableFuture<PlaybackResult> playFromFileWav(TrackId track, String path) {
		return play(track, path, MediaKind.AUDIO, 0);
	}

	private CompletableFuture<PlaybackResult> play(TrackId trackId, String path, MediaKind kind,
			double framesPerSecond) {
		checkOpen();
		return this.tracks.play(trackId, path, kind, framesPerSecond);
	}

	@Override
	public boolean stopPlayback(TrackId track) {
		return this.tracks.stopPlayback(track);
	}

	@Override
	public MediaSubscription receiveVideo(PeerConnectionId peerConnection, TrackId track,
			MediaSink<ReceivedVideoFrame> sink) {
		return session(peerConnection).media().receiveVideo(track, sink);
	}

	@Override
	public MediaSubscription receiveAudio(PeerConnectionId peerConnection, TrackId track,
			MediaSink<ReceivedAudio> sink) {
		MediaSubscription subscription = session(peerConnection).media().receiveAudio(track, sink);
		if (this.config.audioMode() != AudioMode.RECEIVE && this.warnedAudioNotDecoded.compareAndSet(false, true)) {
			logger.warn("Specter " + this.id + " is in audio mode SEND: received audio is not decoded, so audio sinks"
					+ " get no samples. Use a Specter in audio mode RECEIVE to receive audio"
					+ " (specter.media.audio-mode=receive, or SpecterConfig.withAudioMode).");
		}
		return subscription;
	}

	@Override
	public CompletableFuture<TrackStats> getTrackStats(PeerConnectionId peerConnection, TrackId track) {
		PeerConnectionSession session = session(peerConnection);
		return session.media().trackStats(track, this.tracks.find(track));
	}

	/**
	 * Returns the number of events waiting in a connection's mailbox.
	 */
	int mailboxSize(PeerConnectionId peerConnection) {
		return session(peerConnection).mailboxSize();
	}

	@Override
	public void close() {
		InlineRegistration.refuseInsideHandler();
		synchronized (this) {
			if (this.closed) {
				return;
			}
			this.closed = true;
		}
		this.sessions.closeAll();
		this.tracks.closeAll();
		this.apis.clear();
		this.onClose.accept(this);
	}

	private PeerConnectionSession session(PeerConnectionId peerConnection) {
		InlineRegistration.refuseInsideHandler();
		requireNonNull(peerConnection, "peer connection");
		PeerConnectionSession session = this.sessions.find(peerConnection);
		if (session == null) {
			checkOpen();
			throw new NotFoundException("peer connection " + peerConnection + " does not exist");
		}
		return session;
	}

	private void checkOpen() {
		InlineRegistration.refuseInsideHandler();
		if (this.closed) {
			throw new ConnectionClosedException("Specter " + this.id + " is closed");
		}
	}

	static void requireNonNull(Object value, String what) {
		Arguments.requireNonNull(value, what);
	}

	@Override
	public String toString() {
		return "Specter[id=" + this.id + ", peerConnections=" + this.sessions.size() + "]";
	}

}
