package dev.specter.worker;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * The answers to sends that the worker's engine took at once (the usual case: a small
 * message, nothing queued, room in the engine's buffer), gathered on the worker's socket
 * reader and written together when it has no more frames to read or must write a frame of
 * its own: a flood of sends costs one write (and one wake-up of the application's reader)
 * per batch, not per message, while a single send is answered as soon as it is handed to
 * the engine (the reader then waits for the socket, which writes the answer first). Used
 * by the reader thread only.
 */
final class SendAnswers {

	/** Bytes of one {@link Frames#SENT} frame: length, type, id, no payload. */
	static final int FRAME = 4 + 1 + 8;

	/** The most answers gathered before they are written anyway. */
	static final int MAX = 256;

	private final Frames.Writer writer;

	private final ByteBuffer frames = ByteBuffer.allocate(FRAME * MAX);

	SendAnswers(Frames.Writer writer) {
		this.writer = writer;
	}

	/** Answers the send {@code id}: with the next flush, at the latest. */
	void add(long id) throws IOException {
		this.frames.putInt(1 + 8).put(Frames.SENT).putLong(id);
		if (!this.frames.hasRemaining()) {
			flush();
		}
	}

	/** Writes the gathered answers, in the order they were added. */
	void flush() throws IOException {
		if (this.frames.position() == 0) {
			return;
		}
		ByteBuffer ready = ByteBuffer.allocate(this.frames.position());
		ready.put(this.frames.flip()).flip();
		this.frames.clear();
		this.writer.writeFrames(ready);
	}

	/** How many answers wait for the next flush. */
	int pending() {
		return this.frames.position() / FRAME;
	}

}
