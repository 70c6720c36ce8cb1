package dev.specter.webrtc;

import dev.specter.dispatch.EventDispatcher;
import dev.specter.dispatch.Mailbox;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import dev.onvoid.webrtc.CreateSessionDescriptionObserver;
import dev.onvoid.webrtc.PeerConnectionObserver;
import dev.onvoid.webrtc.RTCAnswerOptions;
import dev.onvoid.webrtc.RTCDataChannel;
import dev.onvoid.webrtc.RTCIceCandidate;
import dev.onvoid.webrtc.RTCIceConnectionState;
import dev.onvoid.webrtc.RTCIceGatheringState;
import dev.onvoid.webrtc.RTCOfferOptions;
import dev.onvoid.webrtc.RTCPeerConnection;
import dev.onvoid.webrtc.RTCPeerConnectionIceErrorEvent;
import dev.onvoid.webrtc.RTCPeerConnectionState;
import dev.onvoid.webrtc.RTCRtpReceiver;
import dev.onvoid.webrtc.RTCRtpTransceiver;
import dev.onvoid.webrtc.RTCSessionDescription;
import dev.onvoid.webrtc.RTCSignalingState;
import dev.onvoid.webrtc.RTCStatsReport;
import dev.onvoid.webrtc.SetSessionDescriptionObserver;
import dev.specter.signaling.AnswerOptions;
import dev.specter.ConnectionClosedException;
import dev.specter.signaling.ConnectionState;
import dev.specter.DataChannelId;
import dev.specter.datachannel.DataChannelOptions;
import dev.specter.ErrorCode;
import dev.specter.signaling.IceCandidate;
import dev.specter.signaling.IceConnectionState;
import dev.specter.signaling.IceGatheringState;
import dev.specter.stats.IceStats;
import dev.specter.InvalidInputException;
import dev.specter.NotFoundException;
import dev.specter.signaling.OfferOptions;
import dev.specter.Operation;
import dev.specter.OperationRejectedException;
import dev.specter.OperationTimeoutException;
import dev.specter.PeerConnectionId;
import dev.specter.signaling.SdpType;
import dev.specter.signaling.SessionDescription;
import dev.specter.signaling.SignalingState;
import dev.specter.SpecterException;
import dev.specter.SpecterId;
import dev.specter.event.AnswerCreated;
import dev.specter.event.ConnectionStateChanged;
import dev.specter.event.DataChannelCreated;
import dev.specter.event.DataChannelReceived;
import dev.specter.event.DataChannelStateChanged;
import dev.specter.event.EventsDropped;
import dev.specter.event.IceCandidateGathered;
import dev.specter.event.IceConnectionStateChanged;
import dev.specter.event.IceGatheringStateChanged;
import dev.specter.event.LocalDescriptionSet;
import dev.specter.event.NegotiationNeeded;
import dev.specter.event.OfferCreated;
import dev.specter.event.OperationFailed;
import dev.specter.event.PeerConnectionClosed;
import dev.specter.event.RemoteDescriptionSet;
import dev.specter.event.SignalingStateChanged;
import dev.specter.event.SpecterEvent;
import dev.specter.event.StatsReported;

/**
 * One peer connection: its native object, its mailbox, its pending futures and its queue
 * of early remote candidates.
 * <p>
 * Threading rules: native callbacks (webrtc-java's single signaling thread) only copy
 * data and post to the mailbox or the dispatch pool; they never take {@link #lock} and
 * never throw. Application threads take {@link #lock} around state changes and native
 * calls.
 */
final class PeerConnectionSession {

	private static final Log logger = LogFactory.getLog(PeerConnectionSession.class);

	/**
	 * Data channels one connection may hold; libwebrtc has 1024 SCTP streams, shared by
	 * both sides.
	 */
	static final int MAX_DATA_CHANNELS = 256;

	final PeerConnectionId id;

	final SpecterId specter;

	final EventDispatcher dispatcher;

	final RuntimeSettings settings;

	private final Mailbox mailbox;

	private final dev.specter.ice.IpFilter ipFilter;

	final NativeResources resources;

	final dev.specter.SpecterObserver observer;

	private final ReentrantLock lock = new ReentrantLock();

	private final PendingOperations pending;

	private final Map<DataChannelId, DataChannelSession> channels = new ConcurrentHashMap<>();

	/** Remote candidates that arrived before the remote description. */
	private final RemoteCandidateQueue queuedCandidates = new RemoteCandidateQueue();

	private volatile RTCPeerConnection connection;

	private volatile PeerConnectionMedia media;

	private volatile boolean closing;

	private volatile java.util.function.Consumer<dev.specter.signaling.ConnectionState> stateWatcher = (state) -> {
	};

	private volatile boolean remoteDescriptionSet;

	/**
	 * The m-sections of the last remote description applied (candidates must name one of
	 * them).
	 */
	private volatile SdpGrammar.Summary remoteSummary;

	/** Which remote offers may reach the engine; guarded by the lock. */
	private final RemoteOfferAdmission offerAdmission;

	PeerConnectionSession(PeerConnectionId id, SpecterId specter, EventDispatcher dispatcher, RuntimeSettings settings,
			dev.specter.ice.IpFilter ipFilter, NativeResources resources, dev.specter.SpecterObserver observer) {
		this.id = id;
		this.specter = specter;
		this.dispatcher = dispatcher;
		this.settings = settings;
		this.ipFilter = ipFilter;
		this.resources = resources;
		this.observer = observer;
		this.offerAdmission = new RemoteOfferAdmission(id, settings.remoteIceRestartsPerMinute(), System::nanoTime);
		this.mailbox = dispatcher.newMailbox("peer connection " + id);
		this.mailbox.onOverflow(
				(count, first) -> this.dispatcher.publish(new EventsDropped(this.specter, this.id, count, first)));
		this.pending = new PendingOperations(specter, id, dispatcher, settings.operationTimeout(), observer,
				this::post);
		this.nativeObserver = new NativeCallbacks.Connection(toString(), new EngineEvents());
	}

	/** TURN usernames and credentials that ICE error events must not repeat. */
	private volatile List<String> iceSecrets = List.of();

	void iceSecrets(List<String> secrets) {
		this.iceSecrets = List.copyOf(secrets);
	}

	private final PendingDescriptions descriptions = new PendingDescriptions();

	private final NativeCallbacks.Connection nativeObserver;

	PeerConnectionObserver observer() {
		return this.nativeObserver;
	}

	void attach(RTCPeerConnection nativeConnection) {
		this.connection = nativeConnection;
	}

	void attachMedia(PeerConnectionMedia media) {
		this.media = media;
	}

	PeerConnectionMedia media() {
		return this.media;
	}

	boolean isClosing() {
		return this.closing;
	}

	/**
	 * Sets what is told each connection state, on the native thread (it must not block or
	 * throw).
	 */
	void watchState(java.util.function.Consumer<dev.specter.signaling.ConnectionState> watcher) {
		this.stateWatcher = watcher;
	}

	int mailboxSize() {
		return this.mailbox.size();
	}

	// ---- event and future plumbing
	// -------------------------------------------------------

	void post(SpecterEvent event) {
		this.mailbox.post(() -> this.dispatcher.publish(event), true, event.getClass().getSimpleName());
	}

	<T> CompletableFuture<T> newFuture(Operation operation) {
		return this.pending.newFuture(operation);
	}

	<T> void succeed(CompletableFuture<T> future, T value, SpecterEvent event) {
		this.pending.succeed(future, value, event);
	}

	void fail(CompletableFuture<?> future, Operation operation, SpecterException failure) {
		this.pending.fail(future, operation, failure);
	}

	/**
	 * Runs a native call under the lock, unless the connection is closing; a
	 * {@link Throwable} from webrtc-java (it throws {@link Error} on malformed input)
	 * fails the future.
	 */
	<T> CompletableFuture<T> call(Operation operation, CompletableFuture<T> future, NativeCall call) {
		this.lock.lock();
		try {
			if (this.closing) {
				fail(future, operation, closed());
				return future;
			}
			call.run(this.connection);
		}
		catch (SpecterException ex) {
			fail(future, operation, ex);
		}
		catch (Throwable ex) {
			fail(future, operation, new OperationRejectedException(operation + " rejected: " + reason(ex)));
		}
		finally {
			this.lock.unlock();
		}
		return future;
	}

	/**
	 * Runs a synchronous native call under the lock; the connection is {@code null} once
	 * closing. A {@link SpecterException} passes through; any other failure becomes
	 * {@link OperationRejectedException}.
	 */
	void withLock(NativeCall call) {
		this.lock.lock();
		try {
			call.run(this.closing ? null : this.connection);
		}
		catch (SpecterException ex) {
			throw ex;
		}
		catch (Throwable ex) {
			throw new OperationRejectedException(
					"operation on peer connection " + this.id + " rejected: " + reason(ex));
		}
		finally {
			this.lock.unlock();
		}
	}

	/** The remote SDP, read on the native thread (never throws). */
	String remoteSdp() {
		try {
			RTCPeerConnection pc = this.connection;
			RTCSessionDescription remote = (pc != null) ? pc.getRemoteDescription() : null;
			return (remote != null) ? remote.sdp : null;
		}
		catch (Throwable ex) {
			return null;
		}
	}

	/**
	 * Runs a synchronous native query; a closed connection or native failure becomes a
	 * typed error.
	 */
	<T> T query(Function<RTCPeerConnection, T> query) {
		RTCPeerConnection pc = this.connection;
		if (this.closing || pc == null) {
			throw closed();
		}
		try {
			return query.apply(pc);
		}
		catch (Throwable ex) {
			if (this.closing) {
				throw closed();
			}
			throw new OperationRejectedException("query on peer connection " + this.id + " failed: " + reason(ex));
		}
	}

	ConnectionClosedException closed() {
		return new ConnectionClosedException("peer connection " + this.id + " is closed");
	}

	/**
	 * Never echo SDP bodies: the engine's first line only, capped and escaped (see
	 * {@link NativeInput#reason}).
	 */
	static String reason(Throwable ex) {
		return NativeInput.reason(ex);
	}

	// ---- operations
	// ------------------------------------------------------------------------

	CompletableFuture<SessionDescription> createOffer(OfferOptions options) {
		RTCOfferOptions rtc = new RTCOfferOptions();
		rtc.voiceActivityDetection = options.voiceActivityDetection();
		rtc.iceRestart = options.iceRestart();
		CompletableFuture<SessionDescription> future = newFuture(Operation.CREATE_OFFER);
		return call(Operation.CREATE_OFFER, future, (pc) -> {
			applyCodecPreferences(pc);
			pc.createOffer(rtc,
					created(future, Operation.CREATE_OFFER, (d) -> new OfferCreated(this.specter, this.id, d)));
		});
	}

	CompletableFuture<SessionDescription> createAnswer(AnswerOptions options) {
		RTCAnswerOptions rtc = new RTCAnswerOptions();
		rtc.voiceActivityDetection = options.voiceActivityDetection();
		CompletableFuture<SessionDescription> future = newFuture(Operation.CREATE_ANSWER);
		return call(Operation.CREATE_ANSWER, future, (pc) -> {
			applyCodecPreferences(pc);
			pc.createAnswer(rtc,
					created(future, Operation.CREATE_ANSWER, (d) -> new AnswerCreated(this.specter, this.id, d)));
		});
	}

	/** Called with the lock held, before an offer or answer. */
	private void applyCodecPreferences(RTCPeerConnection pc) {
		PeerConnectionMedia current = this.media;
		if (current != null) {
			current.applyCodecPreferences(pc);
		}
	}

	CompletableFuture<Void> setLocalDescription(SessionDescription description) {
		checkSdp(description);
		CompletableFuture<Void> future = newFuture(Operation.SET_LOCAL_DESCRIPTION);
		return call(Operation.SET_LOCAL_DESCRIPTION, future, (pc) -> {
			NativeInput.Description checked = NativeInput.description(description, NativeInput.Origin.LOCAL);
			handOver(pc, description, () -> NativeInput.setLocalDescription(pc, checked,
					applied(future, Operation.SET_LOCAL_DESCRIPTION, () -> {
						afterDescription();
						succeed(future, null, new LocalDescriptionSet(this.specter, this.id, description.type()));
					})));
		});
	}

	CompletableFuture<Void> setRemoteDescription(SessionDescription description) {
		checkSdp(description);
		CompletableFuture<Void> future = newFuture(Operation.SET_REMOTE_DESCRIPTION);
		String ufrags = RemoteOfferAdmission.iceUfragsOf(description);
		return call(Operation.SET_REMOTE_DESCRIPTION, future, (pc) -> {
			NativeInput.Description checked = NativeInput.description(description, NativeInput.Origin.REMOTE);
			this.offerAdmission.admit(ufrags);
			handOver(pc, description,
					() -> NativeInput.setRemoteDescription(pc, checked,
							applied(future, Operation.SET_REMOTE_DESCRIPTION,
									() -> remoteDescriptionApplied(future, description.type(), checked.summary()))));
		});
	}

	private void checkSdp(SessionDescription description) {
		int limit = this.settings.maxSdpBytes();
		if (description.sdp().length() > limit || description.sdp().getBytes(StandardCharsets.UTF_8).length > limit) {
			throw new InvalidInputException(ErrorCode.LIMIT_EXCEEDED,
					"SDP exceeds the limit of " + limit + " bytes (specter.limits.max-sdp-size)");
		}
	}

	/**
	 * Called with the lock held: hands a description to the engine, pending until its
	 * observer answers (see {@link LiveTransceivers} and {@link PendingDescriptions}).
	 */
	private void handOver(RTCPeerConnection pc, SessionDescription description, Runnable nativeCall) {
		PeerConnectionMedia current = this.media;
		if (current != null) {
			current.beforeDescription(pc, description.type(), description.sdp());
		}
		this.descriptions.begin();
		try {
			nativeCall.run();
		}
		catch (RuntimeException | Error ex) {
			this.descriptions.abandon();
			throw ex;
		}
	}

	/**
	 * Called with the lock held before a native call on a transceiver, receiver or
	 * sender: waits until the engine has applied every description handed to it (one may
	 * free them).
	 */
	void awaitDescriptionsApplied() {
		this.descriptions.awaitNone(this.settings.operationTimeout(), "peer connection " + this.id);
	}

	/**
	 * On the native thread once a description is applied: forgets native objects
	 * libwebrtc dropped.
	 */
	private void afterDescription() {
		PeerConnectionMedia current = this.media;
		if (current != null) {
			guard("description applied", () -> current.afterDescription(this.connection));
		}
	}

	/**
	 * Runs on the native thread once the engine accepted a remote description: applies
	 * the queued candidates there (direct calls, no blocking), then reports success.
	 */
	private void remoteDescriptionApplied(CompletableFuture<Void> future, SdpType type, SdpGrammar.Summary summary) {
		if (type != SdpType.ROLLBACK) {
			this.remoteSummary = summary;
			this.remoteDescriptionSet = true;
		}
		afterDescription();
		drainQueuedCandidates();
		succeed(future, null, new RemoteDescriptionSet(this.specter, this.id, type));
	}

	private void drainQueuedCandidates() {
		this.queuedCandidates.drain((candidate, future) -> applyCandidate(candidate, future, false));
	}

	CompletableFuture<Void> addIceCandidate(IceCandidate candidate) {
		if (candidate.candidate().length() > this.settings.maxCandidateBytes()) {
			throw new InvalidInputException(ErrorCode.LIMIT_EXCEEDED, "ICE candidate exceeds the limit of "
					+ this.settings.maxCandidateBytes() + " bytes (specter.limits.max-candidate-size)");
		}
		CompletableFuture<Void> future = newFuture(Operation.ADD_ICE_CANDIDATE);
		if (candidate.isEndOfCandidates()) {
			// libwebrtc has no end-of-candidates input (an empty candidate throws); ICE
			// completes without it.
			future.complete(null);
			return future;
		}
		if (this.closing) {
			fail(future, Operation.ADD_ICE_CANDIDATE, closed());
			return future;
		}
		try {
			// the grammar now, the m-section once the remote description is known
			NativeInput.checkCandidate(candidate);
		}
		catch (SpecterException ex) {
			fail(future, Operation.ADD_ICE_CANDIDATE, ex);
			return future;
		}
		if (this.remoteDescriptionSet) {
			// the application's own thread: complete here, no hop
			applyCandidate(candidate, future, true);
		}
		else if (!this.queuedCandidates.offer(candidate, future)) {
			fail(future, Operation.ADD_ICE_CANDIDATE, new InvalidInputException(ErrorCode.LIMIT_EXCEEDED, "more than "
					+ RemoteCandidateQueue.MAX_QUEUED + " candidates queued before the remote description"));
		}
		else {
			// The description may have been applied meanwhile: whoever sees it drains.
			if (this.remoteDescriptionSet || this.closing) {
				if (this.closing) {
					failQueuedCandidates(closed());
				}
				else {
					drainQueuedCandidates();
				}
			}
		}
		return future;
	}

	/**
	 * Safe on any thread: on the native thread the call is direct, elsewhere proxied. The
	 * future completes on the calling thread when that is the application's
	 * ({@code onCaller}: it is complete before {@code addIceCandidate} returns, which
	 * saves waking a dispatch thread for every candidate), otherwise on a dispatch
	 * thread, never on the native one.
	 */
	private void applyCandidate(IceCandidate candidate, CompletableFuture<Void> future, boolean onCaller) {
		RTCPeerConnection pc = this.connection;
		if (pc == null || this.closing) {
			fail(future, Operation.ADD_ICE_CANDIDATE, closed());
			return;
		}
		try {
			NativeInput.addIceCandidate(pc, candidate, this.remoteSummary);
			if (onCaller) {
				future.complete(null);
			}
			else {
				this.dispatcher.complete(future, null);
			}
		}
		catch (SpecterException ex) {
			fail(future, Operation.ADD_ICE_CANDIDATE, ex);
		}
		catch (Throwable ex) {
			fail(future, Operation.ADD_ICE_CANDIDATE,
					new OperationRejectedException("ICE candidate rejected: " + reason(ex)));
		}
	}

	private void failQueuedCandidates(SpecterException failure) {
		this.queuedCandidates.failAll((future) -> this.dispatcher.fail(future, failure));
	}

	void restartIce() {
		this.lock.lock();
		try {
			query((pc) -> {
				pc.restartIce();
				return null;
			});
		}
		finally {
			this.lock.unlock();
		}
	}

	Optional<SessionDescription> description(Function<RTCPeerConnection, RTCSessionDescription> getter) {
		return Optional.ofNullable(Conversions.fromNative(query(getter)));
	}

	ConnectionState connectionState() {
		return Conversions.state(query(RTCPeerConnection::getConnectionState));
	}

	IceConnectionState iceConnectionState() {
		return Conversions.state(query(RTCPeerConnection::getIceConnectionState));
	}

	IceGatheringState iceGatheringState() {
		return Conversions.state(query(RTCPeerConnection::getIceGatheringState));
	}

	SignalingState signalingState() {
		return Conversions.state(query(RTCPeerConnection::getSignalingState));
	}

	CompletableFuture<DataChannelId> createDataChannel(String label, DataChannelOptions options) {
		NativeInput.checkLabel(label, this.settings.maxLabelBytes());
		if (options == null) {
			throw new InvalidInputException(ErrorCode.INVALID_ARGUMENT, "data channel options must not be null");
		}
		CompletableFuture<DataChannelId> future = newFuture(Operation.CREATE_DATA_CHANNEL);
		DataChannelSession[] created = new DataChannelSession[1];
		call(Operation.CREATE_DATA_CHANNEL, future, (pc) -> {
			// webrtc-java 0.14 crashes the JVM when libwebrtc refuses a channel: refuse
			// first.
			checkChannelCanBeCreated(options);
			RTCDataChannel channel = NativeInput.createDataChannel(pc, label, options, this.settings.maxLabelBytes());
			if (channel == null) {
				throw new OperationRejectedException(
						"data channel " + NativeInput.quote(label, 40) + " could not be created");
			}
			boolean reliableOrdered = options.ordered() && options.maxRetransmits() == null
					&& options.maxPacketLifeTimeMillis() == null;
			DataChannelSession session = new DataChannelSession(DataChannelId.random(), channel, this, reliableOrdered);
			this.channels.put(session.id, session);
			post(new DataChannelCreated(this.specter, this.id, session.id, label));
			if (this.remoteDescriptionSet) {
				// The channel may have opened before its observer was registered. Without
				// a remote
				// description it cannot have (SCTP needs one), so the proxied state query
				// is skipped.
				session.announceState();
			}
			created[0] = session;
		});
		if (created[0] != null) {
			// Done on the caller's thread (an application or dispatch thread, never the
			// native one),
			// outside the lock: completed here rather than with a hop, as other
			// operations that are
			// finished when their method returns.
			future.complete(created[0].id);
		}
		return future;
	}

	/** Called with the lock held. */
	private void checkChannelCanBeCreated(DataChannelOptions options) {
		int live = 0;
		for (DataChannelSession channel : this.channels.values()) {
			if (channel.state() != dev.specter.datachannel.DataChannelState.CLOSED) {
				live++;
				if (options.negotiated() && channel.streamId() == options.id()) {
					throw new InvalidInputException(ErrorCode.INVALID_ARGUMENT,
							"data channel id " + options.id() + " is already in use on peer connection " + this.id);
				}
			}
		}
		if (live >= MAX_DATA_CHANNELS) {
			throw new InvalidInputException(ErrorCode.LIMIT_EXCEEDED,
					"a peer connection holds at most " + MAX_DATA_CHANNELS + " open data channels");
		}
	}

	DataChannelSession channel(DataChannelId channel) {
		if (channel == null) {
			throw new InvalidInputException(ErrorCode.INVALID_ARGUMENT, "data channel id must not be null");
		}
		DataChannelSession session = this.channels.get(channel);
		if (session == null) {
			throw new NotFoundException("data channel " + channel + " does not exist on peer connection " + this.id);
		}
		return session;
	}

	CompletableFuture<String> getStats() {
		CompletableFuture<String> future = newFuture(Operation.GET_STATS);
		return call(Operation.GET_STATS, future, (pc) -> pc.getStats(NativeCallbacks.stats(toString(), "stats",
				StatsJson::toJson, (json) -> succeed(future, json, new StatsReported(this.specter, this.id, json)))));
	}

	CompletableFuture<IceStats> getIceStats() {
		CompletableFuture<IceStats> future = newFuture(Operation.GET_STATS);
		return call(Operation.GET_STATS, future, (pc) -> {
			RTCSessionDescription local = pc.getLocalDescription();
			String sdp = (local != null) ? local.sdp : null;
			String ufrag = sdpAttribute(sdp, "a=ice-ufrag:");
			String password = sdpAttribute(sdp, "a=ice-pwd:");
			pc.getStats(NativeCallbacks.stats(toString(), "ICE stats",
					(report) -> StatsJson.iceStats(report, ufrag, password),
					(stats) -> this.dispatcher.complete(future, stats)));
		});
	}

	private static String sdpAttribute(String sdp, String prefix) {
		if (sdp == null) {
			return null;
		}
		for (String line : sdp.split("\r?\n")) {
			if (line.startsWith(prefix)) {
				return line.substring(prefix.length()).trim();
			}
		}
		return null;
	}

	/**
	 * Closes the native connection and its channels, fails pending futures and posts the
	 * closed event as the mailbox's last task. Idempotent.
	 */
	void close() {
		close(PeerConnectionClosed.Reason.CLOSED);
	}

	/**
	 * Closes the connection, naming the reason in its closed event. Idempotent.
	 */
	void close(PeerConnectionClosed.Reason reason) {
		this.lock.lock();
		try {
			if (this.closing) {
				return;
			}
			this.closing = true;
		}
		finally {
			this.lock.unlock();
		}
		RTCPeerConnection pc = this.connection;
		PeerConnectionMedia currentMedia = this.media;
		if (currentMedia != null) {
			this.lock.lock();
			try {
				currentMedia.close(pc);
			}
			finally {
				this.lock.unlock();
			}
		}
		if (pc != null) {
			try {
				pc.close();
			}
			catch (Throwable ex) {
				logger.warn("Closing peer connection " + this.id + " failed: " + reason(ex));
			}
			this.resources.connectionClosed();
		}
		for (DataChannelSession channel : this.channels.values()) {
			channel.dispose();
		}
		this.descriptions.release();
		ConnectionClosedException closed = closed();
		this.pending.failAll(closed);
		failQueuedCandidates(closed);
		if (currentMedia != null) {
			currentMedia.detachTracks();
		}
		this.connection = null;
		this.channels.clear();
		PeerConnectionClosed event = new PeerConnectionClosed(this.specter, this.id, reason);
		this.mailbox.seal(() -> this.dispatcher.publish(event));
		// webrtc-java keeps the registered observer for ever: let it forget this session.
		this.nativeObserver.detach();
	}

	Collection<DataChannelSession> channels() {
		return this.channels.values();
	}

	void guard(String what, Runnable body) {
		NativeCallbacks.guard(toString(), what, body);
	}

	/** What the logs call this connection. */
	@Override
	public String toString() {
		return "peer connection " + this.id;
	}

	@FunctionalInterface
	interface NativeCall {

		void run(RTCPeerConnection pc) throws Exception;

	}

	/**
	 * The observer of a {@code createOffer} or {@code createAnswer}: succeeds the future
	 * with the description, posting its event.
	 */
	private CreateSessionDescriptionObserver created(CompletableFuture<SessionDescription> future, Operation operation,
			Function<SessionDescription, SpecterEvent> event) {
		return NativeCallbacks.created(toString(), operation.name(), (copy) -> succeed(future, copy, event.apply(copy)),
				(error) -> fail(future, operation,
						new OperationRejectedException(operation + " failed: " + reason(new Exception(error)))));
	}

	/**
	 * The observer of a {@code setLocalDescription} or {@code setRemoteDescription}: runs
	 * {@code success} or fails the future, then ends the pending description.
	 */
	private SetSessionDescriptionObserver applied(CompletableFuture<Void> future, Operation operation,
			Runnable success) {
		return NativeCallbacks.applied(toString(), operation.name(), success,
				(error) -> fail(future, operation,
						new OperationRejectedException(operation + " rejected: " + reason(new Exception(error)))),
				this.descriptions::end);
	}

	/**
	 * What webrtc-java's callbacks report, on its signaling thread (see
	 * {@link NativeCallbacks}): post, never block.
	 */
	private final class EngineEvents implements NativeCallbacks.ConnectionEvents {

		@Override
		public void iceCandidate(IceCandidate candidate) {
			InetAddress address = CandidateLine.ipAddress(candidate.candidate());
			if (address != null && !PeerConnectionSession.this.ipFilter.accept(address)) {
				return;
			}
			post(new IceCandidateGathered(PeerConnectionSession.this.specter, PeerConnectionSession.this.id,
					candidate));
		}

		@Override
		public void iceCandidateError(IceCandidateErrors.Copy error) {
			post(IceCandidateErrors.of(PeerConnectionSession.this.specter, PeerConnectionSession.this.id, error,
					PeerConnectionSession.this.iceSecrets, PeerConnectionSession.this.ipFilter));
		}

		@Override
		public void signalingState(SignalingState state) {
			post(new SignalingStateChanged(PeerConnectionSession.this.specter, PeerConnectionSession.this.id, state));
		}

		@Override
		public void connectionState(ConnectionState state) {
			PeerConnectionSession.this.stateWatcher.accept(state);
			post(new ConnectionStateChanged(PeerConnectionSession.this.specter, PeerConnectionSession.this.id, state));
		}

		@Override
		public void iceConnectionState(IceConnectionState state) {
			post(new IceConnectionStateChanged(PeerConnectionSession.this.specter, PeerConnectionSession.this.id,
					state));
		}

		@Override
		public void iceGatheringState(IceGatheringState state) {
			post(new IceGatheringStateChanged(PeerConnectionSession.this.specter, PeerConnectionSession.this.id,
					state));
		}

		@Override
		public void negotiationNeeded() {
			post(new NegotiationNeeded(PeerConnectionSession.this.specter, PeerConnectionSession.this.id));
		}

		@Override
		public void track(RTCRtpTransceiver transceiver) {
			PeerConnectionMedia current = PeerConnectionSession.this.media;
			if (current != null) {
				current.onTrack(transceiver);
			}
		}

		@Override
		public void trackRemoved(RTCRtpReceiver receiver) {
			PeerConnectionMedia current = PeerConnectionSession.this.media;
			if (current != null) {
				current.onRemoveTrack(receiver);
			}
		}

		@Override
		public void dataChannel(RTCDataChannel channel) {
			if (PeerConnectionSession.this.closing) {
				return;
			}
			DataChannelSession session = new DataChannelSession(DataChannelId.random(), channel,
					PeerConnectionSession.this);
			PeerConnectionSession.this.channels.put(session.id, session);
			String label = channel.getLabel();
			post(new DataChannelReceived(PeerConnectionSession.this.specter, PeerConnectionSession.this.id, session.id,
					(label != null) ? label : "", Conversions.optionsOf(channel)));
			session.announceState();
		}

	}

}
