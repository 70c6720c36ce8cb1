package dev.specter.webrtc;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import dev.specter.signaling.IceCandidate;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The queue of remote candidates that arrive before the remote description. */
class RemoteCandidateQueueTests {

	private static IceCandidate candidate(int n) {
		return new IceCandidate("candidate:" + n + " 1 udp 2122260223 127.0.0.1 " + (50000 + n) + " typ host", "0", 0,
				null);
	}

	@Test
	void drainsInArrivalOrder() {
		RemoteCandidateQueue queue = new RemoteCandidateQueue();
		List<CompletableFuture<Void>> futures = new ArrayList<>();
		for (int i = 0; i < 3; i++) {
			CompletableFuture<Void> future = new CompletableFuture<>();
			futures.add(future);
			assertThat(queue.offer(candidate(i), future)).isTrue();
		}
		assertThat(queue.size()).isEqualTo(3);
		List<IceCandidate> applied = new ArrayList<>();
		List<CompletableFuture<Void>> appliedFutures = new ArrayList<>();
		queue.drain((candidate, future) -> {
			applied.add(candidate);
			appliedFutures.add(future);
		});
		assertThat(applied).containsExactly(candidate(0), candidate(1), candidate(2));
		assertThat(appliedFutures).containsExactlyElementsOf(futures);
		assertThat(queue.size()).isZero();
		queue.drain((candidate, future) -> applied.add(candidate));
		assertThat(applied).hasSize(3);
	}

	@Test
	void refusesBeyondTheLimitAndTakesAgainOnceDrained() {
		RemoteCandidateQueue queue = new RemoteCandidateQueue();
		for (int i = 0; i < RemoteCandidateQueue.MAX_QUEUED; i++) {
			assertThat(queue.offer(candidate(i), new CompletableFuture<>())).isTrue();
		}
		assertThat(queue.offer(candidate(999), new CompletableFuture<>())).isFalse();
		assertThat(queue.size()).isEqualTo(RemoteCandidateQueue.MAX_QUEUED);
		List<IceCandidate> failed = new ArrayList<>();
		queue.drain((candidate, future) -> failed.add(candidate));
		assertThat(failed).hasSize(RemoteCandidateQueue.MAX_QUEUED).doesNotContain(candidate(999));
		assertThat(queue.offer(candidate(999), new CompletableFuture<>())).isTrue();
	}

	@Test
	void failAllHandsEveryFutureOverAndEmptiesTheQueue() {
		RemoteCandidateQueue queue = new RemoteCandidateQueue();
		CompletableFuture<Void> a = new CompletableFuture<>();
		CompletableFuture<Void> b = new CompletableFuture<>();
		queue.offer(candidate(1), a);
		queue.offer(candidate(2), b);
		RuntimeException closed = new IllegalStateException("closed");
		queue.failAll((future) -> future.completeExceptionally(closed));
		assertThat(failure(a)).isSameAs(closed);
		assertThat(failure(b)).isSameAs(closed);
		assertThat(queue.size()).isZero();
	}

	private static Throwable failure(CompletableFuture<?> future) {
		return future.handle((value, failure) -> failure).join();
	}

}
