package dev.specter.worker;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.UUID;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The wire format between the application and a worker: length-prefixed frames over a
 * Unix domain socket. A frame is {@code int length} (of what follows), {@code byte type},
 * {@code long id} (the request a reply answers, 0 for events), then the payload: UTF-8
 * JSON, or binary on the hot path: data-channel payloads as their addressing and raw
 * bytes ({@link Payload}, read into and written from the message's own array), and the
 * answer to a send that succeeded as an empty {@link #SENT} frame. Writes of one frame
 * are atomic (one lock per socket); reads happen on one thread per socket. A frame that
 * breaks the format ends the reading with a {@link MalformedFrameException}.
 */
final class Frames {

	/** Parent to worker: call a method of a worker's Specter (JSON {@code {s, m, a}}). */
	static final byte CALL = 1;

	/**
	 * Parent to worker: send on a data channel (raw: specter, pc, channel, binary, data).
	 */
	static final byte SEND = 2;

	/** Worker to parent: a call's result (JSON value). */
	static final byte RESULT = 3;

	/** Worker to parent: a call's failure (JSON {@code {code, type, message}}). */
	static final byte ERROR = 4;

	/** Worker to parent: an event (JSON {@code {t, e}}). */
	static final byte EVENT = 5;

	/**
	 * Worker to parent: a data-channel message event (raw: specter, pc, channel, binary,
	 * data).
	 */
	static final byte MESSAGE = 6;

	/** Worker to parent: the worker's engine is ready (JSON {@code {pid}}). */
	static final byte HELLO = 7;

	/**
	 * Worker to parent: a call that returns a future has returned it (its arguments
	 * passed the checks that throw); the {@link #RESULT} or {@link #ERROR} follows. A
	 * call answered with an error and no {@code ACCEPTED} threw.
	 */
	static final byte ACCEPTED = 8;

	/**
	 * Parent to worker: a heartbeat ({@link WorkerHeartbeat}); the worker's socket reader
	 * answers {@link #PONG} with the same id, without running anything of the engine.
	 */
	static final byte PING = 9;

	/** Worker to parent: the answer to a {@link #PING}. */
	static final byte PONG = 10;

	/**
	 * Worker to parent: a decoded video frame or audio chunk for a media subscription
	 * (raw: see {@link MediaFrames}); the frame's id is the subscription's.
	 */
	static final byte MEDIA = 11;

	/**
	 * Worker to parent: a {@link #SEND} succeeded (no payload): the binary answer of the
	 * hot path, written without JSON. A send that fails is answered with {@link #ERROR},
	 * as any call.
	 */
	static final byte SENT = 12;

	/**
	 * Largest frame accepted: a 256 MiB payload (the default message limit) and headroom.
	 */
	static final int MAX_FRAME = 320 * 1024 * 1024;

	private static final int HEADER = 4 + 1 + 8;

	private Frames() {
	}

	/**
	 * One frame as read: its payload as bytes ({@code body}), or, for {@link #SEND} and
	 * {@link #MESSAGE} frames, as the data-channel payload it carries ({@code message}),
	 * read straight into its own array (no copy out of the frame).
	 */
	record Frame(byte type, long id, byte[] body, Payload message) {

		Frame(byte type, long id, byte[] payload) {
			this(type, id, payload, null);
		}

		/** The payload's bytes (for a data-channel payload, its encoding). */
		byte[] payload() {
			return (this.body != null) ? this.body : this.message.encode();
		}

		/** The data-channel payload of a {@link #SEND} or {@link #MESSAGE} frame. */
		Payload data() throws MalformedFrameException {
			return (this.message != null) ? this.message : Payload.decode(this.body);
		}

		String text() {
			return new String(payload(), StandardCharsets.UTF_8);
		}

	}

	/** Whether this thread reads a socket: it must never wait for a write. */
	private static final ThreadLocal<Boolean> READER = ThreadLocal.withInitial(() -> false);

	/** Marks the current thread as the reader of a socket. */
	static void markReader() {
		READER.set(true);
	}

	/** Whether the current thread reads a socket. */
	static boolean isReader() {
		return READER.get();
	}

	/**
	 * Writes frames to a socket through a queue drained by its own thread, so that a
	 * socket's reader never waits for a write (two readers each waiting for the other to
	 * read would deadlock both ends). Other threads wait while more than
	 * {@link #MAX_QUEUED} bytes are queued: back-pressure to whoever produces them. Safe
	 * for concurrent use; frames keep the order in which they were queued.
	 */
	static final class Writer {

		/** The largest frame a worker's thread writes itself (see {@link #directMax}). */
		static final int WORKER_DIRECT_MAX = 8 * 1024;

		/** Bytes queued above which writers other than a reader wait. */
		static final long MAX_QUEUED = 64L * 1024 * 1024;

		/**
		 * The largest slice of a data-channel payload written in one part.
		 */
		static final int SLICE = 256 * 1024;

		/**
		 * The most bytes the drain thread gathers into one write (but always one part):
		 * the JDK copies heap buffers into a native buffer of that size, which it keeps
		 * per thread.
		 */
		static final int BATCH = 1024 * 1024;

		private final SocketChannel channel;

		private final ReentrantLock lock = new ReentrantLock();

		private final Condition notEmpty = this.lock.newCondition();

		private final Condition notFull = this.lock.newCondition();

		private final ArrayDeque<ByteBuffer> queue = new ArrayDeque<>();

		private long queued;

		/** Whether a thread is writing to the socket (the drain thread or a caller). */
		private boolean writing;

		private volatile IOException failure;

		/**
		 * Whether this socket's reader may write itself when nothing is queued: true in a
		 * worker, whose peer (the application's reader) never waits for a write, so the
		 * worker's reader waiting for the socket cannot close a cycle; it saves waking
		 * the drain thread for every reply.
		 */
		private final boolean readerWrites;

		/**
		 * Frames larger than this always go through the drain thread: in a worker, the
		 * engine's own threads forward events, and a large message written on the thread
		 * that receives data from the network would hold it up (it writes small frames
		 * itself, saving a hand-off, when nothing is queued).
		 */
		private final int directMax;

		Writer(SocketChannel channel, String name) {
			this(channel, name, false);
		}

		Writer(SocketChannel channel, String name, boolean worker) {
			this.channel = channel;
			this.readerWrites = worker;
			this.directMax = worker ? WORKER_DIRECT_MAX : Integer.MAX_VALUE;
			Thread thread = new Thread(this::drain, name);
			thread.setDaemon(true);
			thread.start();
		}

		void write(byte type, long id, byte[] payload) throws IOException {
			ByteBuffer frame = ByteBuffer.allocate(HEADER + payload.length);
			frame.putInt(1 + 8 + payload.length).put(type).putLong(id).put(payload).flip();
			write(frame);
		}

		/**
		 * Writes a data-channel payload as a frame of the given type without copying its
		 * bytes: the header and addressing in one buffer, the data in its own array (in
		 * slices of at most {@link #SLICE} bytes, so the JDK's temporary native copy of a
		 * heap buffer stays small), written together (gathering writes). The array must
		 * not change afterwards.
		 */
		void write(byte type, long id, Payload payload) throws IOException {
			byte[] data = payload.data();
			ByteBuffer[] parts = new ByteBuffer[1 + Math.max(1, (data.length + SLICE - 1) / SLICE)];
			parts[0] = payload.head(type, id);
			for (int i = 1, offset = 0; i < parts.length; i++, offset += SLICE) {
				parts[i] = ByteBuffer.wrap(data, offset, Math.min(SLICE, data.length - offset));
			}
			write(parts);
		}

		/**
		 * Writes one or more whole frames, already laid out in {@code frames}, in one
		 * write.
		 */
		void writeFrames(ByteBuffer frames) throws IOException {
			write(new ByteBuffer[] { frames });
		}

		private void write(ByteBuffer frame) throws IOException {
			write(new ByteBuffer[] { frame });
		}

		/** Writes a frame made of {@code parts}, in order. */
		private void write(ByteBuffer[] parts) throws IOException {
			long size = 0;
			for (ByteBuffer part : parts) {
				size += part.remaining();
			}
			boolean reader = isReader();
			this.lock.lock();
			try {
				while (!reader && this.queued > MAX_QUEUED && this.failure == null) {
					this.notFull.awaitUninterruptibly();
				}
				if (this.failure != null) {
					throw this.failure;
				}
				if ((reader && !this.readerWrites) || this.writing || !this.queue.isEmpty() || size > this.directMax) {
					for (ByteBuffer part : parts) {
						this.queue.add(part);
					}
					this.queued += size;
					this.notEmpty.signal();
					return;
				}
				// Nothing queued and nobody writing: this thread writes, saving a
				// hand-off.
				this.writing = true;
			}
			finally {
				this.lock.unlock();
			}
			try {
				// at most two parts per call: the header and a slice, then slices
				for (int i = 0; i < parts.length;) {
					this.channel.write(parts, i, Math.min(2, parts.length - i));
					while (i < parts.length && !parts[i].hasRemaining()) {
						i++;
					}
				}
			}
			catch (IOException ex) {
				fail(ex);
				throw ex;
			}
			finally {
				this.lock.lock();
				try {
					this.writing = false;
					if (!this.queue.isEmpty()) {
						this.notEmpty.signal();
					}
				}
				finally {
					this.lock.unlock();
				}
			}
		}

		/**
		 * Queues a frame for the drain thread unless more than {@code limit} bytes are
		 * queued already; never waits, neither for the queue nor for the socket (for
		 * frames that may be dropped, such as received media).
		 * @return whether the frame was queued
		 */
		boolean offer(byte type, long id, byte[] payload, long limit) throws IOException {
			ByteBuffer frame = ByteBuffer.allocate(HEADER + payload.length);
			frame.putInt(1 + 8 + payload.length).put(type).putLong(id).put(payload).flip();
			this.lock.lock();
			try {
				if (this.failure != null) {
					throw this.failure;
				}
				if (this.queued > limit) {
					return false;
				}
				this.queue.add(frame);
				this.queued += frame.remaining();
				this.notEmpty.signal();
				return true;
			}
			finally {
				this.lock.unlock();
			}
		}

		void write(byte type, long id, String json) throws IOException {
			write(type, id, json.getBytes(StandardCharsets.UTF_8));
		}

		/** Stops the writer thread; later writes fail. */
		void close() {
			fail(new IOException("Socket closed"));
		}

		private void fail(IOException ex) {
			this.lock.lock();
			try {
				if (this.failure == null) {
					this.failure = ex;
				}
				this.queue.clear();
				this.notEmpty.signalAll();
				this.notFull.signalAll();
			}
			finally {
				this.lock.unlock();
			}
		}

		private void drain() {
			ByteBuffer[] batch = new ByteBuffer[64];
			while (true) {
				int count = 0;
				long bytes = 0;
				this.lock.lock();
				try {
					while ((this.queue.isEmpty() || this.writing) && this.failure == null) {
						this.notEmpty.awaitUninterruptibly();
					}
					if (this.failure != null) {
						return;
					}
					this.writing = true;
					while (count < batch.length && !this.queue.isEmpty()
							&& (count == 0 || bytes + this.queue.peek().remaining() <= BATCH)) {
						batch[count] = this.queue.poll();
						bytes += batch[count].remaining();
						count++;
					}
				}
				finally {
					this.lock.unlock();
				}
				try {
					long left = bytes;
					while (left > 0) {
						left -= this.channel.write(batch, 0, count);
					}
				}
				catch (IOException ex) {
					fail(ex);
					return;
				}
				finally {
					Arrays.fill(batch, 0, count, null);
				}
				this.lock.lock();
				try {
					this.writing = false;
					this.queued -= bytes;
					this.notFull.signalAll();
				}
				finally {
					this.lock.unlock();
				}
			}
		}

	}

	/** Reads frames from a socket; used by one thread. */
	static final class Reader {

		/** Payload bytes allocated before they arrive (a 4K video frame fits). */
		static final int EAGER_PAYLOAD = 16 * 1024 * 1024;

		private final SocketChannel channel;

		private final ByteBuffer buffer = ByteBuffer.allocateDirect(256 * 1024).flip();

		/** Run before each read from the socket that may wait (null: nothing). */
		private final Idle idle;

		Reader(SocketChannel channel) {
			this(channel, null);
		}

		/**
		 * A reader that runs {@code idle} whenever it has read every byte received and is
		 * about to wait for more.
		 */
		Reader(SocketChannel channel, Idle idle) {
			this.channel = channel;
			this.idle = idle;
		}

		/**
		 * Reads the next frame.
		 * @return the frame
		 * @throws EOFException when the other side closed the socket (or died)
		 */
		Frame read() throws IOException {
			ByteBuffer header = ByteBuffer.wrap(readFully(new byte[HEADER]));
			int length = header.getInt();
			if (length < 9 || length > MAX_FRAME) {
				throw new MalformedFrameException("Malformed frame of length " + length);
			}
			byte type = header.get();
			long id = header.getLong();
			int size = length - 9;
			if (type == SEND || type == MESSAGE) {
				if (size < Payload.HEAD) {
					throw new MalformedFrameException(
							"Malformed data-channel frame: " + size + " bytes, less than its addressing");
				}
				ByteBuffer head = ByteBuffer.wrap(readFully(new byte[Payload.HEAD]));
				return new Frame(type, id, null, Payload.read(head, readPayload(size - Payload.HEAD)));
			}
			if (type == SENT && size != 0) {
				throw new MalformedFrameException("Malformed send answer: " + size + " bytes of payload");
			}
			return new Frame(type, id, readPayload(size));
		}

		/**
		 * A payload up to {@link #EAGER_PAYLOAD} bytes is allocated at once; a larger one
		 * grows as its bytes arrive, so that a corrupt length (up to {@link #MAX_FRAME})
		 * from a worker costs no more than what the worker sent.
		 */
		private byte[] readPayload(int size) throws IOException {
			if (size <= EAGER_PAYLOAD) {
				return readFully(new byte[size]);
			}
			byte[] payload = readFully(new byte[EAGER_PAYLOAD], 0);
			while (payload.length < size) {
				int done = payload.length;
				payload = readFully(Arrays.copyOf(payload, (int) Math.min(size, 2L * done)), done);
			}
			return payload;
		}

		private byte[] readFully(byte[] target) throws IOException {
			return readFully(target, 0);
		}

		private byte[] readFully(byte[] target, int from) throws IOException {
			int done = from;
			while (done < target.length) {
				if (!this.buffer.hasRemaining()) {
					if (this.idle != null) {
						this.idle.run();
					}
					this.buffer.clear();
					int read = this.channel.read(this.buffer);
					this.buffer.flip();
					if (read < 0) {
						throw new EOFException("Socket closed");
					}
				}
				int n = Math.min(this.buffer.remaining(), target.length - done);
				this.buffer.get(target, done, n);
				done += n;
			}
			return target;
		}

	}

	/** What a {@link Reader} runs before it waits for the socket. */
	@FunctionalInterface
	interface Idle {

		void run() throws IOException;

	}

	/**
	 * A data-channel payload with its addressing: the layout of {@link #SEND} and
	 * {@link #MESSAGE} frames ({@code 3 × 16} bytes of UUIDs, a binary flag, the data).
	 */
	record Payload(UUID specter, UUID peerConnection, UUID channel, boolean binary, byte[] data) {

		/** Bytes of addressing before the data. */
		static final int HEAD = 3 * 16 + 1;

		byte[] encode() {
			ByteBuffer buffer = ByteBuffer.allocate(HEAD + this.data.length);
			putHead(buffer);
			buffer.put(this.data);
			return buffer.array();
		}

		/**
		 * The frame's header and this payload's addressing
		 * ({@link Writer#write(byte, long, byte[])}'s layout, up to the data), ready to
		 * write before the data.
		 */
		ByteBuffer head(byte type, long id) {
			ByteBuffer frame = ByteBuffer.allocate(HEADER + HEAD);
			frame.putInt(1 + 8 + HEAD + this.data.length).put(type).putLong(id);
			putHead(frame);
			return frame.flip();
		}

		private void putHead(ByteBuffer buffer) {
			put(buffer, this.specter);
			put(buffer, this.peerConnection);
			put(buffer, this.channel);
			buffer.put((byte) (this.binary ? 1 : 0));
		}

		/**
		 * Reads a payload as {@link #encode()} wrote it.
		 * @throws MalformedFrameException if it is shorter than its addressing
		 */
		static Payload decode(byte[] bytes) throws MalformedFrameException {
			if (bytes.length < HEAD) {
				throw new MalformedFrameException(
						"Malformed data-channel payload: " + bytes.length + " bytes, less than its addressing");
			}
			ByteBuffer buffer = ByteBuffer.wrap(bytes);
			buffer.position(HEAD);
			byte[] data = new byte[buffer.remaining()];
			buffer.get(data);
			return read(buffer.position(0), data);
		}

		/** A payload of the given data, its addressing read from {@code head}. */
		private static Payload read(ByteBuffer head, byte[] data) throws MalformedFrameException {
			UUID specter = new UUID(head.getLong(), head.getLong());
			UUID pc = new UUID(head.getLong(), head.getLong());
			UUID channel = new UUID(head.getLong(), head.getLong());
			byte flag = head.get();
			if (flag != 0 && flag != 1) {
				throw new MalformedFrameException("Malformed data-channel payload: binary flag " + flag);
			}
			return new Payload(specter, pc, channel, flag == 1, data);
		}

		private static void put(ByteBuffer buffer, UUID uuid) {
			buffer.putLong(uuid.getMostSignificantBits()).putLong(uuid.getLeastSignificantBits());
		}

	}

}
