package dev.specter.webrtc;

import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * The messages of one data channel that wait for room in the engine's buffer, split into
 * chunks of at most {@code specter.data-channel.chunk-size} bytes (never inside a UTF-8
 * sequence of a text message). Bounded: {@link #admits} refuses a message that would take
 * the queue beyond {@code specter.data-channel.max-queued-bytes}, so a sender that
 * outruns the network learns it instead of filling the heap; an empty queue admits any
 * message (its size is limited by {@code specter.limits.max-message-size}).
 * <p>
 * Not thread-safe: the channel's send lock guards it; {@link #bytes()} may be read
 * without it.
 */
final class ChunkedSendQueue {

	private final ArrayDeque<Chunk> queue = new ArrayDeque<>();

	private final long maxBytes;

	/** Bytes waiting; written under the send lock, read by the native thread. */
	private volatile long bytes;

	/**
	 * Creates an empty queue.
	 * @param maxBytes the most bytes it holds (a single larger message is admitted into
	 * an empty queue)
	 */
	ChunkedSendQueue(long maxBytes) {
		this.maxBytes = maxBytes;
	}

	/** The bound of this queue. */
	long maxBytes() {
		return this.maxBytes;
	}

	/**
	 * Whether a message may be queued now.
	 * @param length the message's size
	 * @param elsewhere bytes waiting to be queued elsewhere (handed off), counted as
	 * queued
	 * @return {@code true} if nothing waits or the message fits under the bound
	 */
	boolean admits(long length, long elsewhere) {
		long queued = this.bytes + elsewhere;
		return queued == 0 || queued + length <= this.maxBytes;
	}

	/**
	 * Queues a copy of a message, split into chunks; the future, if any, goes with the
	 * last chunk.
	 */
	void enqueue(byte[] data, boolean binary, CompletableFuture<Void> future, int chunkBytes) {
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
		this.bytes += chunk.bytes.length;
	}

	boolean isEmpty() {
		return this.queue.isEmpty();
	}

	/** The next chunk, left in the queue, or {@code null}. */
	Chunk peek() {
		return this.queue.peek();
	}

	/** Takes the next chunk out, or returns {@code null}. */
	Chunk poll() {
		Chunk chunk = this.queue.poll();
		if (chunk != null) {
			this.bytes -= chunk.bytes.length;
		}
		return chunk;
	}

	/** Bytes waiting. */
	long bytes() {
		return this.bytes;
	}

	/**
	 * Empties the queue, handing {@code fail} the future of the given message (if any)
	 * and of every queued one, each once.
	 */
	void failAll(CompletableFuture<Void> current, Consumer<CompletableFuture<Void>> fail) {
		if (current != null) {
			fail.accept(current);
		}
		while (!this.queue.isEmpty()) {
			Chunk chunk = this.queue.poll();
			if (chunk.future != null && chunk.future != current) {
				fail.accept(chunk.future);
			}
		}
		this.bytes = 0;
	}

	/**
	 * A chunk of a message.
	 *
	 * @param bytes its bytes
	 * @param binary whether the message is binary
	 * @param future the message's future on its last chunk, else {@code null}
	 */
	record Chunk(byte[] bytes, boolean binary, CompletableFuture<Void> future) {
	}

}
