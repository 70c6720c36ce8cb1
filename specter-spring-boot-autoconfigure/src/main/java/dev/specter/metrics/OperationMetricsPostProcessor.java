package dev.specter.metrics;

import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.function.Supplier;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;
import org.jspecify.annotations.Nullable;

import org.springframework.aop.framework.AbstractAdvisingBeanPostProcessor;
import org.springframework.aop.support.DefaultPointcutAdvisor;
import org.springframework.aop.support.NameMatchMethodPointcut;
import org.springframework.aop.support.RootClassFilter;
import org.springframework.util.function.SingletonSupplier;

import dev.specter.Operation;
import dev.specter.Specter;
import dev.specter.SpecterException;

/**
 * Decorates {@link Specter} beans so that their operations are timed
 * ({@value SpecterMetrics#OPERATIONS}, tagged {@code operation} with the lower-case
 * {@link Operation} name and {@code outcome} with {@code success} or the lower-case
 * {@link dev.specter.ErrorCode}) and the data-channel messages and bytes they send are counted
 * ({@value SpecterMetrics#DATACHANNEL_MESSAGES} and {@value SpecterMetrics#DATACHANNEL_BYTES},
 * {@code direction=sent}) when a send completes.
 * <p>
 * The decorator is an interface-based proxy, added like any Spring AOP advice, so code that
 * injects {@code Specter} is unaffected. Instances created later through
 * {@link dev.specter.SpecterFactory} are not beans and are not decorated.
 */
public final class OperationMetricsPostProcessor extends AbstractAdvisingBeanPostProcessor {

	private static final Map<String, Operation> OPERATIONS = Map.ofEntries(
			Map.entry("newPeerConnection", Operation.NEW_PEER_CONNECTION),
			Map.entry("createOffer", Operation.CREATE_OFFER), Map.entry("createAnswer", Operation.CREATE_ANSWER),
			Map.entry("setLocalDescription", Operation.SET_LOCAL_DESCRIPTION),
			Map.entry("setRemoteDescription", Operation.SET_REMOTE_DESCRIPTION),
			Map.entry("addIceCandidate", Operation.ADD_ICE_CANDIDATE),
			Map.entry("createDataChannel", Operation.CREATE_DATA_CHANNEL), Map.entry("sendText", Operation.SEND),
			Map.entry("sendBinary", Operation.SEND), Map.entry("getStats", Operation.GET_STATS),
			Map.entry("getIceStats", Operation.GET_STATS));

	/**
	 * Creates the post-processor.
	 * @param registry the registry, looked up on first use (post-processors are created early)
	 */
	public OperationMetricsPostProcessor(Supplier<MeterRegistry> registry) {
		NameMatchMethodPointcut pointcut = new NameMatchMethodPointcut();
		pointcut.setMappedNames(OPERATIONS.keySet().toArray(String[]::new));
		pointcut.setClassFilter(new RootClassFilter(Specter.class));
		this.advisor = new DefaultPointcutAdvisor(pointcut, new Interceptor(SingletonSupplier.of(registry)));
		this.beforeExistingAdvisors = true;
	}

	/**
	 * Returns the outcome tag of a failure: the lower-case error code, or {@code error}.
	 * @param failure what an operation threw or failed with
	 * @return the tag value
	 */
	static String outcome(Throwable failure) {
		Throwable cause = failure;
		while ((cause instanceof CompletionException || cause instanceof ExecutionException) && cause.getCause() != null) {
			cause = cause.getCause();
		}
		return (cause instanceof SpecterException specter) ? specter.code().name().toLowerCase(Locale.ROOT) : "error";
	}

	private static final class Interceptor implements MethodInterceptor {

		private final Supplier<MeterRegistry> registry;

		Interceptor(Supplier<MeterRegistry> registry) {
			this.registry = registry;
		}

		@Override
		public @Nullable Object invoke(MethodInvocation invocation) throws Throwable {
			Method method = invocation.getMethod();
			Operation operation = OPERATIONS.get(method.getName());
			if (operation == null) {
				return invocation.proceed();
			}
			long start = System.nanoTime();
			Object result;
			try {
				result = invocation.proceed();
			}
			catch (Throwable ex) {
				record(operation, start, outcome(ex));
				throw ex;
			}
			if (result instanceof CompletableFuture<?> future) {
				long sent = sentBytes(method.getName(), invocation.getArguments());
				future.whenComplete((value, failure) -> {
					record(operation, start, (failure != null) ? outcome(failure) : "success");
					if (failure == null && sent >= 0) {
						countSent(sent);
					}
				});
			}
			else {
				record(operation, start, "success");
			}
			return result;
		}

		private void record(Operation operation, long start, String outcome) {
			try {
				Timer.builder(SpecterMetrics.OPERATIONS)
					.description("Specter operations, from call to completion")
					.tag("operation", operation.name().toLowerCase(Locale.ROOT))
					.tag("outcome", outcome)
					.register(this.registry.get())
					.record(Duration.ofNanos(System.nanoTime() - start));
			}
			catch (RuntimeException ex) {
				// Metrics never break an operation.
			}
		}

		private void countSent(long bytes) {
			try {
				MeterRegistry meters = this.registry.get();
				Counter messages = SpecterMetrics.dataChannelMessages(meters, "sent");
				messages.increment();
				SpecterMetrics.dataChannelBytes(meters, "sent").increment(bytes);
			}
			catch (RuntimeException ex) {
				// Metrics never break an operation.
			}
		}

		/** The payload size of a send, or -1 for other operations. */
		private static long sentBytes(String method, @Nullable Object[] arguments) {
			if (arguments.length > 2 && method.equals("sendText") && arguments[2] instanceof String text) {
				return text.getBytes(StandardCharsets.UTF_8).length;
			}
			if (arguments.length > 2 && method.equals("sendBinary") && arguments[2] instanceof byte[] data) {
				return data.length;
			}
			return -1;
		}

	}

}
