package dev.specter.webrtc;

import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

import dev.specter.signaling.IceCandidate;

/**
 * Remote candidates that arrived before the remote description, with their futures:
 * libwebrtc silently drops a candidate added before it (webrtc-java PR #256), so they
 * wait here until the description is applied, at most {@link #MAX_QUEUED} of them.
 * <p>
 * Lock-free: the native thread drains it as soon as the description is applied (a direct
 * call there, with no hop), and must never wait for a lock that an application thread
 * holds while it waits on the native thread.
 */
final class RemoteCandidateQueue {

	/** Candidates one connection may queue before its remote description. */
	static final int MAX_QUEUED = 256;

	private final Queue<Queued> queue = new ConcurrentLinkedQueue<>();

	private final AtomicInteger count = new AtomicInteger();

	/**
	 * Queues a candidate.
	 * @param candidate the candidate
	 * @param future its future, completed by whoever drains it
	 * @return {@code false} if {@link #MAX_QUEUED} candidates wait already (nothing was
	 * queued)
	 */
	boolean offer(IceCandidate candidate, CompletableFuture<Void> future) {
		if (this.count.incrementAndGet() > MAX_QUEUED) {
			this.count.decrementAndGet();
			return false;
		}
		this.queue.add(new Queued(candidate, future));
		return true;
	}

	/** Hands every queued candidate, in arrival order, to {@code apply}. */
	void drain(BiConsumer<IceCandidate, CompletableFuture<Void>> apply) {
		Queued queued;
		while ((queued = this.queue.poll()) != null) {
			this.count.decrementAndGet();
			apply.accept(queued.candidate(), queued.future());
		}
	}

	/** Removes every queued candidate, handing its future to {@code fail}. */
	void failAll(Consumer<CompletableFuture<Void>> fail) {
		drain((candidate, future) -> fail.accept(future));
	}

	/** How many candidates wait. */
	int size() {
		return this.count.get();
	}

	private record Queued(IceCandidate candidate, CompletableFuture<Void> future) {
	}

}
