package dev.specter.webrtc;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;

import dev.specter.dispatch.Mailbox;
import dev.specter.media.ReceivedAudio;
import dev.specter.media.ReceivedVideoFrame;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The bytes of received media waiting for a sink, with a real mailbox whose executor runs
 * only when the test says so (a slow sink).
 */
class SinkBacklogTests {

	private final Queue<Runnable> executor = new ArrayDeque<>();

	private final List<Integer> delivered = new ArrayList<>();

	@Test
	void framesPastTheBoundInBytesAreDroppedWhateverTheirNumber() {
		SinkBacklog backlog = new SinkBacklog(new Mailbox("sink", this.executor::add, 30), 250);
		assertThat(post(backlog, frame(100))).isTrue();
		assertThat(post(backlog, frame(100))).isTrue();
		assertThat(post(backlog, frame(100))).isFalse();
		assertThat(post(backlog, audio(50))).isTrue();
		assertThat(backlog.queuedBytes()).isEqualTo(250);
		runAll();
		assertThat(this.delivered).containsExactly(100, 100, 50);
		assertThat(backlog.queuedBytes()).isZero();
	}

	@Test
	void aFrameLargerThanTheBoundIsKeptWhenNoneWaits() {
		SinkBacklog backlog = new SinkBacklog(new Mailbox("sink", this.executor::add, 30), 250);
		assertThat(post(backlog, frame(1000))).isTrue();
		assertThat(post(backlog, frame(1))).isFalse();
		runAll();
		assertThat(post(backlog, frame(1000))).isTrue();
	}

	@Test
	void theMailboxStillBoundsTheNumber() {
		SinkBacklog backlog = new SinkBacklog(new Mailbox("sink", this.executor::add, 2), 1000);
		assertThat(post(backlog, frame(1))).isTrue();
		assertThat(post(backlog, frame(1))).isTrue();
		assertThat(post(backlog, frame(1))).isFalse();
		assertThat(backlog.queuedBytes()).isEqualTo(2);
	}

	private boolean post(SinkBacklog backlog, Object media) {
		int size = (int) SinkBacklog.sizeOf(media);
		return backlog.post(media, () -> this.delivered.add(size));
	}

	private static ReceivedVideoFrame frame(int bytes) {
		return new ReceivedVideoFrame(2, 2, 0, 0, new byte[bytes]);
	}

	private static ReceivedAudio audio(int bytes) {
		return new ReceivedAudio(new byte[bytes], 16, 48000, 1, bytes / 2);
	}

	private void runAll() {
		Runnable task;
		while ((task = this.executor.poll()) != null) {
			task.run();
		}
	}

}
