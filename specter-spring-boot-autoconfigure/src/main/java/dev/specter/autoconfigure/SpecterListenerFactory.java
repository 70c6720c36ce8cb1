package dev.specter.autoconfigure;

import java.lang.reflect.Method;
import java.lang.reflect.UndeclaredThrowableException;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.ApplicationEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.PayloadApplicationEvent;
import org.springframework.context.event.ApplicationListenerMethodAdapter;
import org.springframework.context.event.EventListenerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.AnnotatedElementUtils;

import dev.specter.SpecterErrorHandler;
import dev.specter.SpecterListener;
import dev.specter.event.SpecterEvent;

/**
 * Turns {@link SpecterListener @SpecterListener} methods into listeners whose failures go
 * to the {@link SpecterErrorHandler} instead of the publisher, as Spring's
 * {@code TransactionalEventListenerFactory} does for {@code @TransactionalEventListener}.
 * Ordered before Spring's default factory so that it claims these methods.
 */
final class SpecterListenerFactory implements EventListenerFactory, Ordered {

	private final ObjectProvider<SpecterErrorHandler> errorHandler;

	SpecterListenerFactory(ObjectProvider<SpecterErrorHandler> errorHandler) {
		this.errorHandler = errorHandler;
	}

	@Override
	public int getOrder() {
		return 40;
	}

	@Override
	public boolean supportsMethod(Method method) {
		return AnnotatedElementUtils.hasAnnotation(method, SpecterListener.class);
	}

	@Override
	public ApplicationListener<?> createApplicationListener(String beanName, Class<?> type, Method method) {
		return new IsolatingListener(beanName, type, method, this.errorHandler);
	}

	private static final class IsolatingListener extends ApplicationListenerMethodAdapter {

		private final ObjectProvider<SpecterErrorHandler> errorHandler;

		private final String description;

		IsolatingListener(String beanName, Class<?> targetClass, Method method,
				ObjectProvider<SpecterErrorHandler> errorHandler) {
			super(beanName, targetClass, method);
			this.errorHandler = errorHandler;
			this.description = targetClass.getSimpleName() + "." + method.getName();
		}

		@Override
		public void onApplicationEvent(ApplicationEvent event) {
			try {
				super.onApplicationEvent(event);
			}
			catch (Throwable ex) {
				Throwable failure = (ex instanceof UndeclaredThrowableException undeclared
						&& undeclared.getUndeclaredThrowable() != null) ? undeclared.getUndeclaredThrowable() : ex;
				if (event instanceof PayloadApplicationEvent<?> payload
						&& payload.getPayload() instanceof SpecterEvent specterEvent) {
					report(specterEvent, failure);
				}
				else if (ex instanceof RuntimeException runtime) {
					throw runtime;
				}
				else if (ex instanceof Error error) {
					throw error;
				}
			}
		}

		private void report(SpecterEvent event, Throwable failure) {
			try {
				SpecterErrorHandler handler = this.errorHandler.getIfAvailable(LoggingSpecterErrorHandler::new);
				handler.handleListenerFailure(event, this.description, failure);
			}
			catch (Throwable ignored) {
				// An error handler must not throw; if it does, the next listener still
				// runs.
			}
		}

	}

}
