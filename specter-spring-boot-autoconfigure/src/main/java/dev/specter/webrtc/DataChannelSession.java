package dev.specter.webrtc;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;

import dev.onvoid.webrtc.RTCDataChannel;
import dev.onvoid.webrtc.RTCDataChannelBuffer;
import dev.onvoid.webrtc.RTCDataChannelObserver;
import dev.specter.ChannelNotOpenException;
import dev.specter.ConnectionClosedException;
import dev.specter.DataChannelId;
import dev.specter.datachannel.DataChannelState;
import dev.specter.ErrorCode;
import dev.specter.InvalidInputException;
import dev.specter.Operation;
import dev.specter.OperationRejectedException;
import dev.specter.event.DataChannelBufferedAmountLow;
import dev.specter.event.DataChannelMessage;
import dev.specter.event.DataChannelStateChanged;

/**
 * One data channel: its observer, and a send queue that splits large payloads into chunks
 * and feeds them to libwebrtc only while its buffer is below the high watermark
 * (libwebrtc closes a channel whose buffer exceeds 16 MiB). The native thread never waits
 * for {@link #sendLock}: its buffered-amount callbacks schedule {@link #pump()} on a
 * dispatch thread, and an inline handler's reply only tries the lock
 * ({@link #sendInline}).
 */
final class DataChannelSession implements NativeCallbacks.ChannelEvents {

	final DataChannelId id;

	private final RTCDataChannel channel;

	private final PeerConnectionSession owner;

	private final boolean reliableOrdered;

	/**
	 * Guards the queue and the engine's send calls. A ReentrantLock so that the native
	 * thread (an inline handler's reply) can try it without waiting: an application
	 * thread may hold it while it waits for the native thread in a proxied call.
	 */
	private final ReentrantLock sendLock = new ReentrantLock();

	/**
	 * Messages an inline handler sent while the send lock was taken: moved to
	 * {@link #queue} by the next {@link #pump()}, in order. Written only by the native
	 * thread.
	 */
	private final ConcurrentLinkedQueue<Chunk> handoff = new ConcurrentLinkedQueue<>();

	/**
	 * The inline handler, if one is registered; read by the native thread per message.
	 */
	private final AtomicReference<InlineRegistration> inline = new AtomicReference<>();

	private final NativeCallbacks.Channel nativeObserver;

	private final ArrayDeque<Chunk> queue = new ArrayDeque<>();

	private final AtomicBoolean pumpScheduled = new AtomicBoolean();

	/**
	 * Bytes waiting in {@link #queue}; written under the send lock, read by the native
	 * thread.
	 */
	private volatile long queuedBytes;

	/**
	 * Whether a buffered-amount-low event is due once the engine drains; read by the
	 * native thread.
	 */
	private volatile boolean lowArmed;

	/**
	 * An upper bound of the engine's buffered amount: its last reading plus every byte
	 * handed to the engine since (the buffer only drains in between). While it stays at
	 * or below the low watermark a small send needs no {@code getBufferedAmount()} call,
	 * which webrtc-java proxies to a native thread and back. Guarded by the send lock.
	 */
	private long bufferedBound;

	private final java.util.concurrent.atomic.AtomicReference<DataChannelState> state = new java.util.concurrent.atomic.AtomicReference<>(
			DataChannelState.CONNECTING);

	private volatile boolean disposed;

	/**
	 * A channel the remote peer opened: runs on the native thread, where reading its
	 * options costs nothing.
	 */
	DataChannelSession(DataChannelId id, RTCDataChannel channel, PeerConnectionSession owner) {
		this(id, channel, owner, channel.isOrdered() && channel.isReliable());
	}

	/**
	 * A channel created here, with the options it was created with (reading them back
	 * from the engine would cost two calls that webrtc-java proxies to its native
	 * thread).
	 */
	DataChannelSession(DataChannelId id, RTCDataChannel channel, PeerConnectionSession owner, boolean reliableOrdered) {
		this.id = id;
		this.channel = channel;
		this.owner = owner;
		this.reliableOrdered = reliableOrdered;
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
				this.owner.dispatcher.runAsync(this::failQueuedClosed);
			}
			if (current == DataChannelState.CLOSED) {
				// No message can arrive any more: the inline handler's registration ends
				// here.
				InlineRegistration handler = this.inline.getAndSet(null);
				if (handler != null) {
					handler.end();
				}
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

	long bufferedAmount() {
		this.sendLock.lock();
		try {
			return (this.disposed ? 0 : this.channel.getBufferedAmount()) + this.queuedBytes;
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

	CompletableFuture<Void> send(byte[] data, boolean binary) {
		RuntimeSettings settings = this.owner.settings;
		validate(data, settings);
		if (data.length <= settings.chunkBytes() && state() == DataChannelState.OPEN && !this.owner.isClosing()) {
			CompletableFuture<Void> sent = sendAtOnce(data, binary, settings);
			if (sent != null) {
				return sent;
			}
		}
		CompletableFuture<Void> future = this.owner.newFuture(Operation.SEND);
		DataChannelState current = state();
		if (current == DataChannelState.CONNECTING) {
			this.owner.fail(future, Operation.SEND,
					new ChannelNotOpenException("data channel " + this.id + " is not open yet"));
			return future;
		}
		if (current != DataChannelState.OPEN || this.owner.isClosing()) {
			this.owner.fail(future, Operation.SEND,
					new ConnectionClosedException("data channel " + this.id + " is " + current.value()));
			return future;
		}
		this.sendLock.lock();
		try {
			enqueue(data, binary, future, settings.chunkBytes());
		}
		finally {
			this.sendLock.unlock();
		}
		pump();
		return future;
	}

	private void validate(byte[] data, RuntimeSettings settings) {
		if (data == null) {
			throw new InvalidInputException(ErrorCode.INVALID_ARGUMENT, "message must not be null");
		}
		if (data.length > settings.maxMessageBytes()) {
			throw new InvalidInputException(ErrorCode.LIMIT_EXCEEDED,
					"message of " + data.length + " bytes exceeds the limit of " + settings.maxMessageBytes()
							+ " bytes (specter.limits.max-message-size)");
		}
		if (data.length > settings.chunkBytes() && !this.reliableOrdered) {
			throw new InvalidInputException(ErrorCode.LIMIT_EXCEEDED,
					"message of " + data.length + " bytes exceeds the chunk size of " + settings.chunkBytes()
							+ " bytes; larger payloads are split, which needs a reliable, ordered channel");
		}
	}

	/**
	 * The fast path of a small message: when nothing is queued and the engine's buffer
	 * has room, hand it over on the caller's thread and return a completed future (no
	 * timeout, no hop). Returns {@code null} when the message must take the queue.
	 */
	private CompletableFuture<Void> sendAtOnce(byte[] data, boolean binary, RuntimeSettings settings) {
		this.sendLock.lock();
		try {
			if (!sendNow(data, binary, settings)) {
				return null;
			}
			return CompletableFuture.completedFuture(null);
		}
		catch (OperationRejectedException ex) {
			CompletableFuture<Void> failed = new CompletableFuture<>();
			this.owner.fail(failed, Operation.SEND, ex);
			return failed;
		}
		finally {
			this.sendLock.unlock();
		}
	}

	/**
	 * With the send lock held: hands a message of one chunk to the engine if nothing is
	 * queued and the engine's buffer has room, and returns whether it did.
	 * @throws OperationRejectedException if the engine refused it
	 */
	private boolean sendNow(byte[] data, boolean binary, RuntimeSettings settings) {
		if (this.disposed || !this.queue.isEmpty()) {
			return false;
		}
		long bound = this.bufferedBound + data.length;
		if (bound > settings.lowWatermarkBytes()) {
			long buffered = this.channel.getBufferedAmount();
			if (buffered > 0 && buffered + data.length > settings.highWatermarkBytes()) {
				this.bufferedBound = buffered;
				return false;
			}
			bound = buffered + data.length;
		}
		try {
			this.channel.send(new RTCDataChannelBuffer(ByteBuffer.wrap(data.clone()), binary));
		}
		catch (Throwable ex) {
			throw new OperationRejectedException(
					"send on data channel " + this.id + " failed: " + PeerConnectionSession.reason(ex));
		}
		this.owner.observer.dataChannelSent(this.owner.specter, this.owner.id, this.id, data.length, binary);
		this.owner.observer.operationCompleted(this.owner.specter, this.owner.id, Operation.SEND,
				java.time.Duration.ZERO, null);
		this.bufferedBound = bound;
		if (bound > settings.lowWatermarkBytes()) {
			this.lowArmed = true;
			this.owner.dispatcher.runLater(this::signalLow, 20);
		}
		return true;
	}

	/**
	 * A send from an inline handler, on the native thread. It never waits for the send
	 * lock (an application thread may hold it while waiting for this very thread in a
	 * proxied call): with the lock free, nothing queued and room in the buffer, the
	 * engine takes the message at once; otherwise it is queued, or handed off to the next
	 * {@link #pump()} when the lock is taken.
	 */
	void sendInline(byte[] data, boolean binary) {
		RuntimeSettings settings = this.owner.settings;
		validate(data, settings);
		DataChannelState current = state();
		if (current == DataChannelState.CONNECTING) {
			throw new ChannelNotOpenException("data channel " + this.id + " is not open yet");
		}
		if (current != DataChannelState.OPEN || this.owner.isClosing()) {
			throw new ConnectionClosedException("data channel " + this.id + " is " + current.value());
		}
		if (this.handoff.isEmpty() && this.sendLock.tryLock()) {
			try {
				if (data.length <= settings.chunkBytes() && sendNow(data, binary, settings)) {
					return;
				}
				enqueue(data, binary, null, settings.chunkBytes());
			}
			finally {
				this.sendLock.unlock();
			}
		}
		else {
			this.handoff.add(new Chunk(data.clone(), binary, null));
		}
		schedulePump();
	}

	private void enqueue(byte[] data, boolean binary, CompletableFuture<Void> future, int chunkBytes) {
		if (data.length <= chunkBytes) {
			add(new Chunk(data.clone(), binary, future));
			return;
		}
		int offset = 0;
		while (offset < data.length) {
			int end = Math.min(offset + chunkBytes, data.length);
			if (!binary) {
				// Never split a UTF-8 sequence: back off to the start of a character.
				while (end < data.length && end > offset + 1 && (data[end] & 0xC0) == 0x80) {
					end--;
				}
			}
			byte[] chunk = new byte[end - offset];
			System.arraycopy(data, offset, chunk, 0, chunk.length);
			add(new Chunk(chunk, binary, (end == data.length) ? future : null));
			offset = end;
		}
	}

	private void add(Chunk chunk) {
		this.queue.add(chunk);
		this.queuedBytes += chunk.bytes.length;
	}

	/** Feeds queued chunks to libwebrtc while its buffer is below the high watermark. */
	void pump() {
		this.pumpScheduled.set(false);
		RuntimeSettings settings = this.owner.settings;
		this.sendLock.lock();
		try {
			for (Chunk handedOff = this.handoff.poll(); handedOff != null; handedOff = this.handoff.poll()) {
				enqueue(handedOff.bytes, handedOff.binary, null, settings.chunkBytes());
			}
			while (!this.queue.isEmpty() && !this.disposed) {
				Chunk chunk = this.queue.peek();
				long buffered = this.channel.getBufferedAmount();
				this.bufferedBound = buffered;
				if (buffered > 0 && buffered + chunk.bytes.length > settings.highWatermarkBytes()) {
					this.owner.dispatcher.runLater(this::schedulePump, 20);
					break;
				}
				this.queue.poll();
				this.queuedBytes -= chunk.bytes.length;
				try {
					this.channel.send(new RTCDataChannelBuffer(ByteBuffer.wrap(chunk.bytes), chunk.binary));
					this.owner.observer.dataChannelSent(this.owner.specter, this.owner.id, this.id, chunk.bytes.length,
							chunk.binary);
				}
				catch (Throwable ex) {
					failQueued(chunk.future, new OperationRejectedException(
							"send on data channel " + this.id + " failed: " + PeerConnectionSession.reason(ex)));
					return;
				}
				this.bufferedBound = buffered + chunk.bytes.length;
				if (this.bufferedBound > settings.lowWatermarkBytes()) {
					this.lowArmed = true;
				}
				if (chunk.future != null) {
					this.owner.dispatcher.complete(chunk.future, null);
				}
			}
			if (this.queue.isEmpty() && this.lowArmed) {
				this.owner.dispatcher.runLater(this::signalLow, 20);
			}
		}
		finally {
			this.sendLock.unlock();
		}
	}

	private void schedulePump() {
		if (this.pumpScheduled.compareAndSet(false, true)) {
			this.owner.dispatcher.runAsync(this::pump);
		}
	}

	/**
	 * Fails the given chunk's message and every queued message. Called with the send lock
	 * held.
	 */
	private void failQueued(CompletableFuture<Void> current, dev.specter.SpecterException failure) {
		if (current != null) {
			this.owner.fail(current, Operation.SEND, failure);
		}
		while (!this.queue.isEmpty()) {
			Chunk chunk = this.queue.poll();
			if (chunk.future != null && chunk.future != current) {
				this.owner.fail(chunk.future, Operation.SEND, failure);
			}
		}
		this.queuedBytes = 0;
	}

	private void failQueuedClosed() {
		this.sendLock.lock();
		try {
			if (!this.queue.isEmpty()) {
				failQueued(null, new ConnectionClosedException(
						"data channel " + this.id + " closed before the message was sent"));
			}
		}
		finally {
			this.sendLock.unlock();
		}
	}

	/**
	 * Unregisters the observer and frees the native channel; pending sends fail.
	 * Idempotent.
	 */
	/**
	 * Registers an inline handler: from the next message on, the native thread hands
	 * messages to it instead of posting events.
	 */
	InlineRegistration register(dev.specter.datachannel.InlineMessageHandler handler) {
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
		failQueuedClosed();
		this.handoff.clear();
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
			this.owner.post(message);
		}
	}

	/**
	 * Nothing waits for the buffer to drain (the common case of small messages): no
	 * query, no task. A send that queues right after this read pumps by itself; a send
	 * that arms the low signal also schedules its own check.
	 */
	@Override
	public boolean wantsBufferedAmount() {
		return this.queuedBytes != 0 || this.lowArmed;
	}

	@Override
	public void bufferedAmountChanged(long amount) {
		if (amount <= this.owner.settings.lowWatermarkBytes()) {
			this.owner.dispatcher.runAsync(this::signalLow);
		}
		schedulePump();
	}

	private void signalLow() {
		boolean signal;
		long amount;
		this.sendLock.lock();
		try {
			amount = this.disposed ? 0 : this.channel.getBufferedAmount();
			this.bufferedBound = amount;
			signal = this.lowArmed && amount <= this.owner.settings.lowWatermarkBytes() && this.queue.isEmpty();
			if (signal) {
				this.lowArmed = false;
			}
		}
		finally {
			this.sendLock.unlock();
		}
		if (signal) {
			this.owner.post(new DataChannelBufferedAmountLow(this.owner.specter, this.owner.id, this.id, amount));
		}
		else if (stillDraining()) {
			// libwebrtc does not always report the last drain: keep watching until it is
			// low.
			this.owner.dispatcher.runLater(this::signalLow, 20);
		}
	}

	private boolean stillDraining() {
		this.sendLock.lock();
		try {
			return this.lowArmed && !this.disposed && this.queue.isEmpty();
		}
		finally {
			this.sendLock.unlock();
		}
	}

	private record Chunk(byte[] bytes, boolean binary, CompletableFuture<Void> future) {
	}

	static byte[] utf8(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

}
