package dev.specter.webrtc;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

import dev.onvoid.webrtc.RTCDataChannel;
import dev.onvoid.webrtc.RTCDataChannelObserver;
import dev.specter.DataChannelId;
import dev.specter.ErrorCode;
import dev.specter.InvalidInputException;
import dev.specter.OperationRejectedException;
import dev.specter.datachannel.DataChannelState;
import dev.specter.datachannel.InlineMessageHandler;
import dev.specter.event.DataChannelMessage;
import dev.specter.event.DataChannelStateChanged;

/**
 * One data channel: its state, its inline handler, and what the engine reports about it
 * (through {@link NativeCallbacks.Channel}). Sending, with its bounded chunked queue and
 * back-pressure, is {@link DataChannelSender}'s job.
 */
final class DataChannelSession implements NativeCallbacks.ChannelEvents {

	final DataChannelId id;

	private final RTCDataChannel channel;

	final PeerConnectionSession owner;

	/**
	 * Guards the engine's calls on this channel, shared with its sender (see
	 * {@link DataChannelSender}).
	 */
	private final ReentrantLock sendLock = new ReentrantLock();

	private final DataChannelSender sender;

	/**
	 * The inline handler, if one is registered; read by the native thread per message.
	 */
	private final AtomicReference<InlineRegistration> inline = new AtomicReference<>();

	private final NativeCallbacks.Channel nativeObserver;

	private final AtomicReference<DataChannelState> state = new AtomicReference<>(DataChannelState.CONNECTING);

	private volatile boolean disposed;

	/**
	 * Told once the channel reached {@code CLOSED}, after its state event was posted.
	 */
	private final Consumer<DataChannelSession> whenClosed;

	/**
	 * A channel the remote peer opened: runs on the native thread, where reading its
	 * options costs nothing.
	 */
	DataChannelSession(DataChannelId id, RTCDataChannel channel, PeerConnectionSession owner,
			Consumer<DataChannelSession> whenClosed) {
		this(id, channel, owner, channel.isOrdered() && channel.isReliable(), whenClosed);
	}

	/**
	 * A channel created here, with the options it was created with (reading them back
	 * from the engine would cost two calls that webrtc-java proxies to its native
	 * thread).
	 */
	DataChannelSession(DataChannelId id, RTCDataChannel channel, PeerConnectionSession owner, boolean reliableOrdered,
			Consumer<DataChannelSession> whenClosed) {
		this.id = id;
		this.whenClosed = whenClosed;
		this.channel = channel;
		this.owner = owner;
		this.sender = new DataChannelSender(this, channel, reliableOrdered, this.sendLock);
		this.nativeObserver = new NativeCallbacks.Channel(owner.toString(), channel, this);
		channel.registerObserver(this.nativeObserver);
		owner.resources.dataChannelOpened();
	}

	/**
	 * Reports the channel's state if it changed before the observer was registered (a
	 * remote channel is often open already; a negotiated one opens inside
	 * {@code createDataChannel}).
	 */
	void announceState() {
		transition(Conversions.state(this.channel.getState()));
	}

	/**
	 * Records a state and posts its event, once per change, whichever thread sees it
	 * first.
	 */
	private void transition(DataChannelState current) {
		DataChannelState previous = this.state.getAndSet(current);
		if (previous != current) {
			this.owner.post(new DataChannelStateChanged(this.owner.specter, this.owner.id, this.id, current));
			if (current == DataChannelState.CLOSING || current == DataChannelState.CLOSED) {
				this.owner.dispatcher.runAsync(this.sender::failQueuedClosed);
			}
			if (current == DataChannelState.CLOSED) {
				// No message can arrive any more: the inline handler's registration ends
				// here.
				InlineRegistration handler = this.inline.getAndSet(null);
				if (handler != null) {
					handler.end();
				}
				this.whenClosed.accept(this);
			}
		}
	}

	/** The SCTP stream id, or -1 before it is assigned (or once disposed). */
	int streamId() {
		this.sendLock.lock();
		try {
			return this.disposed ? -1 : this.channel.getId();
		}
		finally {
			this.sendLock.unlock();
		}
	}

	DataChannelState state() {
		return this.disposed ? DataChannelState.CLOSED : this.state.get();
	}

	boolean isDisposed() {
		return this.disposed;
	}

	long bufferedAmount() {
		this.sendLock.lock();
		try {
			return (this.disposed ? 0 : this.channel.getBufferedAmount()) + this.sender.queuedBytes();
		}
		finally {
			this.sendLock.unlock();
		}
	}

	void close() {
		this.sendLock.lock();
		try {
			if (!this.disposed) {
				this.channel.close();
			}
		}
		finally {
			this.sendLock.unlock();
		}
	}

	/** See {@link DataChannelSender#armLow()}. */
	void armLow() {
		this.sender.armLow();
	}

	/** Sends a message (see {@link DataChannelSender#send}). */
	CompletableFuture<Void> send(byte[] data, boolean binary) {
		return this.sender.send(data, binary);
	}

	/**
	 * Sends a message from an inline handler (see {@link DataChannelSender#sendInline}).
	 */
	void sendInline(byte[] data, boolean binary) {
		this.sender.sendInline(data, binary);
	}

	/**
	 * Registers an inline handler: from the next message on, the native thread hands
	 * messages to it instead of posting events.
	 */
	InlineRegistration register(InlineMessageHandler handler) {
		if (handler == null) {
			throw new InvalidInputException(ErrorCode.INVALID_ARGUMENT, "handler must not be null");
		}
		DataChannelState current = state();
		if (current == DataChannelState.CLOSING || current == DataChannelState.CLOSED || this.owner.isClosing()) {
			throw new OperationRejectedException("data channel " + this.id + " is " + current.value());
		}
		InlineRegistration registration = new InlineRegistration(this, handler);
		if (!this.inline.compareAndSet(null, registration)) {
			throw new OperationRejectedException("data channel " + this.id + " already has an inline message handler; "
					+ "close its registration first");
		}
		if (this.disposed) {
			// Closed meanwhile: dispose() may have looked before the registration was
			// set.
			unregister(registration);
			registration.end();
			throw new OperationRejectedException("data channel " + this.id + " is closed");
		}
		return registration;
	}

	void unregister(InlineRegistration registration) {
		this.inline.compareAndSet(registration, null);
	}

	/**
	 * Unregisters the observer and frees the native channel; pending sends fail.
	 * Idempotent.
	 */
	void dispose() {
		transition(DataChannelState.CLOSED);
		this.sendLock.lock();
		try {
			if (this.disposed) {
				return;
			}
			this.disposed = true;
			this.owner.resources.dataChannelDisposed();
			try {
				this.nativeObserver.detach();
				this.channel.unregisterObserver();
				this.channel.dispose();
			}
			catch (Throwable ex) {
				// The connection is gone; nothing more can be released.
			}
		}
		finally {
			this.sendLock.unlock();
		}
		this.sender.failQueuedClosed();
		this.sender.clearHandoff();
		// After the disposed flag: a registration racing with this either is ended here
		// or sees the flag.
		InlineRegistration handler = this.inline.getAndSet(null);
		if (handler != null) {
			handler.end();
		}
	}

	// ---- what the engine reports (NativeCallbacks.Channel): signaling thread
	// ---------------------------------------------------

	/** The webrtc-java observer of this channel (see {@link NativeCallbacks}). */
	RTCDataChannelObserver nativeObserver() {
		return this.nativeObserver;
	}

	@Override
	public void stateChanged(DataChannelState state) {
		transition(state);
	}

	@Override
	public void message(boolean binary, byte[] bytes) {
		DataChannelMessage message = new DataChannelMessage(this.owner.specter, this.owner.id, this.id, binary, bytes);
		InlineRegistration handler = this.inline.get();
		if (handler != null) {
			handler.deliver(message, this.owner.dispatcher);
		}
		else {
			this.owner.postReceived(message);
		}
	}

	/**
	 * Nothing waits for the buffer to drain (the common case of small messages): no
	 * query, no task. A send that queues right after this read pumps by itself; a send
	 * that arms the low signal also schedules its own check.
	 */
	@Override
	public boolean wantsBufferedAmount() {
		return this.sender.wantsBufferedAmount();
	}

	@Override
	public void bufferedAmountChanged(long amount) {
		this.sender.bufferedAmountChanged(amount);
	}

	static byte[] utf8(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

}
