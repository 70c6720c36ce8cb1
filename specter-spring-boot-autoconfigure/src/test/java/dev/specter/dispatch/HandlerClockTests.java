package dev.specter.dispatch;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * {@link HandlerClock} counts what a handler holds the thread for: its time on a CPU and
 * its time blocked, but not the time the scheduler made it wait for a CPU.
 */
class HandlerClockTests {

	@Test
	void aBlockedThreadIsHeldForTheWholeWait() throws Exception {
		assumeTrue(Files.isReadable(Path.of("/proc/thread-self/schedstat")), "Linux schedstat");
		HandlerClock clock = HandlerClock.start();
		Thread.sleep(30);
		HandlerClock.Elapsed elapsed = clock.stop();
		assertThat(elapsed.runQueue()).isNotNegative();
		assertThat(elapsed.held()).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(30) - elapsed.runQueue());
		assertThat(elapsed.cpu()).isLessThan(TimeUnit.MILLISECONDS.toNanos(30));
	}

	@Test
	void aPreemptedThreadIsNotHeldForItsWaitForACpu() throws Exception {
		assumeTrue(Files.isReadable(Path.of("/proc/thread-self/schedstat")), "Linux schedstat");
		ThreadMXBean threads = ManagementFactory.getThreadMXBean();
		// three busy threads per core: the measured thread waits on a run queue
		List<Thread> spinners = new ArrayList<>();
		for (int i = 0; i < 3 * Runtime.getRuntime().availableProcessors(); i++) {
			Thread spinner = new Thread(() -> {
				long x = 0;
				while (!Thread.currentThread().isInterrupted()) {
					x += System.nanoTime() % 7;
				}
				assertThat(x).isNotNegative();
			});
			spinner.setDaemon(true);
			spinner.start();
			spinners.add(spinner);
		}
		try {
			HandlerClock clock = HandlerClock.start();
			long cpu0 = threads.getCurrentThreadCpuTime();
			long x = 0;
			while (threads.getCurrentThreadCpuTime() - cpu0 < TimeUnit.MILLISECONDS.toNanos(20)) {
				x += System.nanoTime() % 7;
			}
			HandlerClock.Elapsed elapsed = clock.stop();
			assertThat(x).isNotNegative();
			assertThat(elapsed.runQueue()).isGreaterThan(TimeUnit.MILLISECONDS.toNanos(5));
			assertThat(elapsed.held()).isEqualTo(elapsed.wall() - elapsed.runQueue());
			assertThat(elapsed.held()).isLessThan(elapsed.wall() - TimeUnit.MILLISECONDS.toNanos(5));
			assertThat(elapsed.cpu()).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(20));
		}
		finally {
			spinners.forEach(Thread::interrupt);
		}
	}

	@Test
	void aCallWithinTheBoundByWallClockIsNotMeasuredFurther() {
		HandlerClock clock = HandlerClock.start();
		assertThat(clock.stopIfLongerThan(TimeUnit.SECONDS.toNanos(60))).isNull();
	}

	@Test
	void aCallLongerThanTheBoundByWallClockIsMeasuredAsByStop() throws Exception {
		assumeTrue(Files.isReadable(Path.of("/proc/thread-self/schedstat")), "Linux schedstat");
		HandlerClock clock = HandlerClock.start();
		Thread.sleep(30);
		HandlerClock.Elapsed elapsed = clock.stopIfLongerThan(TimeUnit.MILLISECONDS.toNanos(5));
		assertThat(elapsed).isNotNull();
		assertThat(elapsed.wall()).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(30));
		assertThat(elapsed.runQueue()).isNotNegative();
		assertThat(elapsed.held()).isEqualTo(elapsed.wall() - elapsed.runQueue());
		assertThat(elapsed.held()).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(30) - elapsed.runQueue());
	}

}
