package dev.specter.worker;

import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * A frame's length comes from the other side (a worker, for the application): a corrupt
 * length near {@link Frames#MAX_FRAME} must not make the reader allocate it before the
 * bytes arrive, and a frame larger than what is allocated at once still reads back whole.
 */
class FramesLengthTests extends SocketPairTestSupport {

	@Test
	void aFrameLargerThanWhatIsAllocatedAtOnceReadsBackWhole() throws Exception {
		Frames.Writer writer = new Frames.Writer(this.writing, "test-writer");
		byte[] data = new byte[2 * Frames.Reader.EAGER_PAYLOAD + 12_345];
		new Random(11).nextBytes(data);
		// written while read: the socket's buffer holds far less than the frame
		CompletableFuture<Void> written = CompletableFuture.runAsync(() -> {
			try {
				writer.write(Frames.MEDIA, 7, data);
				writer.write(Frames.PONG, 8, new byte[0]);
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		});
		Frames.Reader reader = new Frames.Reader(this.reading);
		Frames.Frame large = reader.read();
		assertThat(large.type()).isEqualTo(Frames.MEDIA);
		assertThat(large.id()).isEqualTo(7);
		assertThat(large.payload()).isEqualTo(data);
		assertThat(reader.read().type()).isEqualTo(Frames.PONG);
		written.get(30, TimeUnit.SECONDS);
		writer.close();
	}

	@Test
	void aCorruptLengthCostsWhatWasSentNotWhatItClaims() throws Exception {
		ByteBuffer header = ByteBuffer.allocate(13).putInt(Frames.MAX_FRAME).put(Frames.EVENT).putLong(0).flip();
		this.writing.write(header);
		// what fits the socket's buffer, then the end: no reader runs yet
		this.writing.write(ByteBuffer.wrap(new byte[32 * 1024]));
		this.writing.close();
		Frames.Reader reader = new Frames.Reader(this.reading);
		com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
		long before = threads.getCurrentThreadAllocatedBytes();
		assertThatExceptionOfType(EOFException.class).isThrownBy(reader::read);
		long allocated = threads.getCurrentThreadAllocatedBytes() - before;
		assertThat(allocated).as("bytes allocated for a frame claiming %d bytes, 32 KiB sent", Frames.MAX_FRAME)
			.isLessThan(2L * Frames.Reader.EAGER_PAYLOAD);
	}

}
