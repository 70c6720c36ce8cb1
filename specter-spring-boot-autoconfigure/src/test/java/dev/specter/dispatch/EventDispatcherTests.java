package dev.specter.dispatch;

import java.net.URL;
import java.net.URLClassLoader;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import dev.specter.OperationTimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Operation deadlines: swept by the timer rather than scheduled one by one. No native
 * code.
 */
class EventDispatcherTests {

	private final EventDispatcher dispatcher = new EventDispatcher((event) -> {
	}, 2, 100);

	@AfterEach
	void close() {
		this.dispatcher.close();
	}

	@Test
	void anOperationThatNeverCompletesFailsWithTheSuppliedTimeoutOnADispatchThread() throws Exception {
		CompletableFuture<String> future = new CompletableFuture<>();
		long started = System.nanoTime();
		this.dispatcher.timeout(future, Duration.ofMillis(150), () -> new OperationTimeoutException("too slow"));
		CompletableFuture<String> failedOn = future.handle((value, ex) -> Thread.currentThread().getName() + " " + ex);
		String outcome = failedOn.get(5, TimeUnit.SECONDS);
		long elapsedMillis = (System.nanoTime() - started) / 1_000_000;
		assertThat(outcome).startsWith("specter-dispatch-").contains("OperationTimeoutException: too slow");
		// never early; at most one sweep late (plus scheduling slack on a loaded machine)
		assertThat(elapsedMillis).isGreaterThanOrEqualTo(150).isLessThan(150 + EventDispatcher.SWEEP_MILLIS + 2_000);
		assertThatExceptionOfType(ExecutionException.class).isThrownBy(() -> future.get(0, TimeUnit.SECONDS))
			.withCauseInstanceOf(OperationTimeoutException.class);
	}

	@Test
	void completedOperationsAreForgottenAndNeverFailed() throws Exception {
		CompletableFuture<String> done = new CompletableFuture<>();
		this.dispatcher.timeout(done, Duration.ofMillis(50), () -> new OperationTimeoutException("must not happen"));
		done.complete("ok");
		for (int i = 0; i < 1_000; i++) {
			CompletableFuture<Integer> future = new CompletableFuture<>();
			this.dispatcher.timeout(future, Duration.ofSeconds(30), () -> new OperationTimeoutException("30 s"));
			future.complete(i);
		}
		assertThat(this.dispatcher.trackedDeadlines()).isGreaterThan(0);
		await().atMost(Duration.ofSeconds(5)).until(() -> this.dispatcher.trackedDeadlines() == 0);
		assertThat(done.get(0, TimeUnit.SECONDS)).isEqualTo("ok");
	}

	@Test
	void anAlreadyCompletedFutureIsNotTracked() throws TimeoutException, InterruptedException, ExecutionException {
		CompletableFuture<String> done = CompletableFuture.completedFuture("ok");
		this.dispatcher.timeout(done, Duration.ofMillis(1), () -> new OperationTimeoutException("must not happen"));
		assertThat(this.dispatcher.trackedDeadlines()).isZero();
		assertThat(done.get(0, TimeUnit.SECONDS)).isEqualTo("ok");
	}

	@Test
	void dispatchThreadsKeepTheApplicationsClassLoaderWhoeverStartsThem() throws Exception {
		ClassLoader application = new URLClassLoader(new URL[0], getClass().getClassLoader());
		ClassLoader foreign = new URLClassLoader(new URL[0], null);
		Thread creator = Thread.currentThread();
		ClassLoader saved = creator.getContextClassLoader();
		EventDispatcher dispatcher;
		creator.setContextClassLoader(application);
		try {
			dispatcher = new EventDispatcher((event) -> {
			}, 2, 100);
		}
		finally {
			creator.setContextClassLoader(saved);
		}
		try {
			// the first task starts a pool thread; submit it from a thread that, like
			// webrtc-java's native one, has another context class loader
			CompletableFuture<ClassLoader> seen = new CompletableFuture<>();
			Thread submitter = new Thread(
					() -> dispatcher.runAsync(() -> seen.complete(Thread.currentThread().getContextClassLoader())));
			submitter.setContextClassLoader(foreign);
			submitter.start();
			submitter.join();
			assertThat(seen.get(5, TimeUnit.SECONDS)).isSameAs(application);
		}
		finally {
			dispatcher.close();
		}
	}

}
