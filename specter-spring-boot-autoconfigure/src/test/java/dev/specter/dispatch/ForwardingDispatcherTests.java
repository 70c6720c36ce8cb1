package dev.specter.dispatch;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link EventDispatcher#forwarding}, the dispatcher of a worker process: mailboxes and
 * futures run on the thread that posts or completes, in order, without nesting. No native
 * code.
 */
class ForwardingDispatcherTests {

	private final List<String> published = new CopyOnWriteArrayList<>();

	private final EventDispatcher dispatcher = EventDispatcher.forwarding((event) -> {
	}, 2, 100);

	@AfterEach
	void close() {
		this.dispatcher.close();
	}

	@Test
	void aMailboxRunsItsTasksOnThePostingThreadInOrder() {
		Mailbox mailbox = this.dispatcher.newMailbox("test");
		Thread poster = Thread.currentThread();
		for (int i = 0; i < 3; i++) {
			int n = i;
			mailbox.post(() -> this.published.add(n + " " + (Thread.currentThread() == poster)), true, "task");
		}
		// done before post returned: no other thread involved
		assertThat(this.published).containsExactly("0 true", "1 true", "2 true");
		assertThat(mailbox.size()).isZero();
	}

	@Test
	void aTaskThatPostsRunsTheNewTaskAfterItselfNotInsideIt() {
		Mailbox mailbox = this.dispatcher.newMailbox("test");
		AtomicInteger depth = new AtomicInteger();
		AtomicInteger deepest = new AtomicInteger();
		int[] left = { 1000 };
		Runnable[] task = new Runnable[1];
		task[0] = () -> {
			deepest.accumulateAndGet(depth.incrementAndGet(), Math::max);
			if (left[0]-- > 0) {
				mailbox.post(task[0], false, "again");
			}
			this.published.add("ran");
			depth.decrementAndGet();
		};
		mailbox.post(task[0], false, "first");
		assertThat(this.published).hasSize(1001);
		assertThat(deepest.get()).isEqualTo(1);
	}

	@Test
	void postsFromManyThreadsKeepEachThreadsOrderAndLoseNothing() throws Exception {
		Mailbox mailbox = this.dispatcher.newMailbox("test");
		int threads = 4;
		int perThread = 5_000;
		List<List<Integer>> seen = new ArrayList<>();
		for (int t = 0; t < threads; t++) {
			seen.add(new ArrayList<>());
		}
		AtomicInteger running = new AtomicInteger();
		AtomicInteger overlapped = new AtomicInteger();
		CountDownLatch start = new CountDownLatch(1);
		List<Thread> posters = new ArrayList<>();
		for (int t = 0; t < threads; t++) {
			int thread = t;
			Thread poster = new Thread(() -> {
				try {
					start.await();
				}
				catch (InterruptedException ex) {
					return;
				}
				for (int i = 0; i < perThread; i++) {
					int n = i;
					mailbox.post(() -> {
						if (running.incrementAndGet() > 1) {
							overlapped.incrementAndGet();
						}
						seen.get(thread).add(n);
						running.decrementAndGet();
					}, false, "n");
				}
			});
			posters.add(poster);
			poster.start();
		}
		start.countDown();
		for (Thread poster : posters) {
			poster.join(TimeUnit.SECONDS.toMillis(30));
		}
		assertThat(overlapped.get()).as("tasks of one mailbox never run at the same time").isZero();
		for (List<Integer> list : seen) {
			assertThat(list).hasSize(perThread).isSorted();
		}
	}

	@Test
	void futuresCompleteOnTheCompletingThread() throws Exception {
		Thread caller = Thread.currentThread();
		CompletableFuture<String> done = new CompletableFuture<>();
		CompletableFuture<Boolean> doneHere = done.thenApply((value) -> Thread.currentThread() == caller);
		this.dispatcher.complete(done, "ok");
		assertThat(doneHere.getNow(false)).isTrue();
		CompletableFuture<String> failed = new CompletableFuture<>();
		CompletableFuture<Boolean> failedHere = failed.handle((value, ex) -> Thread.currentThread() == caller);
		this.dispatcher.fail(failed, new IllegalStateException("no"));
		assertThat(failedHere.getNow(false)).isTrue();
		assertThat(failed).isCompletedExceptionally();
	}

	@Test
	void theDefaultDispatcherStillHandsOffToItsPool() throws Exception {
		EventDispatcher pooled = new EventDispatcher((event) -> {
		}, 1, 100);
		try {
			CompletableFuture<String> done = new CompletableFuture<>();
			CompletableFuture<String> thread = done.thenApply((value) -> Thread.currentThread().getName());
			pooled.complete(done, "ok");
			assertThat(thread.get(10, TimeUnit.SECONDS)).startsWith("specter-dispatch-");
			CompletableFuture<String> mailboxThread = new CompletableFuture<>();
			pooled.newMailbox("test")
				.post(() -> mailboxThread.complete(Thread.currentThread().getName()), true, "task");
			assertThat(mailboxThread.get(10, TimeUnit.SECONDS)).startsWith("specter-dispatch-");
		}
		finally {
			pooled.close();
		}
	}

}
