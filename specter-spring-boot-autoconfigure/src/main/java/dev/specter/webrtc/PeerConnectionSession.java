package dev.specter.webrtc;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Function;

import dev.onvoid.webrtc.PeerConnectionObserver;
import dev.onvoid.webrtc.RTCPeerConnection;
import dev.onvoid.webrtc.RTCSessionDescription;
import dev.specter.ConnectionClosedException;
import dev.specter.DataChannelId;
import dev.specter.Operation;
import dev.specter.OperationRejectedException;
import dev.specter.PeerConnectionId;
import dev.specter.SpecterException;
import dev.specter.SpecterId;
import dev.specter.SpecterObserver;
import dev.specter.datachannel.DataChannelOptions;
import dev.specter.dispatch.EventDispatcher;
import dev.specter.dispatch.Mailbox;
import dev.specter.event.DataChannelMessage;
import dev.specter.event.EventsDropped;
import dev.specter.event.PeerConnectionClosed;
import dev.specter.event.SpecterEvent;
import dev.specter.ice.IpFilter;
import dev.specter.signaling.AnswerOptions;
import dev.specter.signaling.ConnectionState;
import dev.specter.signaling.IceCandidate;
import dev.specter.signaling.IceConnectionState;
import dev.specter.signaling.IceGatheringState;
import dev.specter.signaling.OfferOptions;
import dev.specter.signaling.SessionDescription;
import dev.specter.signaling.SignalingState;
import dev.specter.stats.IceStats;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * One peer connection: its native object, the lock around native calls, its mailbox, and
 * its parts: {@link PendingOperations} (futures and timeouts), {@link Negotiation}
 * (descriptions and remote candidates), {@link DataChannels}, {@link SessionEvents} (what
 * the engine reports through {@link NativeCallbacks}), {@link PeerConnectionMedia} and
 * {@link ConnectionStats}. Closing it ({@link #close}) releases them in order.
 * <p>
 * Threading rules: native callbacks (webrtc-java's single signaling thread) only copy
 * data and post to the mailbox or the dispatch pool; they never take {@link #lock} and
 * never throw. Application threads take {@link #lock} around state changes and native
 * calls.
 */
final class PeerConnectionSession {

	private static final Log logger = LogFactory.getLog(PeerConnectionSession.class);

	final PeerConnectionId id;

	final SpecterId specter;

	final EventDispatcher dispatcher;

	final RuntimeSettings settings;

	private final Mailbox mailbox;

	/** Bounds the bytes of received messages waiting in {@link #mailbox}. */
	private final ReceivedMessages received;

	final NativeResources resources;

	final SpecterObserver observer;

	private final ReentrantLock lock = new ReentrantLock();

	private final PendingOperations pending;

	private final DataChannels channels = new DataChannels(this);

	private volatile RTCPeerConnection connection;

	private volatile PeerConnectionMedia media;

	private volatile boolean closing;

	private final Negotiation negotiation;

	private final SessionEvents events;

	/** The futures of {@code whenGatheringComplete}. */
	final GatheringCompletion gathering;

	/**
	 * A connection with a budget of received bytes of its own (the benchmarks' fixtures).
	 */
	PeerConnectionSession(PeerConnectionId id, SpecterId specter, EventDispatcher dispatcher, RuntimeSettings settings,
			IpFilter ipFilter, NativeResources resources, SpecterObserver observer) {
		this(id, specter, dispatcher, settings, new ReceivedBytes(settings.maxQueuedBytesTotal()), ipFilter, resources,
				observer);
	}

	PeerConnectionSession(PeerConnectionId id, SpecterId specter, EventDispatcher dispatcher, RuntimeSettings settings,
			ReceivedBytes receivedTotal, IpFilter ipFilter, NativeResources resources, SpecterObserver observer) {
		this.id = id;
		this.specter = specter;
		this.dispatcher = dispatcher;
		this.settings = settings;
		this.resources = resources;
		this.observer = observer;
		this.gathering = new GatheringCompletion(this, ipFilter);
		this.mailbox = dispatcher.newMailbox("peer connection " + id);
		this.mailbox.onOverflow(
				(count, first) -> this.dispatcher.publish(new EventsDropped(this.specter, this.id, count, first)));
		this.received = new ReceivedMessages(this.mailbox, settings.maxQueuedBytes(), receivedTotal,
				(count) -> this.dispatcher.publish(
						new EventsDropped(this.specter, this.id, count, DataChannelMessage.class.getSimpleName())));
		this.pending = new PendingOperations(specter, id, dispatcher, settings.operationTimeout(), observer,
				this::post);
		this.negotiation = new Negotiation(this);
		this.events = new SessionEvents(this, ipFilter, this.channels);
		this.nativeObserver = new NativeCallbacks.Connection(toString(), this.events);
	}

	/** Sets the TURN usernames and credentials that ICE error events must not repeat. */
	void iceSecrets(List<String> secrets) {
		this.events.iceSecrets(secrets);
	}

	private final NativeCallbacks.Connection nativeObserver;

	PeerConnectionObserver observer() {
		return this.nativeObserver;
	}

	void attach(RTCPeerConnection nativeConnection) {
		this.connection = nativeConnection;
	}

	/**
	 * The native connection, {@code null} once closed; for the native thread and calls
	 * that check {@link #isClosing()} (application threads use {@link #call} or
	 * {@link #withLock}).
	 */
	RTCPeerConnection nativeConnection() {
		return this.connection;
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
	void watchState(Consumer<ConnectionState> watcher) {
		this.events.watchState(watcher);
	}

	int mailboxSize() {
		return this.mailbox.size();
	}

	// ---- event and future plumbing
	// -------------------------------------------------------

	/**
	 * Posts an event to the connection's mailbox, unless no listener in the application
	 * wants its class ({@link EventDispatcher#wants}): then there is nothing to hand off.
	 */
	void post(SpecterEvent event) {
		if (!this.dispatcher.wants(event)) {
			return;
		}
		this.mailbox.post(() -> this.dispatcher.publish(event), true, event.getClass().getSimpleName());
	}

	/**
	 * Posts a received data-channel message as {@link #post(SpecterEvent)} does, within
	 * the connection's budget of waiting bytes ({@link ReceivedMessages}).
	 */
	void postReceived(DataChannelMessage message) {
		if (!this.dispatcher.wants(message)) {
			return;
		}
		this.received.post(message, () -> this.dispatcher.publish(message));
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

	// ---- operations (see Negotiation)
	// ------------------------------------------------------------------------

	CompletableFuture<SessionDescription> createOffer(OfferOptions options) {
		return this.negotiation.createOffer(options);
	}

	CompletableFuture<SessionDescription> createAnswer(AnswerOptions options) {
		return this.negotiation.createAnswer(options);
	}

	CompletableFuture<Void> setLocalDescription(SessionDescription description) {
		return this.negotiation.setLocalDescription(description);
	}

	CompletableFuture<Void> setRemoteDescription(SessionDescription description) {
		return this.negotiation.setRemoteDescription(description);
	}

	/**
	 * Called with the lock held before a native call on a transceiver, receiver or
	 * sender: waits until the engine has applied every description handed to it (one may
	 * free them).
	 */
	void awaitDescriptionsApplied() {
		this.negotiation.awaitDescriptionsApplied();
	}

	CompletableFuture<Void> addIceCandidate(IceCandidate candidate) {
		return this.negotiation.addIceCandidate(candidate);
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
		return this.channels.create(label, options);
	}

	DataChannelSession channel(DataChannelId channel) {
		return this.channels.get(channel);
	}

	CompletableFuture<String> getStats() {
		return ConnectionStats.getStats(this);
	}

	CompletableFuture<IceStats> getIceStats() {
		return ConnectionStats.getIceStats(this);
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
		this.channels.disposeAll();
		this.negotiation.releaseDescriptions();
		ConnectionClosedException closed = closed();
		this.pending.failAll(closed);
		this.negotiation.failQueuedCandidates(closed);
		if (currentMedia != null) {
			currentMedia.detachTracks();
		}
		this.connection = null;
		PeerConnectionClosed event = new PeerConnectionClosed(this.specter, this.id, reason);
		this.mailbox.seal(() -> this.dispatcher.publish(event));
		// webrtc-java keeps the registered observer for ever: let it forget this session.
		this.nativeObserver.detach();
	}

	Collection<DataChannelSession> channels() {
		return this.channels.all();
	}

	Negotiation negotiation() {
		return this.negotiation;
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

}
