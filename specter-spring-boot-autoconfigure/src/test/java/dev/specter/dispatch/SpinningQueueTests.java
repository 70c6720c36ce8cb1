package dev.specter.dispatch;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dispatch pool's spinning queue loses no task and leaves none waiting while a worker
 * is idle, whether tasks arrive while a worker spins or while all are parked; and a pool
 * over it shuts down.
 */
class SpinningQueueTests {

	@Test
	void everyTaskRunsWhetherPostedWhileAWorkerSpinsOrWhileAllArePaused() throws Exception {
		for (long spin : new long[] { 0, 50_000, 5_000_000 }) {
			ThreadPoolExecutor pool = new ThreadPoolExecutor(4, 4, 60, TimeUnit.SECONDS, new SpinningQueue(spin));
			try {
				AtomicInteger ran = new AtomicInteger();
				int total = 0;
				for (int round = 0; round < 200; round++) {
					int tasks = 1 + round % 7;
					CountDownLatch done = new CountDownLatch(tasks);
					for (int i = 0; i < tasks; i++) {
						pool.execute(() -> {
							ran.incrementAndGet();
							done.countDown();
						});
					}
					total += tasks;
					assertThat(done.await(10, TimeUnit.SECONDS)).as("round %d, spin %d ns", round, spin).isTrue();
					if (round % 50 == 0) {
						// let every worker park
						Thread.sleep(20 + spin / 1_000_000);
					}
				}
				assertThat(ran.get()).isEqualTo(total);
			}
			finally {
				pool.shutdown();
				assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
			}
		}
	}

	@Test
	void aTaskPostedWhileTheSpinnerRunsALongTaskWakesAParkedWorker() throws Exception {
		ThreadPoolExecutor pool = new ThreadPoolExecutor(2, 2, 60, TimeUnit.SECONDS, new SpinningQueue(5_000_000));
		try {
			pool.prestartAllCoreThreads();
			Thread.sleep(50);
			CountDownLatch release = new CountDownLatch(1);
			CountDownLatch second = new CountDownLatch(1);
			pool.execute(() -> {
				try {
					release.await(10, TimeUnit.SECONDS);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
			});
			pool.execute(second::countDown);
			assertThat(second.await(10, TimeUnit.SECONDS)).isTrue();
			release.countDown();
		}
		finally {
			pool.shutdown();
			assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
		}
	}

}
