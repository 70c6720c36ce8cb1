package dev.specter.webrtc;

import java.util.Collection;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.onvoid.webrtc.RTCDataChannel;
import dev.specter.DataChannelId;
import dev.specter.ErrorCode;
import dev.specter.InvalidInputException;
import dev.specter.NotFoundException;
import dev.specter.Operation;
import dev.specter.OperationRejectedException;
import dev.specter.datachannel.DataChannelOptions;
import dev.specter.datachannel.DataChannelState;
import dev.specter.event.DataChannelCreated;
import dev.specter.event.DataChannelReceived;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * The data channels of one peer connection: those created here and those the remote peer
 * opened, by id, with the per-connection limit.
 * <p>
 * The limit holds for both sides: a channel the remote peer opens beyond it is closed at
 * once and never announced. A closed channel is disposed off the native thread and kept
 * (so that its state still answers {@code CLOSED}) among the
 * {@value #MAX_CLOSED_CHANNELS} most recently closed; older ones are forgotten. So a
 * remote peer that opens and closes channels in a loop cannot make a connection hold an
 * unbounded number of them.
 */
final class DataChannels {

	private static final Log logger = LogFactory.getLog(DataChannels.class);

	/**
	 * Data channels one connection may hold; libwebrtc has 1024 SCTP streams, shared by
	 * both sides.
	 */
	static final int MAX_DATA_CHANNELS = 256;

	/**
	 * Closed channels one connection keeps, so that their state still answers
	 * {@code CLOSED}; the oldest beyond it are forgotten.
	 */
	static final int MAX_CLOSED_CHANNELS = MAX_DATA_CHANNELS;

	private final PeerConnectionSession session;

	private final Map<DataChannelId, DataChannelSession> channels = new ConcurrentHashMap<>();

	/** Closed channels: disposed off the native thread, the most recent kept. */
	private final ClosedChannels<DataChannelSession> closedChannels;

	/** Whether the remote peer was told no once already (one warning per connection). */
	private final AtomicBoolean limitWarned = new AtomicBoolean();

	DataChannels(PeerConnectionSession session) {
		this.session = session;
		// Built before the session's constructor sets its dispatcher: read when used.
		this.closedChannels = new ClosedChannels<>(MAX_CLOSED_CHANNELS, (task) -> session.dispatcher.runAsync(task),
				DataChannelSession::dispose, (channel) -> this.channels.remove(channel.id), session::isClosing);
	}

	CompletableFuture<DataChannelId> create(String label, DataChannelOptions options) {
		NativeInput.checkLabel(label, this.session.settings.maxLabelBytes());
		if (options == null) {
			throw new InvalidInputException(ErrorCode.INVALID_ARGUMENT, "data channel options must not be null");
		}
		CompletableFuture<DataChannelId> future = this.session.newFuture(Operation.CREATE_DATA_CHANNEL);
		DataChannelSession[] created = new DataChannelSession[1];
		this.session.call(Operation.CREATE_DATA_CHANNEL, future, (pc) -> {
			// webrtc-java 0.14 crashes the JVM when libwebrtc refuses a channel: refuse
			// first.
			checkChannelCanBeCreated(options);
			RTCDataChannel channel = NativeInput.createDataChannel(pc, label, options,
					this.session.settings.maxLabelBytes());
			if (channel == null) {
				throw new OperationRejectedException(
						"data channel " + NativeInput.quote(label, 40) + " could not be created");
			}
			boolean reliableOrdered = options.ordered() && options.maxRetransmits() == null
					&& options.maxPacketLifeTimeMillis() == null;
			DataChannelSession opened = new DataChannelSession(DataChannelId.random(), channel, this.session,
					reliableOrdered, this::closed);
			this.channels.put(opened.id, opened);
			this.session.post(new DataChannelCreated(this.session.specter, this.session.id, opened.id, label));
			if (this.session.negotiation().remoteDescriptionSet()) {
				// The channel may have opened before its observer was registered. Without
				// a
				// remote description it cannot have (SCTP needs one), so the proxied
				// state
				// query is skipped.
				opened.announceState();
			}
			created[0] = opened;
		});
		if (created[0] != null) {
			// Done on the caller's thread (an application or dispatch thread, never the
			// native one), outside the lock: completed here rather than with a hop, as
			// other operations that are finished when their method returns.
			future.complete(created[0].id);
		}
		return future;
	}

	/** Called with the lock held. */
	private void checkChannelCanBeCreated(DataChannelOptions options) {
		int live = 0;
		for (DataChannelSession channel : this.channels.values()) {
			if (channel.state() != DataChannelState.CLOSED) {
				live++;
				if (options.negotiated() && channel.streamId() == options.id()) {
					throw new InvalidInputException(ErrorCode.INVALID_ARGUMENT, "data channel id " + options.id()
							+ " is already in use on peer connection " + this.session.id);
				}
			}
		}
		if (live >= MAX_DATA_CHANNELS) {
			throw new InvalidInputException(ErrorCode.LIMIT_EXCEEDED,
					"a peer connection holds at most " + MAX_DATA_CHANNELS + " open data channels");
		}
	}

	DataChannelSession get(DataChannelId channel) {
		if (channel == null) {
			throw new InvalidInputException(ErrorCode.INVALID_ARGUMENT, "data channel id must not be null");
		}
		DataChannelSession found = this.channels.get(channel);
		if (found == null) {
			throw new NotFoundException(
					"data channel " + channel + " does not exist on peer connection " + this.session.id);
		}
		return found;
	}

	/**
	 * A channel the remote peer opened (native thread): registers it, posts its event and
	 * its state; or, once the connection holds {@link #MAX_DATA_CHANNELS} live channels,
	 * refuses it.
	 */
	void received(RTCDataChannel channel) {
		if (this.session.isClosing()) {
			refuse(channel);
			return;
		}
		if (liveChannels() >= MAX_DATA_CHANNELS) {
			refuse(channel);
			if (this.limitWarned.compareAndSet(false, true)) {
				logger.warn("The remote peer of peer connection " + this.session.id + " opened more than "
						+ MAX_DATA_CHANNELS + " data channels; channels beyond that limit are closed "
						+ "(logged once per connection)");
			}
			return;
		}
		DataChannelSession created = new DataChannelSession(DataChannelId.random(), channel, this.session,
				this::closed);
		this.channels.put(created.id, created);
		String label = channel.getLabel();
		this.session.post(new DataChannelReceived(this.session.specter, this.session.id, created.id,
				(label != null) ? label : "", Conversions.optionsOf(channel)));
		created.announceState();
	}

	/**
	 * Live channels: remote ones are only counted here, on the native thread, so their
	 * limit is exact; a local channel created at the same moment may pass it by one.
	 */
	private int liveChannels() {
		int live = 0;
		for (DataChannelSession channel : this.channels.values()) {
			if (channel.state() != DataChannelState.CLOSED) {
				live++;
			}
		}
		return live;
	}

	/**
	 * Closes and frees a remote channel without registering it (native thread, inside
	 * {@code onDataChannel}). Both calls are safe there in webrtc-java 0.14: its JNI
	 * hands the channel's only reference to Java before the callback and does not touch
	 * the channel after it; {@code close()} is proxied to the network thread as the state
	 * queries already made here are, and the proxy's destructor runs on this (the
	 * signaling) thread directly. libwebrtc keeps its own reference until the stream is
	 * reset.
	 */
	private void refuse(RTCDataChannel channel) {
		this.session.resources.dataChannelOpened();
		try {
			channel.close();
		}
		catch (Throwable ex) {
			// The connection is gone: the channel closes with it.
		}
		try {
			channel.dispose();
		}
		catch (Throwable ex) {
			// Nothing more can be released.
		}
		finally {
			this.session.resources.dataChannelDisposed();
		}
	}

	/**
	 * A channel reached {@code CLOSED} (any thread, after its state event was posted).
	 */
	private void closed(DataChannelSession channel) {
		this.closedChannels.closed(channel);
	}

	Collection<DataChannelSession> all() {
		return this.channels.values();
	}

	/** The connection closed: frees every channel, failing its pending sends. */
	void disposeAll() {
		for (DataChannelSession channel : this.channels.values()) {
			channel.dispose();
		}
		this.channels.clear();
	}

}
