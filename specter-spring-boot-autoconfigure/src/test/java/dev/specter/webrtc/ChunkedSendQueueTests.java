package dev.specter.webrtc;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The chunked, bounded send queue of a data channel. */
class ChunkedSendQueueTests {

	@Test
	void aLargeMessageIsSplitWithItsFutureOnTheLastChunk() {
		ChunkedSendQueue queue = new ChunkedSendQueue(1024);
		byte[] data = new byte[250];
		for (int i = 0; i < data.length; i++) {
			data[i] = (byte) i;
		}
		CompletableFuture<Void> future = new CompletableFuture<>();
		queue.enqueue(data, true, future, 100);
		data[0] = 42;
		assertThat(queue.bytes()).isEqualTo(250);
		List<ChunkedSendQueue.Chunk> chunks = drain(queue);
		assertThat(chunks).extracting((c) -> c.bytes().length).containsExactly(100, 100, 50);
		assertThat(chunks).extracting(ChunkedSendQueue.Chunk::future).containsExactly(null, null, future);
		assertThat(chunks.get(0).bytes()[0]).as("a copy").isZero();
		assertThat(queue.bytes()).isZero();
		assertThat(queue.isEmpty()).isTrue();
	}

	@Test
	void textIsNeverSplitInsideACharacter() {
		ChunkedSendQueue queue = new ChunkedSendQueue(1 << 20);
		String text = "añ€😀".repeat(50);
		queue.enqueue(text.getBytes(StandardCharsets.UTF_8), false, null, 7);
		ByteArrayOutputStream joined = new ByteArrayOutputStream();
		for (ChunkedSendQueue.Chunk chunk : drain(queue)) {
			assertThat(chunk.bytes().length).isLessThanOrEqualTo(7);
			String part = new String(chunk.bytes(), StandardCharsets.UTF_8);
			assertThat(part).doesNotContain("\uFFFD");
			joined.writeBytes(chunk.bytes());
		}
		assertThat(joined.toString(StandardCharsets.UTF_8)).isEqualTo(text);
	}

	@Test
	void admitsUpToTheBoundAndAnyMessageIntoAnEmptyQueue() {
		ChunkedSendQueue queue = new ChunkedSendQueue(1000);
		assertThat(queue.admits(5000, 0)).as("an empty queue takes any message").isTrue();
		assertThat(queue.admits(10, 1)).as("handed-off bytes count as queued").isTrue();
		assertThat(queue.admits(1000, 1)).isFalse();
		queue.enqueue(new byte[600], true, null, 100);
		assertThat(queue.admits(400, 0)).isTrue();
		assertThat(queue.admits(401, 0)).isFalse();
		assertThat(queue.admits(300, 100)).isTrue();
		assertThat(queue.admits(301, 100)).isFalse();
		queue.poll();
		assertThat(queue.bytes()).isEqualTo(500);
		assertThat(queue.admits(500, 0)).isTrue();
		assertThat(queue.maxBytes()).isEqualTo(1000);
	}

	@Test
	void failAllFailsEachMessageOnceAndEmptiesTheQueue() {
		ChunkedSendQueue queue = new ChunkedSendQueue(1 << 20);
		CompletableFuture<Void> first = new CompletableFuture<>();
		CompletableFuture<Void> second = new CompletableFuture<>();
		queue.enqueue(new byte[250], true, first, 100);
		queue.enqueue(new byte[10], true, second, 100);
		queue.enqueue(new byte[10], true, null, 100);
		// The first chunk of the first message is being sent when the engine fails.
		queue.poll();
		List<CompletableFuture<Void>> failed = new ArrayList<>();
		queue.failAll(first, failed::add);
		assertThat(failed).containsExactly(first, second);
		assertThat(queue.isEmpty()).isTrue();
		assertThat(queue.bytes()).isZero();
	}

	private static List<ChunkedSendQueue.Chunk> drain(ChunkedSendQueue queue) {
		List<ChunkedSendQueue.Chunk> chunks = new ArrayList<>();
		for (ChunkedSendQueue.Chunk chunk = queue.poll(); chunk != null; chunk = queue.poll()) {
			chunks.add(chunk);
		}
		return chunks;
	}

}
