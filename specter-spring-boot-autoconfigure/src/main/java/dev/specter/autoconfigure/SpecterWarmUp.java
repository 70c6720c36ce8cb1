package dev.specter.autoconfigure;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import dev.specter.webrtc.WarmUp;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.context.SmartLifecycle;

/**
 * Runs {@link WarmUp} once, on a daemon thread of its own started with the application
 * context ({@code specter.warm-up.enabled}), so that the first connections find the
 * grammars and conversions of the connection path compiled. It never delays the start of
 * the context, stops with it, and touches no native object, network or listener.
 */
final class SpecterWarmUp implements SmartLifecycle {

	private static final Log logger = LogFactory.getLog(SpecterWarmUp.class);

	/** Rounds over the canned input: enough for the JIT's optimising compiler. */
	static final int ROUNDS = 3000;

	private final int rounds;

	private final CountDownLatch done = new CountDownLatch(1);

	private volatile boolean running;

	private volatile boolean cancelled;

	private volatile WarmUp.@Nullable Result result;

	SpecterWarmUp(int rounds) {
		this.rounds = rounds;
	}

	@Override
	public void start() {
		if (this.running || this.done.getCount() == 0) {
			return;
		}
		this.running = true;
		Thread thread = new Thread(this::warmUp, "specter-warm-up");
		thread.setDaemon(true);
		thread.start();
	}

	private void warmUp() {
		try {
			WarmUp.Result outcome = WarmUp.run(this.rounds, () -> this.cancelled);
			this.result = outcome;
			if (logger.isDebugEnabled()) {
				logger.debug(String.format("Specter warm-up: %d rounds in %d ms (%d ms of CPU on its thread)",
						outcome.rounds(), TimeUnit.NANOSECONDS.toMillis(outcome.elapsedNanos()),
						TimeUnit.NANOSECONDS.toMillis(Math.max(0, outcome.cpuNanos()))));
			}
		}
		catch (Throwable ex) {
			// A warm-up that fails costs nothing but its own gain.
			logger.debug("Specter warm-up failed", ex);
		}
		finally {
			this.running = false;
			this.done.countDown();
		}
	}

	@Override
	public void stop() {
		this.cancelled = true;
		this.running = false;
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	/**
	 * Waits for the warm-up to finish.
	 * @param millis how long at most
	 * @return what it cost, or {@code null} if it did not finish in time or failed
	 */
	WarmUp.@Nullable Result await(long millis) throws InterruptedException {
		return this.done.await(millis, TimeUnit.MILLISECONDS) ? this.result : null;
	}

}
