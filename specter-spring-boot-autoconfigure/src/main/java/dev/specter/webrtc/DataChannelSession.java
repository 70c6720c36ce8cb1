package dev.specter.webrtc;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.onvoid.webrtc.RTCDataChannel;
import dev.onvoid.webrtc.RTCDataChannelBuffer;
import dev.onvoid.webrtc.RTCDataChannelObserver;
import dev.specter.ChannelNotOpenException;
import dev.specter.ConnectionClosedException;
import dev.specter.DataChannelId;
import dev.specter.DataChannelState;
import dev.specter.ErrorCode;
import dev.specter.InvalidInputException;
import dev.specter.Operation;
import dev.specter.OperationRejectedException;
import dev.specter.event.DataChannelBufferedAmountLow;
import dev.specter.event.DataChannelMessage;
import dev.specter.event.DataChannelStateChanged;

/**
 * One data channel: its observer, and a send queue that splits large payloads into chunks and
 * feeds them to libwebrtc only while its buffer is below the high watermark (libwebrtc closes a
 * channel whose buffer exceeds 16 MiB). The native thread never takes {@link #sendLock}: its
 * buffered-amount callbacks schedule {@link #pump()} on a dispatch thread.
 */
final class DataChannelSession implements RTCDataChannelObserver {

	final DataChannelId id;

	private final RTCDataChannel channel;

	private final PeerConnectionSession owner;

	private final boolean reliableOrdered;

	private final Object sendLock = new Object();

	private final DetachableObservers.Channel nativeObserver;

	private final ArrayDeque<Chunk> queue = new ArrayDeque<>();

	private final AtomicBoolean pumpScheduled = new AtomicBoolean();

	/** Bytes waiting in {@link #queue}; written under the send lock, read by the native thread. */
	private volatile long queuedBytes;

	/** Whether a buffered-amount-low event is due once the engine drains; read by the native thread. */
	private volatile boolean lowArmed;

	/**
	 * An upper bound of the engine's buffered amount: its last reading plus every byte handed to
	 * the engine since (the buffer only drains in between). While it stays at or below the low
	 * watermark a small send needs no {@code getBufferedAmount()} call, which webrtc-java proxies to
	 * a native thread and back. Guarded by the send lock.
	 */
	private long bufferedBound;

	private final java.util.concurrent.atomic.AtomicReference<DataChannelState> state = new java.util.concurrent.atomic.AtomicReference<>(
			DataChannelState.CONNECTING);

	private volatile boolean disposed;

	/** A channel the remote peer opened: runs on the native thread, where reading its options costs nothing. */
	DataChannelSession(DataChannelId id, RTCDataChannel channel, PeerConnectionSession owner) {
		this(id, channel, owner, channel.isOrdered() && channel.isReliable());
	}

	/**
	 * A channel created here, with the options it was created with (reading them back from the
	 * engine would cost two calls that webrtc-java proxies to its native thread).
	 */
	DataChannelSession(DataChannelId id, RTCDataChannel channel, PeerConnectionSession owner, boolean reliableOrdered) {
		this.id = id;
		this.channel = channel;
		this.owner = owner;
		this.reliableOrdered = reliableOrdered;
		this.nativeObserver = new DetachableObservers.Channel(this);
		channel.registerObserver(this.nativeObserver);
		owner.resources.dataChannelOpened();
	}

	/**
	 * Reports the channel's state if it changed before the observer was registered (a remote
	 * channel is often open already; a negotiated one opens inside {@code createDataChannel}).
	 */
	void announceState() {
		transition(Conversions.state(this.channel.getState()));
	}

	/** Records a state and posts its event, once per change, whichever thread sees it first. */
	private void transition(DataChannelState current) {
		DataChannelState previous = this.state.getAndSet(current);
		if (previous != current) {
			this.owner.post(new DataChannelStateChanged(this.owner.specter, this.owner.id, this.id, current));
			if (current == DataChannelState.CLOSING || current == DataChannelState.CLOSED) {
				this.owner.dispatcher.runAsync(this::failQueuedClosed);
			}
		}
	}

	/** The SCTP stream id, or -1 before it is assigned (or once disposed). */
	int streamId() {
		synchronized (this.sendLock) {
			return this.disposed ? -1 : this.channel.getId();
		}
	}

	DataChannelState state() {
		return this.disposed ? DataChannelState.CLOSED : this.state.get();
	}

	long bufferedAmount() {
		synchronized (this.sendLock) {
			return (this.disposed ? 0 : this.channel.getBufferedAmount()) + this.queuedBytes;
		}
	}

	void close() {
		synchronized (this.sendLock) {
			if (!this.disposed) {
				this.channel.close();
			}
		}
	}

	CompletableFuture<Void> send(byte[] data, boolean binary) {
		if (data == null) {
			throw new InvalidInputException(ErrorCode.INVALID_ARGUMENT, "message must not be null");
		}
		RuntimeSettings settings = this.owner.settings;
		if (data.length > settings.maxMessageBytes()) {
			throw new InvalidInputException(ErrorCode.LIMIT_EXCEEDED, "message of " + data.length
					+ " bytes exceeds the limit of " + settings.maxMessageBytes() + " bytes (specter.limits.max-message-size)");
		}
		if (data.length > settings.chunkBytes() && !this.reliableOrdered) {
			throw new InvalidInputException(ErrorCode.LIMIT_EXCEEDED, "message of " + data.length
					+ " bytes exceeds the chunk size of " + settings.chunkBytes()
					+ " bytes; larger payloads are split, which needs a reliable, ordered channel");
		}
		if (data.length <= settings.chunkBytes() && state() == DataChannelState.OPEN && !this.owner.isClosing()) {
			CompletableFuture<Void> sent = sendAtOnce(data, binary, settings);
			if (sent != null) {
				return sent;
			}
		}
		CompletableFuture<Void> future = this.owner.newFuture(Operation.SEND);
		DataChannelState current = state();
		if (current == DataChannelState.CONNECTING) {
			this.owner.fail(future, Operation.SEND, new ChannelNotOpenException("data channel " + this.id + " is not open yet"));
			return future;
		}
		if (current != DataChannelState.OPEN || this.owner.isClosing()) {
			this.owner.fail(future, Operation.SEND, new ConnectionClosedException("data channel " + this.id + " is "
					+ current.value()));
			return future;
		}
		synchronized (this.sendLock) {
			enqueue(data, binary, future, settings.chunkBytes());
		}
		pump();
		return future;
	}

	/**
	 * The fast path of a small message: when nothing is queued and the engine's buffer has room,
	 * hand it over on the caller's thread and return a completed future (no timeout, no hop).
	 * Returns {@code null} when the message must take the queue.
	 */
	private CompletableFuture<Void> sendAtOnce(byte[] data, boolean binary, RuntimeSettings settings) {
		synchronized (this.sendLock) {
			if (this.disposed || !this.queue.isEmpty()) {
				return null;
			}
			long bound = this.bufferedBound + data.length;
			if (bound > settings.lowWatermarkBytes()) {
				long buffered = this.channel.getBufferedAmount();
				if (buffered > 0 && buffered + data.length > settings.highWatermarkBytes()) {
					this.bufferedBound = buffered;
					return null;
				}
				bound = buffered + data.length;
			}
			try {
				this.channel.send(new RTCDataChannelBuffer(ByteBuffer.wrap(data.clone()), binary));
			}
			catch (Throwable ex) {
				CompletableFuture<Void> failed = new CompletableFuture<>();
				this.owner.fail(failed, Operation.SEND, new OperationRejectedException(
						"send on data channel " + this.id + " failed: " + PeerConnectionSession.reason(ex)));
				return failed;
			}
			this.owner.observer.dataChannelSent(this.owner.specter, this.owner.id, this.id, data.length, binary);
			this.owner.observer.operationCompleted(this.owner.specter, this.owner.id, Operation.SEND,
					java.time.Duration.ZERO, null);
			this.bufferedBound = bound;
			if (bound > settings.lowWatermarkBytes()) {
				this.lowArmed = true;
				this.owner.dispatcher.runLater(this::signalLow, 20);
			}
			return CompletableFuture.completedFuture(null);
		}
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
		synchronized (this.sendLock) {
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
					failQueued(chunk.future, new OperationRejectedException("send on data channel " + this.id + " failed: "
							+ PeerConnectionSession.reason(ex)));
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
	}

	private void schedulePump() {
		if (this.pumpScheduled.compareAndSet(false, true)) {
			this.owner.dispatcher.runAsync(this::pump);
		}
	}

	/** Fails the given chunk's message and every queued message. Called with the send lock held. */
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
		synchronized (this.sendLock) {
			if (!this.queue.isEmpty()) {
				failQueued(null, new ConnectionClosedException("data channel " + this.id + " closed before the message was sent"));
			}
		}
	}

	/** Unregisters the observer and frees the native channel; pending sends fail. Idempotent. */
	void dispose() {
		transition(DataChannelState.CLOSED);
		synchronized (this.sendLock) {
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
		failQueuedClosed();
	}

	// ---- native callbacks: signaling thread ---------------------------------------------------

	@Override
	public void onStateChange() {
		this.owner.guard("data channel state", () -> transition(Conversions.state(this.channel.getState())));
	}

	@Override
	public void onMessage(RTCDataChannelBuffer buffer) {
		this.owner.guard("data channel message", () -> {
			ByteBuffer data = buffer.data;
			byte[] bytes = new byte[data.remaining()];
			data.get(bytes);
			this.owner.post(new DataChannelMessage(this.owner.specter, this.owner.id, this.id, buffer.binary, bytes));
		});
	}

	@Override
	public void onBufferedAmountChange(long previousAmount) {
		if (this.queuedBytes == 0 && !this.lowArmed) {
			// Nothing waits for the buffer to drain (the common case of small messages): no query,
			// no task. A send that queues right after this read pumps by itself; a send that arms
			// the low signal also schedules its own check.
			return;
		}
		this.owner.guard("buffered amount", () -> {
			long amount = this.channel.getBufferedAmount();
			if (amount <= this.owner.settings.lowWatermarkBytes()) {
				this.owner.dispatcher.runAsync(this::signalLow);
			}
			schedulePump();
		});
	}

	private void signalLow() {
		boolean signal;
		long amount;
		synchronized (this.sendLock) {
			amount = this.disposed ? 0 : this.channel.getBufferedAmount();
			this.bufferedBound = amount;
			signal = this.lowArmed && amount <= this.owner.settings.lowWatermarkBytes() && this.queue.isEmpty();
			if (signal) {
				this.lowArmed = false;
			}
		}
		if (signal) {
			this.owner.post(new DataChannelBufferedAmountLow(this.owner.specter, this.owner.id, this.id, amount));
		}
		else if (stillDraining()) {
			// libwebrtc does not always report the last drain: keep watching until it is low.
			this.owner.dispatcher.runLater(this::signalLow, 20);
		}
	}

	private boolean stillDraining() {
		synchronized (this.sendLock) {
			return this.lowArmed && !this.disposed && this.queue.isEmpty();
		}
	}

	private record Chunk(byte[] bytes, boolean binary, CompletableFuture<Void> future) {
	}

	static byte[] utf8(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

}
