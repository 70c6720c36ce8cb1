package dev.specter.worker;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * The wire format between the application and a worker: length-prefixed frames over a
 * Unix domain socket. A frame is {@code int length} (of what follows), {@code byte type},
 * {@code long id} (the request a reply answers, 0 for events), then the payload: UTF-8
 * JSON, or raw bytes for data-channel payloads (no base64 on the hot path). Writes of one
 * frame are atomic (one lock per socket); reads happen on one thread per socket.
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
	 * Largest frame accepted: a 256 MiB payload (the default message limit) and headroom.
	 */
	static final int MAX_FRAME = 320 * 1024 * 1024;

	private static final int HEADER = 4 + 1 + 8;

	private Frames() {
	}

	/** One frame as read. */
	record Frame(byte type, long id, byte[] payload) {

		String text() {
			return new String(this.payload, StandardCharsets.UTF_8);
		}

	}

	/** Writes frames to a socket; safe for concurrent use. */
	static final class Writer {

		private final SocketChannel channel;

		private final Object lock = new Object();

		Writer(SocketChannel channel) {
			this.channel = channel;
		}

		void write(byte type, long id, byte[] payload) throws IOException {
			ByteBuffer header = ByteBuffer.allocate(HEADER);
			header.putInt(1 + 8 + payload.length).put(type).putLong(id).flip();
			ByteBuffer body = ByteBuffer.wrap(payload);
			ByteBuffer[] buffers = { header, body };
			synchronized (this.lock) {
				while (body.hasRemaining() || header.hasRemaining()) {
					this.channel.write(buffers);
				}
			}
		}

		void write(byte type, long id, String json) throws IOException {
			write(type, id, json.getBytes(StandardCharsets.UTF_8));
		}

	}

	/** Reads frames from a socket; used by one thread. */
	static final class Reader {

		private final SocketChannel channel;

		private final ByteBuffer buffer = ByteBuffer.allocateDirect(256 * 1024).flip();

		Reader(SocketChannel channel) {
			this.channel = channel;
		}

		/**
		 * Reads the next frame.
		 * @return the frame
		 * @throws EOFException when the other side closed the socket (or died)
		 */
		Frame read() throws IOException {
			int length = ByteBuffer.wrap(readFully(new byte[4])).getInt();
			if (length < 9 || length > MAX_FRAME) {
				throw new IOException("Malformed frame of length " + length);
			}
			byte[] head = readFully(new byte[9]);
			ByteBuffer header = ByteBuffer.wrap(head);
			byte type = header.get();
			long id = header.getLong();
			return new Frame(type, id, readFully(new byte[length - 9]));
		}

		private byte[] readFully(byte[] target) throws IOException {
			int done = 0;
			while (done < target.length) {
				if (!this.buffer.hasRemaining()) {
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

	/**
	 * A data-channel payload with its addressing: the layout of {@link #SEND} and
	 * {@link #MESSAGE} frames ({@code 3 × 16} bytes of UUIDs, a binary flag, the data).
	 */
	record Payload(UUID specter, UUID peerConnection, UUID channel, boolean binary, byte[] data) {

		byte[] encode() {
			ByteBuffer buffer = ByteBuffer.allocate(49 + this.data.length);
			put(buffer, this.specter);
			put(buffer, this.peerConnection);
			put(buffer, this.channel);
			buffer.put((byte) (this.binary ? 1 : 0)).put(this.data);
			return buffer.array();
		}

		static Payload decode(byte[] bytes) {
			ByteBuffer buffer = ByteBuffer.wrap(bytes);
			UUID specter = new UUID(buffer.getLong(), buffer.getLong());
			UUID pc = new UUID(buffer.getLong(), buffer.getLong());
			UUID channel = new UUID(buffer.getLong(), buffer.getLong());
			boolean binary = buffer.get() != 0;
			byte[] data = new byte[buffer.remaining()];
			buffer.get(data);
			return new Payload(specter, pc, channel, binary, data);
		}

		private static void put(ByteBuffer buffer, UUID uuid) {
			buffer.putLong(uuid.getMostSignificantBits()).putLong(uuid.getLeastSignificantBits());
		}

	}

}
