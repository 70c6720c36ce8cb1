package dev.specter.worker;

import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The framing over a real Unix domain socket: a data-channel payload written as a frame
 * in one copy reads back as its bytes; frames keep their order whoever writes them (a
 * worker's reader and engine threads write small frames themselves, large ones through
 * the drain thread).
 */
class FramesTests {

	@TempDir
	Path directory;

	private SocketChannel writing;

	private SocketChannel reading;

	@BeforeEach
	void connect() throws Exception {
		Path socket = this.directory.resolve("frames.sock");
		try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
			server.bind(UnixDomainSocketAddress.of(socket));
			this.writing = SocketChannel.open(UnixDomainSocketAddress.of(socket));
			this.reading = server.accept();
		}
		Files.deleteIfExists(socket);
	}

	@AfterEach
	void close() throws Exception {
		this.writing.close();
		this.reading.close();
	}

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

}
