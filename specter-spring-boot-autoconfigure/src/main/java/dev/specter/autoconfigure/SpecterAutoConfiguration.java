package dev.specter.autoconfigure;

import dev.onvoid.webrtc.PeerConnectionFactory;
import dev.specter.Specter;
import dev.specter.SpecterErrorHandler;
import dev.specter.SpecterFactory;
import dev.specter.SpecterObserver;
import dev.specter.dispatch.EventDispatcher;
import dev.specter.webrtc.DefaultSpecterFactory;
import dev.specter.webrtc.PeerConnectionFactoryPool;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.ConfigurationPropertiesBinding;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of Specter: a {@link SpecterFactory}, the default {@link Specter}
 * built from {@code specter.*} properties, the {@link SpecterErrorHandler} and the
 * support for {@link dev.specter.SpecterListener @SpecterListener} methods. Active when
 * webrtc-java is on the classpath (checked without loading its native library) and
 * {@code specter.enabled} is not {@code false}. Every bean backs off when the application
 * defines its own.
 */
@AutoConfiguration
@ConditionalOnClass(PeerConnectionFactory.class)
@ConditionalOnBooleanProperty(name = "specter.enabled", matchIfMissing = true)
@EnableConfigurationProperties(SpecterProperties.class)
public final class SpecterAutoConfiguration {

	@Bean
	@ConfigurationPropertiesBinding
	static StringToIceServerConverter specterStringToIceServerConverter() {
		return new StringToIceServerConverter();
	}

	@Bean
	static SpecterListenerFactory specterListenerFactory(ObjectProvider<SpecterErrorHandler> errorHandler,
			BeanFactory beanFactory) {
		return new SpecterListenerFactory(errorHandler, beanFactory);
	}

	@Bean
	@ConditionalOnMissingBean
	SpecterErrorHandler specterErrorHandler() {
		return new LoggingSpecterErrorHandler();
	}

	@Bean(destroyMethod = "close")
	@ConditionalOnMissingBean(SpecterFactory.class)
	DefaultSpecterFactory specterFactory(SpecterProperties properties, ApplicationEventPublisher publisher,
			ObjectProvider<SpecterObserver> observers, ObjectProvider<SpecterErrorHandler> errorHandler) {
		return new DefaultSpecterFactory(new PeerConnectionFactoryPool(),
				dispatcher(properties, publisher, errorHandler), SpecterPropertiesMapper.settings(properties),
				SpecterPropertiesMapper.connectionLimits(properties),
				new CompositeSpecterObserver(observers.orderedStream().toList()));
	}

	/** The application's event dispatcher, from {@code specter.dispatch.*}. */
	static EventDispatcher dispatcher(SpecterProperties properties, ApplicationEventPublisher publisher,
			ObjectProvider<SpecterErrorHandler> errorHandler) {
		SpecterProperties.Dispatch dispatch = properties.getDispatch();
		int threads = (dispatch.getThreads() != null) ? dispatch.getThreads()
				: Math.max(8, 4 * Runtime.getRuntime().availableProcessors());
		if (threads < 1) {
			throw new InvalidSpecterPropertyException("specter.dispatch.threads", "must be at least 1",
					"set specter.dispatch.threads to a positive number, or remove it");
		}
		if (dispatch.getMailboxCapacity() < 1) {
			throw new InvalidSpecterPropertyException("specter.dispatch.mailbox-capacity", "must be at least 1",
					"set specter.dispatch.mailbox-capacity to a positive number, or remove it");
		}
		return new EventDispatcher(publisher, threads, dispatch.getMailboxCapacity(),
				(event, handler, failure) -> errorHandler.getIfAvailable(LoggingSpecterErrorHandler::new)
					.handleListenerFailure(event, handler, failure));
	}

	@Bean(destroyMethod = "close")
	@ConditionalOnMissingBean(Specter.class)
	Specter specter(SpecterFactory specterFactory, SpecterProperties properties) {
		return specterFactory.create(SpecterPropertiesMapper.config(properties));
	}

}
