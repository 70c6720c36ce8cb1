package dev.specter.worker;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The framing over a real Unix domain socket: a data-channel payload written as a frame
 * in one copy reads back as its bytes; frames keep their order whoever writes them (a
 * worker's reader and engine threads write small frames themselves, large ones through
 * the drain thread).
 */
class FramesTests extends SocketPairTestSupport {

	@Test
	void aPayloadFrameReadsBackAsThePayloadItsEncodingDescribes() throws Exception {
		Frames.Writer writer = new Frames.Writer(this.writing, "test-writer", true);
		byte[] data = new byte[70_000];
		new Random(7).nextBytes(data);
		Frames.Payload payload = new Frames.Payload(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), true,
				data);
		writer.write(Frames.MESSAGE, 42, payload);
		writer.write(Frames.SEND, 43, payload.encode());
		Frames.Reader reader = new Frames.Reader(this.reading);
		Frames.Frame direct = reader.read();
		Frames.Frame encoded = reader.read();
		assertThat(direct.type()).isEqualTo(Frames.MESSAGE);
		assertThat(direct.id()).isEqualTo(42);
		assertThat(direct.payload()).isEqualTo(encoded.payload()).isEqualTo(payload.encode());
		Frames.Payload read = Frames.Payload.decode(direct.payload());
		assertThat(read.specter()).isEqualTo(payload.specter());
		assertThat(read.peerConnection()).isEqualTo(payload.peerConnection());
		assertThat(read.channel()).isEqualTo(payload.channel());
		assertThat(read.binary()).isTrue();
		assertThat(read.data()).isEqualTo(data);
		writer.close();
	}

	@Test
	void smallAndLargeFramesFromSeveralThreadsKeepEachThreadsOrder() throws Exception {
		Frames.Writer writer = new Frames.Writer(this.writing, "test-writer", true);
		int threads = 3;
		int perThread = 300;
		List<Thread> writers = new ArrayList<>();
		for (int t = 0; t < threads; t++) {
			int thread = t;
			Thread writerThread = new Thread(() -> {
				try {
					if (thread == 0) {
						// writes as a socket's reader does in a worker
						Frames.markReader();
					}
					for (int i = 0; i < perThread; i++) {
						// every third frame over the direct-write limit
						int size = (i % 3 == 0) ? Frames.Writer.WORKER_DIRECT_MAX + 100 : 16;
						byte[] body = new byte[size];
						body[0] = (byte) thread;
						writer.write(Frames.EVENT, ((long) thread << 32) | i, body);
					}
				}
				catch (Exception ex) {
					throw new IllegalStateException(ex);
				}
			});
			writers.add(writerThread);
			writerThread.start();
		}
		Frames.Reader reader = new Frames.Reader(this.reading);
		int[] next = new int[threads];
		for (int n = 0; n < threads * perThread; n++) {
			Frames.Frame frame = reader.read();
			int thread = (int) (frame.id() >>> 32);
			int index = (int) frame.id();
			assertThat(index).as("frame of thread " + thread).isEqualTo(next[thread]);
			assertThat(frame.payload()[0]).isEqualTo((byte) thread);
			assertThat(frame.payload()).hasSize((index % 3 == 0) ? Frames.Writer.WORKER_DIRECT_MAX + 100 : 16);
			next[thread]++;
		}
		for (Thread writerThread : writers) {
			writerThread.join(10_000);
		}
		assertThat(next).containsOnly(perThread);
		writer.close();
	}

	@Test
	void payloadsOfSeveralSlicesAndEmptyOnesReadBackWhetherWrittenDirectlyOrQueued() throws Exception {
		Frames.Writer writer = new Frames.Writer(this.writing, "test-writer", true);
		byte[] large = new byte[3 * Frames.Writer.SLICE + 17];
		new Random(11).nextBytes(large);
		byte[] small = "hello".getBytes(StandardCharsets.UTF_8);
		UUID specter = UUID.randomUUID();
		UUID pc = UUID.randomUUID();
		UUID channel = UUID.randomUUID();
		Thread writes = new Thread(() -> {
			try {
				// large: through the drain thread (over the direct limit); the others may
				// be queued behind it or written directly
				writer.write(Frames.MESSAGE, 1, new Frames.Payload(specter, pc, channel, true, large));
				writer.write(Frames.MESSAGE, 2, new Frames.Payload(specter, pc, channel, false, new byte[0]));
				writer.write(Frames.MESSAGE, 3, new Frames.Payload(specter, pc, channel, false, small));
			}
			catch (Exception ex) {
				throw new IllegalStateException(ex);
			}
		});
		writes.start();
		Frames.Reader reader = new Frames.Reader(this.reading);
		Frames.Frame first = reader.read();
		Frames.Frame second = reader.read();
		Frames.Frame third = reader.read();
		writes.join(10_000);
		assertThat(first.id()).isEqualTo(1);
		assertThat(first.data().data()).isEqualTo(large);
		assertThat(first.data().binary()).isTrue();
		assertThat(first.data().channel()).isEqualTo(channel);
		assertThat(second.data().data()).isEmpty();
		assertThat(second.data().binary()).isFalse();
		assertThat(third.data().data()).isEqualTo(small);
		assertThat(third.data().specter()).isEqualTo(specter);
		assertThat(third.data().peerConnection()).isEqualTo(pc);
		// an application's writer (no direct limit) writes the large payload itself
		Frames.Writer application = new Frames.Writer(this.writing, "test-application-writer");
		Thread direct = new Thread(() -> {
			try {
				application.write(Frames.SEND, 4, new Frames.Payload(specter, pc, channel, true, large));
			}
			catch (Exception ex) {
				throw new IllegalStateException(ex);
			}
		});
		direct.start();
		assertThat(reader.read().data().data()).isEqualTo(large);
		direct.join(10_000);
		writer.close();
		application.close();
	}

	@Test
	void aSendAnswerIsAnEmptyFrame() throws Exception {
		Frames.Writer writer = new Frames.Writer(this.writing, "test-writer", true);
		writer.write(Frames.SENT, 77, new byte[0]);
		Frames.Frame frame = new Frames.Reader(this.reading).read();
		assertThat(frame.type()).isEqualTo(Frames.SENT);
		assertThat(frame.id()).isEqualTo(77);
		assertThat(frame.payload()).isEmpty();
		writer.close();
	}

	@Test
	void aDataChannelFrameShorterThanItsAddressingIsMalformed() throws Exception {
		writeRaw(Frames.MESSAGE, 5, new byte[Frames.Payload.HEAD - 1]);
		assertThatExceptionOfType(MalformedFrameException.class)
			.isThrownBy(() -> new Frames.Reader(this.reading).read())
			.withMessageContaining("less than its addressing");
	}

	@Test
	void aDataChannelFrameWithABadBinaryFlagIsMalformed() throws Exception {
		byte[] payload = new byte[Frames.Payload.HEAD + 3];
		payload[Frames.Payload.HEAD - 1] = 7;
		writeRaw(Frames.SEND, 5, payload);
		assertThatExceptionOfType(MalformedFrameException.class)
			.isThrownBy(() -> new Frames.Reader(this.reading).read())
			.withMessageContaining("binary flag 7");
		assertThatExceptionOfType(MalformedFrameException.class).isThrownBy(() -> Frames.Payload.decode(payload));
		assertThatExceptionOfType(MalformedFrameException.class).isThrownBy(() -> Frames.Payload.decode(new byte[3]));
	}

	@Test
	void aSendAnswerWithAPayloadIsMalformed() throws Exception {
		writeRaw(Frames.SENT, 5, new byte[] { 1 });
		assertThatExceptionOfType(MalformedFrameException.class)
			.isThrownBy(() -> new Frames.Reader(this.reading).read())
			.withMessageContaining("send answer");
	}

	@Test
	void aLengthOutOfBoundsIsMalformed() throws Exception {
		for (int length : new int[] { -1, 0, 8, Frames.MAX_FRAME + 1 }) {
			ByteBuffer frame = ByteBuffer.allocate(13).putInt(length).put(Frames.MESSAGE).putLong(1).flip();
			while (frame.hasRemaining()) {
				this.writing.write(frame);
			}
		}
		Frames.Reader reader = new Frames.Reader(this.reading);
		assertThatExceptionOfType(MalformedFrameException.class).isThrownBy(reader::read)
			.withMessageContaining("length -1");
	}

	@Test
	void aFrameCutShortEndsWithEndOfFileNotAHang() throws Exception {
		byte[] payload = new Frames.Payload(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), true,
				new byte[100])
			.encode();
		ByteBuffer frame = ByteBuffer.allocate(13 + payload.length - 40)
			.putInt(9 + payload.length)
			.put(Frames.MESSAGE)
			.putLong(1)
			.put(payload, 0, payload.length - 40)
			.flip();
		while (frame.hasRemaining()) {
			this.writing.write(frame);
		}
		this.writing.shutdownOutput();
		Frames.Reader reader = new Frames.Reader(this.reading);
		assertThatExceptionOfType(EOFException.class).isThrownBy(reader::read);
	}

	@Test
	void randomBytesGiveATypedErrorOrFramesNeverAHang() throws Exception {
		Random random = new Random(3);
		for (int round = 0; round < 200; round++) {
			byte[] junk = new byte[1 + random.nextInt(300)];
			random.nextBytes(junk);
			if (round % 2 == 0 && junk.length >= 13) {
				// a plausible length and type, so the payload paths are reached
				ByteBuffer.wrap(junk).putInt(9 + random.nextInt(80)).put((byte) (1 + random.nextInt(12)));
			}
			try (SocketPair pair = SocketPair.open(this.directory.resolve("junk-" + round + ".sock"))) {
				pair.writing().write(ByteBuffer.wrap(junk));
				pair.writing().shutdownOutput();
				Frames.Reader reader = new Frames.Reader(pair.reading());
				assertThatExceptionOfType(IOException.class).isThrownBy(() -> {
					for (int frames = 0; frames < 100; frames++) {
						reader.read();
					}
				});
			}
		}
	}

	private void writeRaw(byte type, long id, byte[] payload) throws IOException {
		ByteBuffer frame = ByteBuffer.allocate(13 + payload.length)
			.putInt(9 + payload.length)
			.put(type)
			.putLong(id)
			.put(payload)
			.flip();
		while (frame.hasRemaining()) {
			this.writing.write(frame);
		}
	}

}
