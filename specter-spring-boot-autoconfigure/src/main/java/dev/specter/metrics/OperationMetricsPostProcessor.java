package dev.specter.metrics;

import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;
import org.jspecify.annotations.Nullable;

import org.springframework.aop.framework.AbstractAdvisingBeanPostProcessor;
import org.springframework.aop.support.DefaultPointcutAdvisor;
import org.springframework.aop.support.NameMatchMethodPointcut;
import org.springframework.aop.support.RootClassFilter;

import dev.specter.Operation;
import dev.specter.Specter;

/**
 * Decorates {@link Specter} beans so that their operations are timed
 * ({@value SpecterMetrics#OPERATIONS}, tagged {@code operation} with the lower-case
 * {@link Operation} name and {@code outcome} with {@code success} or the lower-case
 * {@link dev.specter.ErrorCode}) and the data-channel messages and bytes they send are counted
 * ({@value SpecterMetrics#DATACHANNEL_MESSAGES} and {@value SpecterMetrics#DATACHANNEL_BYTES},
 * {@code direction=sent}) when a send completes. The recording itself is {@link OperationMeters}.
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
	 * @param meters where the timings and sends are recorded
	 */
	public OperationMetricsPostProcessor(OperationMeters meters) {
		NameMatchMethodPointcut pointcut = new NameMatchMethodPointcut();
		pointcut.setMappedNames(OPERATIONS.keySet().toArray(String[]::new));
		pointcut.setClassFilter(new RootClassFilter(Specter.class));
		this.advisor = new DefaultPointcutAdvisor(pointcut, new Interceptor(meters));
		this.beforeExistingAdvisors = true;
	}

	private static final class Interceptor implements MethodInterceptor {

		private final OperationMeters meters;

		Interceptor(OperationMeters meters) {
			this.meters = meters;
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
				this.meters.operationCompleted(operation, since(start), ex);
				throw ex;
			}
			if (result instanceof CompletableFuture<?> future) {
				long sent = sentBytes(method.getName(), invocation.getArguments());
				future.whenComplete((value, failure) -> {
					this.meters.operationCompleted(operation, since(start), failure);
					if (failure == null && sent >= 0) {
						this.meters.dataChannelSent(sent);
					}
				});
			}
			else {
				this.meters.operationCompleted(operation, since(start), null);
			}
			return result;
		}

		private static Duration since(long start) {
			return Duration.ofNanos(System.nanoTime() - start);
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
