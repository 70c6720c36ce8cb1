package dev.specter.worker;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.specter.DataChannelId;
import dev.specter.NotFoundException;
import dev.specter.PeerConnectionId;
import dev.specter.datachannel.DataChannelOptions;
import dev.specter.dispatch.Mailbox;
import dev.specter.signaling.ConnectionState;
import dev.specter.webrtc.ReceivedMessages;
import org.jspecify.annotations.Nullable;

/**
 * Where a connection lives: its instance, its worker and the mailbox its events are
 * published through.
 */
final class Route {

	private final PeerConnectionId peerConnection;

	private final WorkerSpecter owner;

	private final WorkerProcess worker;

	private final Mailbox mailbox;

	private final AtomicBoolean closing = new AtomicBoolean();

	/** The connection state its last event said, for health without asking the worker. */
	private volatile ConnectionState state = ConnectionState.NEW;

	private final Map<DataChannelId, Channel> channels = new ConcurrentHashMap<>();

	/**
	 * Closed channels remembered, as in process: the oldest beyond are forgotten, so a
	 * remote peer opening and closing channels in a loop cannot grow this map.
	 */
	static final int MAX_CLOSED_CHANNELS = 256;

	/** The closed channels remembered, oldest first (guarded by itself). */
	private final Deque<DataChannelId> closedChannels = new ArrayDeque<>();

	/** Bounds the bytes of received messages waiting in {@link #mailbox}. */
	private final @Nullable ReceivedMessages received;

	Route(PeerConnectionId peerConnection, WorkerSpecter owner, WorkerProcess worker, Mailbox mailbox) {
		this(peerConnection, owner, worker, mailbox, null);
	}

	Route(PeerConnectionId peerConnection, WorkerSpecter owner, WorkerProcess worker, Mailbox mailbox,
			@Nullable ReceivedMessages received) {
		this.peerConnection = peerConnection;
		this.owner = owner;
		this.worker = worker;
		this.mailbox = mailbox;
		this.received = received;
	}

	PeerConnectionId peerConnection() {
		return this.peerConnection;
	}

	WorkerSpecter owner() {
		return this.owner;
	}

	WorkerProcess worker() {
		return this.worker;
	}

	Mailbox mailbox() {
		return this.mailbox;
	}

	@Nullable ReceivedMessages received() {
		return this.received;
	}

	ConnectionState state() {
		return this.state;
	}

	void state(ConnectionState state) {
		this.state = state;
	}

	/** Whether the connection is closing or closed (its closed event may follow). */
	boolean closing() {
		return this.closing.get();
	}

	/**
	 * Marks the connection closing; the first time, its instance gets its slot back.
	 * @return whether this call marked it
	 */
	boolean markClosing() {
		if (this.closing.compareAndSet(false, true)) {
			this.owner.releaseSlot();
			return true;
		}
		return false;
	}

	/** The connection's data channels, as they were created or received. */
	Map<DataChannelId, Channel> channels() {
		return this.channels;
	}

	Channel channel(DataChannelId channel) {
		Channel known = this.channels.get(channel);
		if (known == null) {
			throw new NotFoundException(
					"data channel " + channel + " does not exist on peer connection " + this.peerConnection);
		}
		return known;
	}

	/** Records a channel's options (it may be known already from its events). */
	Channel channel(DataChannelId channel, DataChannelOptions options) {
		return this.channels.computeIfAbsent(channel, (id) -> new Channel()).options(options);
	}

	/** A channel named by an event. */
	Channel known(DataChannelId channel) {
		return this.channels.computeIfAbsent(channel, (id) -> new Channel());
	}

	/** A channel reached {@code CLOSED}: the oldest closed channels are forgotten. */
	void closed(DataChannelId channel) {
		synchronized (this.closedChannels) {
			this.closedChannels.add(channel);
			while (this.closedChannels.size() > MAX_CLOSED_CHANNELS) {
				this.channels.remove(this.closedChannels.poll());
			}
		}
	}

	/** The connection ended: inline handlers end with it. */
	void end() {
		this.channels.values().forEach(Channel::end);
	}

}
