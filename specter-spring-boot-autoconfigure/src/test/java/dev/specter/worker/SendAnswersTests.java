package dev.specter.worker;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Answers to sends gathered on a worker's reader, over a real Unix domain socket: written
 * in order, as {@link Frames#SENT} frames the application's reader reads one by one, when
 * flushed, when the batch is full, and by the reader's idle hook before it waits.
 */
class SendAnswersTests {

	@TempDir
	Path directory;

	@Test
	void answersAreWrittenInOrderWhenFlushedAndNotBefore() throws Exception {
		try (SocketPair pair = SocketPair.open(this.directory.resolve("a.sock"))) {
			Frames.Writer writer = new Frames.Writer(pair.writing(), "test-writer", true);
			SendAnswers answers = new SendAnswers(writer);
			answers.flush();
			answers.add(5);
			answers.add(6);
			answers.add(7);
			assertThat(answers.pending()).isEqualTo(3);
			pair.reading().configureBlocking(false);
			assertThat(pair.reading().read(ByteBuffer.allocate(16))).as("nothing written before the flush").isZero();
			pair.reading().configureBlocking(true);
			answers.flush();
			assertThat(answers.pending()).isZero();
			answers.add(8);
			answers.flush();
			Frames.Reader reader = new Frames.Reader(pair.reading());
			List<Long> ids = new ArrayList<>();
			for (int i = 0; i < 4; i++) {
				Frames.Frame frame = reader.read();
				assertThat(frame.type()).isEqualTo(Frames.SENT);
				assertThat(frame.payload()).isEmpty();
				ids.add(frame.id());
			}
			assertThat(ids).containsExactly(5L, 6L, 7L, 8L);
			writer.close();
		}
	}

	@Test
	void aFullBatchIsWrittenAtOnce() throws Exception {
		try (SocketPair pair = SocketPair.open(this.directory.resolve("b.sock"))) {
			Frames.Writer writer = new Frames.Writer(pair.writing(), "test-writer", true);
			SendAnswers answers = new SendAnswers(writer);
			for (int i = 0; i < SendAnswers.MAX + 1; i++) {
				answers.add(i);
			}
			assertThat(answers.pending()).isEqualTo(1);
			Frames.Reader reader = new Frames.Reader(pair.reading());
			for (int i = 0; i < SendAnswers.MAX; i++) {
				assertThat(reader.read().id()).isEqualTo(i);
			}
			writer.close();
		}
	}

	@Test
	void theReadersIdleHookRunsBeforeItWaitsAndItsAnswersReachTheOtherSide() throws Exception {
		try (SocketPair toWorker = SocketPair.open(this.directory.resolve("c.sock"));
				SocketPair toApplication = SocketPair.open(this.directory.resolve("d.sock"))) {
			Frames.Writer application = new Frames.Writer(toWorker.writing(), "test-application-writer");
			Frames.Writer worker = new Frames.Writer(toApplication.writing(), "test-worker-writer", true);
			SendAnswers answers = new SendAnswers(worker);
			AtomicInteger idle = new AtomicInteger();
			Frames.Reader workerReader = new Frames.Reader(toWorker.reading(), () -> {
				idle.incrementAndGet();
				answers.flush();
			});
			// two frames in one write: read without waiting in between
			application.writeFrames(ByteBuffer.allocate(26)
				.putInt(9)
				.put(Frames.PING)
				.putLong(1)
				.putInt(9)
				.put(Frames.PING)
				.putLong(2)
				.flip());
			assertThat(workerReader.read().id()).isEqualTo(1);
			answers.add(1);
			assertThat(workerReader.read().id()).isEqualTo(2);
			answers.add(2);
			assertThat(answers.pending()).as("no wait between the two frames: nothing flushed").isEqualTo(2);
			int idleBefore = idle.get();
			application.write(Frames.PING, 3, new byte[0]);
			// the reader has read every byte: it flushes before it waits for the third
			assertThat(workerReader.read().id()).isEqualTo(3);
			assertThat(idle.get()).isGreaterThan(idleBefore);
			Frames.Reader applicationReader = new Frames.Reader(toApplication.reading());
			assertThat(applicationReader.read().id()).isEqualTo(1);
			assertThat(applicationReader.read().id()).isEqualTo(2);
			application.close();
			worker.close();
		}
	}

}
