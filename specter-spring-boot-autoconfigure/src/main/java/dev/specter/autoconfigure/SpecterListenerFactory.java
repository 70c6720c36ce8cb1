package dev.specter.autoconfigure;

import java.lang.reflect.Method;
import java.lang.reflect.UndeclaredThrowableException;

import dev.specter.Specter;
import dev.specter.SpecterErrorHandler;
import dev.specter.SpecterId;
import dev.specter.SpecterListener;
import dev.specter.event.SpecterEvent;

import org.springframework.beans.BeansException;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.ApplicationEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.PayloadApplicationEvent;
import org.springframework.context.event.ApplicationListenerMethodAdapter;
import org.springframework.context.event.EventListenerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.AnnotatedElementUtils;

/**
 * Turns {@link SpecterListener @SpecterListener} methods into listeners whose failures go
 * to the {@link SpecterErrorHandler} instead of the publisher, as Spring's
 * {@code TransactionalEventListenerFactory} does for {@code @TransactionalEventListener}.
 * Ordered before Spring's default factory so that it claims these methods. A method that
 * names a Specter bean ({@link SpecterListener#specter()}) is called only for the events
 * of that instance.
 */
final class SpecterListenerFactory implements EventListenerFactory, Ordered {

	private final ObjectProvider<SpecterErrorHandler> errorHandler;

	private final BeanFactory beanFactory;

	SpecterListenerFactory(ObjectProvider<SpecterErrorHandler> errorHandler, BeanFactory beanFactory) {
		this.errorHandler = errorHandler;
		this.beanFactory = beanFactory;
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
		return new IsolatingListener(beanName, type, method, this.errorHandler, scope(type, method));
	}

	/**
	 * The id of the instance the method is scoped to, or {@code null} for every instance.
	 * Listeners are created once the singletons exist, so the bean can be looked up now.
	 */
	private SpecterId scope(Class<?> type, Method method) {
		SpecterListener annotation = AnnotatedElementUtils.findMergedAnnotation(method, SpecterListener.class);
		String name = (annotation != null) ? annotation.specter() : "";
		if (name.isEmpty()) {
			return null;
		}
		try {
			return this.beanFactory.getBean(name, Specter.class).id();
		}
		catch (BeansException ex) {
			throw new IllegalStateException("@SpecterListener(specter = \"" + name + "\") on " + type.getName() + "."
					+ method.getName() + " names no Specter bean: " + ex.getMessage(), ex);
		}
	}

	private static final class IsolatingListener extends ApplicationListenerMethodAdapter {

		private final ObjectProvider<SpecterErrorHandler> errorHandler;

		private final String description;

		private final SpecterId scope;

		IsolatingListener(String beanName, Class<?> targetClass, Method method,
				ObjectProvider<SpecterErrorHandler> errorHandler, SpecterId scope) {
			super(beanName, targetClass, method);
			this.errorHandler = errorHandler;
			this.description = targetClass.getSimpleName() + "." + method.getName();
			this.scope = scope;
		}

		@Override
		public void onApplicationEvent(ApplicationEvent event) {
			if (this.scope != null && event instanceof PayloadApplicationEvent<?> payload
					&& payload.getPayload() instanceof SpecterEvent specterEvent
					&& !this.scope.equals(specterEvent.specter())) {
				return;
			}
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
