package dev.specter.metrics;

import java.util.function.Supplier;

import dev.specter.SpecterErrorHandler;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;
import org.jspecify.annotations.Nullable;

import org.springframework.aop.framework.AbstractAdvisingBeanPostProcessor;
import org.springframework.aop.support.DefaultPointcutAdvisor;
import org.springframework.aop.support.NameMatchMethodPointcut;
import org.springframework.aop.support.RootClassFilter;
import org.springframework.util.function.SingletonSupplier;

/**
 * Decorates {@link SpecterErrorHandler} beans (the default one or the application's) so
 * that every {@link dev.specter.SpecterListener @SpecterListener} failure is counted
 * ({@value SpecterMetrics#LISTENER_FAILURES}, tagged {@code event}, {@code listener} and
 * {@code exception}) before the handler sees it.
 */
public final class ListenerFailureMetricsPostProcessor extends AbstractAdvisingBeanPostProcessor {

	/**
	 * Creates the post-processor.
	 * @param registry the registry, looked up on first use (post-processors are created
	 * early)
	 */
	public ListenerFailureMetricsPostProcessor(Supplier<MeterRegistry> registry) {
		NameMatchMethodPointcut pointcut = new NameMatchMethodPointcut();
		pointcut.setMappedName("handleListenerFailure");
		pointcut.setClassFilter(new RootClassFilter(SpecterErrorHandler.class));
		this.advisor = new DefaultPointcutAdvisor(pointcut, new Interceptor(SingletonSupplier.of(registry)));
		this.beforeExistingAdvisors = true;
	}

	private static final class Interceptor implements MethodInterceptor {

		private final Supplier<MeterRegistry> registry;

		Interceptor(Supplier<MeterRegistry> registry) {
			this.registry = registry;
		}

		@Override
		public @Nullable Object invoke(MethodInvocation invocation) throws Throwable {
			@Nullable Object[] arguments = invocation.getArguments();
			try {
				Counter.builder(SpecterMetrics.LISTENER_FAILURES)
					.description("@SpecterListener methods that threw")
					.tag("event", simpleName(arguments[0]))
					.tag("listener", String.valueOf(arguments[1]))
					.tag("exception", simpleName(arguments[2]))
					.register(this.registry.get())
					.increment();
			}
			catch (RuntimeException ex) {
				// Counting never keeps the handler from running.
			}
			return invocation.proceed();
		}

		private static String simpleName(@Nullable Object value) {
			return (value != null) ? value.getClass().getSimpleName() : "none";
		}

	}

}
