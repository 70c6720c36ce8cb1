package dev.specter.webrtc;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Tests for {@link ClosedChannels}. */
class ClosedChannelsTests {

	private final ExecutorService executor = Executors.newFixedThreadPool(4);

	@AfterEach
	void shutdown() {
		this.executor.shutdownNow();
	}

	@Test
	void disposesEveryClosedChannelAndForgetsTheOldestBeyondTheCapacity() {
		List<Integer> disposed = Collections.synchronizedList(new ArrayList<>());
		List<Integer> forgotten = Collections.synchronizedList(new ArrayList<>());
		ClosedChannels<Integer> closed = new ClosedChannels<>(3, this.executor, disposed::add, forgotten::add,
				() -> false);
		for (int i = 0; i < 10; i++) {
			closed.closed(i);
		}
		Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> disposed.size() == 10);
		assertThat(disposed).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
		assertThat(forgotten).containsExactly(0, 1, 2, 3, 4, 5, 6);
	}

	@Test
	void manyThreadsClosingAtOnceRunOneTaskAtATimeAndLoseNothing() throws Exception {
		int threads = 8;
		int perThread = 2_000;
		AtomicInteger running = new AtomicInteger();
		AtomicBoolean overlapped = new AtomicBoolean();
		Set<Integer> disposed = ConcurrentHashMap.newKeySet();
		AtomicInteger forgotten = new AtomicInteger();
		ClosedChannels<Integer> closed = new ClosedChannels<>(100, this.executor, (channel) -> {
			if (running.incrementAndGet() > 1) {
				overlapped.set(true);
			}
			disposed.add(channel);
			running.decrementAndGet();
		}, (channel) -> forgotten.incrementAndGet(), () -> false);
		CountDownLatch start = new CountDownLatch(1);
		List<Thread> closers = new ArrayList<>();
		for (int t = 0; t < threads; t++) {
			int base = t * perThread;
			Thread closer = new Thread(() -> {
				try {
					start.await();
				}
				catch (InterruptedException ex) {
					return;
				}
				for (int i = 0; i < perThread; i++) {
					closed.closed(base + i);
				}
			});
			closer.start();
			closers.add(closer);
		}
		start.countDown();
		for (Thread closer : closers) {
			closer.join(TimeUnit.SECONDS.toMillis(30));
		}
		Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> disposed.size() == threads * perThread);
		Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> forgotten.get() == threads * perThread - 100);
		assertThat(overlapped).isFalse();
	}

	@Test
	void nothingIsDisposedOnceTheConnectionCloses() throws Exception {
		AtomicBoolean closing = new AtomicBoolean();
		List<Integer> disposed = Collections.synchronizedList(new ArrayList<>());
		ClosedChannels<Integer> closed = new ClosedChannels<>(3, this.executor, disposed::add, (channel) -> {
		}, closing::get);
		closed.closed(1);
		Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> disposed.size() == 1);
		closing.set(true);
		closed.closed(2);
		Thread.sleep(200);
		assertThat(disposed).containsExactly(1);
	}

	@Test
	void aRefusingExecutorLeavesTheNextChannelAChance() {
		List<Integer> disposed = Collections.synchronizedList(new ArrayList<>());
		AtomicBoolean refuse = new AtomicBoolean(true);
		ClosedChannels<Integer> closed = new ClosedChannels<>(3, (task) -> {
			if (refuse.get()) {
				throw new RejectedExecutionException("shutting down");
			}
			this.executor.execute(task);
		}, disposed::add, (channel) -> {
		}, () -> false);
		closed.closed(1);
		refuse.set(false);
		closed.closed(2);
		Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> disposed.size() == 2);
		assertThat(disposed).containsExactly(1, 2);
	}

}
