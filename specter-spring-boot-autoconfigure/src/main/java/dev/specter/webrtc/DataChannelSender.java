package dev.specter.webrtc;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

import dev.onvoid.webrtc.RTCDataChannel;
import dev.onvoid.webrtc.RTCDataChannelBuffer;
import dev.specter.ChannelNotOpenException;
import dev.specter.ConnectionClosedException;
import dev.specter.ErrorCode;
import dev.specter.InvalidInputException;
import dev.specter.Operation;
import dev.specter.OperationRejectedException;
import dev.specter.SpecterException;
import dev.specter.datachannel.DataChannelState;
import dev.specter.event.DataChannelBufferedAmountLow;

/**
 * The sending side of one data channel: feeds libwebrtc only while its buffer is below
 * the high watermark (libwebrtc closes a channel whose buffer exceeds 16 MiB), keeps the
 * rest in a bounded {@link ChunkedSendQueue}, and publishes
 * {@link DataChannelBufferedAmountLow} once the buffer drains to the low watermark. The
 * native thread never waits for the send lock: its buffered-amount callbacks schedule
 * {@link #pump()} on a dispatch thread, and an inline handler's reply only tries the lock
 * ({@link #sendInline}).
 */
final class DataChannelSender {

	private final DataChannelSession session;

	private final PeerConnectionSession owner;

	private final RTCDataChannel channel;

	private final boolean reliableOrdered;

	/**
	 * Guards the queue and the engine's send calls (shared with the session, which takes
	 * it around its own native calls). A ReentrantLock so that the native thread (an
	 * inline handler's reply) can try it without waiting: an application thread may hold
	 * it while it waits for the native thread in a proxied call.
	 */
	private final ReentrantLock sendLock;

	/**
	 * Messages an inline handler sent while the send lock was taken: moved to
	 * {@link #queue} by the next {@link #pump()}, in order. Written only by the native
	 * thread.
	 */
	private final ConcurrentLinkedQueue<ChunkedSendQueue.Chunk> handoff = new ConcurrentLinkedQueue<>();

	/** Bytes in {@link #handoff}. */
	private final AtomicLong handoffBytes = new AtomicLong();

	private final ChunkedSendQueue queue;

	private final AtomicBoolean pumpScheduled = new AtomicBoolean();

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

	DataChannelSender(DataChannelSession session, RTCDataChannel channel, boolean reliableOrdered,
			ReentrantLock sendLock) {
		this.session = session;
		this.owner = session.owner;
		this.channel = channel;
		this.reliableOrdered = reliableOrdered;
		this.sendLock = sendLock;
		this.queue = new ChunkedSendQueue(this.owner.settings.maxQueuedBytes());
	}

	/** Bytes Specter holds back (not yet handed to the engine). */
	long queuedBytes() {
		return this.queue.bytes();
	}

	CompletableFuture<Void> send(byte[] data, boolean binary) {
		RuntimeSettings settings = this.owner.settings;
		validate(data, settings);
		if (data.length <= settings.chunkBytes() && this.session.state() == DataChannelState.OPEN
				&& !this.owner.isClosing()) {
			CompletableFuture<Void> sent = sendAtOnce(data, binary, settings);
			if (sent != null) {
				return sent;
			}
		}
		CompletableFuture<Void> future = this.owner.newFuture(Operation.SEND);
		DataChannelState current = this.session.state();
		if (current == DataChannelState.CONNECTING) {
			this.owner.fail(future, Operation.SEND,
					new ChannelNotOpenException("data channel " + this.session.id + " is not open yet"));
			return future;
		}
		if (current != DataChannelState.OPEN || this.owner.isClosing()) {
			this.owner.fail(future, Operation.SEND,
					new ConnectionClosedException("data channel " + this.session.id + " is " + current.value()));
			return future;
		}
		this.sendLock.lock();
		try {
			if (!this.queue.admits(data.length, this.handoffBytes.get())) {
				this.owner.fail(future, Operation.SEND, queueFull(data.length));
				return future;
			}
			this.queue.enqueue(data, binary, future, settings.chunkBytes());
		}
		finally {
			this.sendLock.unlock();
		}
		pump();
		return future;
	}

	/** The error of a send the queue has no room for. */
	private InvalidInputException queueFull(int length) {
		return new InvalidInputException(ErrorCode.LIMIT_EXCEEDED,
				"data channel " + this.session.id + " has " + (this.queue.bytes() + this.handoffBytes.get())
						+ " bytes queued; a message of " + length + " bytes would exceed the limit of "
						+ this.queue.maxBytes() + " bytes (specter.data-channel.max-queued-bytes): "
						+ "wait for DataChannelBufferedAmountLow or for earlier sends to complete");
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
		if (this.session.isDisposed() || !this.queue.isEmpty()) {
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
					"send on data channel " + this.session.id + " failed: " + PeerConnectionSession.reason(ex));
		}
		this.owner.observer.dataChannelSent(this.owner.specter, this.owner.id, this.session.id, data.length, binary);
		this.owner.observer.operationCompleted(this.owner.specter, this.owner.id, Operation.SEND, Duration.ZERO, null);
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
		DataChannelState current = this.session.state();
		if (current == DataChannelState.CONNECTING) {
			throw new ChannelNotOpenException("data channel " + this.session.id + " is not open yet");
		}
		if (current != DataChannelState.OPEN || this.owner.isClosing()) {
			throw new ConnectionClosedException("data channel " + this.session.id + " is " + current.value());
		}
		if (this.handoff.isEmpty() && this.sendLock.tryLock()) {
			try {
				if (data.length <= settings.chunkBytes() && sendNow(data, binary, settings)) {
					return;
				}
				if (!this.queue.admits(data.length, 0)) {
					throw queueFull(data.length);
				}
				this.queue.enqueue(data, binary, null, settings.chunkBytes());
			}
			finally {
				this.sendLock.unlock();
			}
		}
		else {
			if (!this.queue.admits(data.length, this.handoffBytes.get())) {
				throw queueFull(data.length);
			}
			this.handoffBytes.addAndGet(data.length);
			this.handoff.add(new ChunkedSendQueue.Chunk(data.clone(), binary, null));
		}
		schedulePump();
	}

	/** Feeds queued chunks to libwebrtc while its buffer is below the high watermark. */
	void pump() {
		this.pumpScheduled.set(false);
		RuntimeSettings settings = this.owner.settings;
		this.sendLock.lock();
		try {
			for (ChunkedSendQueue.Chunk handedOff = this.handoff.poll(); handedOff != null; handedOff = this.handoff
				.poll()) {
				this.queue.enqueue(handedOff.bytes(), handedOff.binary(), null, settings.chunkBytes());
				this.handoffBytes.addAndGet(-handedOff.bytes().length);
			}
			while (!this.queue.isEmpty() && !this.session.isDisposed()) {
				ChunkedSendQueue.Chunk chunk = this.queue.peek();
				long buffered = this.channel.getBufferedAmount();
				this.bufferedBound = buffered;
				if (buffered > 0 && buffered + chunk.bytes().length > settings.highWatermarkBytes()) {
					this.owner.dispatcher.runLater(this::schedulePump, 20);
					break;
				}
				this.queue.poll();
				try {
					this.channel.send(new RTCDataChannelBuffer(ByteBuffer.wrap(chunk.bytes()), chunk.binary()));
					this.owner.observer.dataChannelSent(this.owner.specter, this.owner.id, this.session.id,
							chunk.bytes().length, chunk.binary());
				}
				catch (Throwable ex) {
					failQueued(chunk.future(), new OperationRejectedException("send on data channel " + this.session.id
							+ " failed: " + PeerConnectionSession.reason(ex)));
					return;
				}
				this.bufferedBound = buffered + chunk.bytes().length;
				if (this.bufferedBound > settings.lowWatermarkBytes()) {
					this.lowArmed = true;
				}
				if (chunk.future() != null) {
					this.owner.dispatcher.complete(chunk.future(), null);
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

	void schedulePump() {
		if (this.pumpScheduled.compareAndSet(false, true)) {
			this.owner.dispatcher.runAsync(this::pump);
		}
	}

	/**
	 * Fails the given chunk's message and every queued message. Called with the send lock
	 * held.
	 */
	private void failQueued(CompletableFuture<Void> current, SpecterException failure) {
		this.queue.failAll(current, (future) -> this.owner.fail(future, Operation.SEND, failure));
	}

	/** Fails every queued message: the channel is closing or closed. */
	void failQueuedClosed() {
		this.sendLock.lock();
		try {
			if (!this.queue.isEmpty()) {
				failQueued(null, new ConnectionClosedException(
						"data channel " + this.session.id + " closed before the message was sent"));
			}
		}
		finally {
			this.sendLock.unlock();
		}
	}

	/** Forgets what inline handlers handed off (the channel is disposed). */
	void clearHandoff() {
		this.handoff.clear();
		this.handoffBytes.set(0);
	}

	/**
	 * Whether the engine's buffered amount matters now (see
	 * {@link NativeCallbacks.ChannelEvents#wantsBufferedAmount()}).
	 */
	boolean wantsBufferedAmount() {
		return this.queue.bytes() != 0 || this.lowArmed;
	}

	/**
	 * Promises a {@link DataChannelBufferedAmountLow} once the channel's queue and the
	 * engine's buffer are low (at once if they are): for a send refused before it reached
	 * this channel (worker mode refuses past the bound what is on its way to the worker),
	 * as a send refused here arms it.
	 */
	void armLow() {
		this.lowArmed = true;
		this.owner.dispatcher.runAsync(this::signalLow);
	}

	/** The engine's buffer changed (native thread): signal low, feed more. */
	void bufferedAmountChanged(long amount) {
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
			amount = this.session.isDisposed() ? 0 : this.channel.getBufferedAmount();
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
			this.owner
				.post(new DataChannelBufferedAmountLow(this.owner.specter, this.owner.id, this.session.id, amount));
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
			return this.lowArmed && !this.session.isDisposed() && this.queue.isEmpty();
		}
		finally {
			this.sendLock.unlock();
		}
	}

}
