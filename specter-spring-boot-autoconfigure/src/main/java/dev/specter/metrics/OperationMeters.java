package dev.specter.metrics;

import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.function.Supplier;

import dev.specter.Operation;
import dev.specter.SpecterException;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.jspecify.annotations.Nullable;

import org.springframework.util.function.SingletonSupplier;

/**
 * Records operation timings ({@value SpecterMetrics#OPERATIONS}) and data-channel sends
 * ({@value SpecterMetrics#DATACHANNEL_MESSAGES} and
 * {@value SpecterMetrics#DATACHANNEL_BYTES}, {@code direction=sent}), called by a
 * {@link dev.specter.SpecterObserver} for every instance the factory creates: every
 * operation's future and every message (or chunk) handed to libwebrtc. It never throws.
 */
public final class OperationMeters {

	private final Supplier<MeterRegistry> registry;

	/**
	 * Creates the recorder.
	 * @param registry the registry, looked up on first use
	 */
	public OperationMeters(Supplier<MeterRegistry> registry) {
		this.registry = SingletonSupplier.of(registry);
	}

	/**
	 * Records a completed operation.
	 * @param operation the operation
	 * @param duration from the call to the completion of its future
	 * @param failure what it failed with, or {@code null} if it succeeded
	 */
	public void operationCompleted(Operation operation, Duration duration, @Nullable Throwable failure) {
		try {
			Timer.builder(SpecterMetrics.OPERATIONS)
				.description("Specter operations, from call to completion")
				.tag("operation", operation.name().toLowerCase(Locale.ROOT))
				.tag("outcome", (failure != null) ? outcome(failure) : "success")
				.register(this.registry.get())
				.record(duration);
		}
		catch (RuntimeException ex) {
			// Metrics never break an operation.
		}
	}

	/**
	 * Records a data-channel message handed to the engine.
	 * @param bytes its payload size
	 */
	public void dataChannelSent(long bytes) {
		try {
			MeterRegistry meters = this.registry.get();
			SpecterMetrics.dataChannelMessages(meters, "sent").increment();
			SpecterMetrics.dataChannelBytes(meters, "sent").increment(bytes);
		}
		catch (RuntimeException ex) {
			// Metrics never break an operation.
		}
	}

	/**
	 * Returns the outcome tag of a failure: the lower-case error code, or {@code error}.
	 * @param failure what an operation threw or failed with
	 * @return the tag value
	 */
	static String outcome(Throwable failure) {
		Throwable cause = failure;
		while ((cause instanceof CompletionException || cause instanceof ExecutionException)
				&& cause.getCause() != null) {
			cause = cause.getCause();
		}
		return (cause instanceof SpecterException specter) ? specter.code().name().toLowerCase(Locale.ROOT) : "error";
	}

}
