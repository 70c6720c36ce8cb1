package dev.specter.autoconfigure;

import java.time.Duration;

import dev.onvoid.webrtc.PeerConnectionFactory;
import dev.specter.SpecterErrorHandler;
import dev.specter.SpecterFactory;
import dev.specter.SpecterObserver;
import dev.specter.worker.WorkerOptions;
import dev.specter.worker.WorkerSpecterFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;

/**
 * Runs the WebRTC engine in worker processes when
 * {@code specter.engine.isolation=workers}: the {@link SpecterFactory} is a
 * {@link WorkerSpecterFactory}, and {@link SpecterAutoConfiguration}'s in-process factory
 * backs off. Everything else (the default Specter, listeners, STOMP relay, metrics) is
 * configured as usual.
 */
@AutoConfiguration(before = SpecterAutoConfiguration.class)
@ConditionalOnClass(PeerConnectionFactory.class)
@ConditionalOnBooleanProperty(name = "specter.enabled", matchIfMissing = true)
@ConditionalOnProperty(name = "specter.engine.isolation", havingValue = "workers")
@EnableConfigurationProperties(SpecterProperties.class)
public final class SpecterWorkersAutoConfiguration {

	@Bean(destroyMethod = "close")
	@ConditionalOnMissingBean(SpecterFactory.class)
	WorkerSpecterFactory specterFactory(SpecterProperties properties, ApplicationEventPublisher publisher,
			ObjectProvider<SpecterObserver> observers, ObjectProvider<SpecterErrorHandler> errorHandler) {
		SpecterProperties.Engine engine = properties.getEngine();
		if (engine.getWorkers() < 1) {
			throw new InvalidSpecterPropertyException("specter.engine.workers", "must be at least 1",
					"set specter.engine.workers to a positive number, or remove it for 2");
		}
		if (engine.getMaxConnectionsPerWorker() < 0) {
			throw new InvalidSpecterPropertyException("specter.engine.max-connections-per-worker",
					"must be 0 (no limit) or positive", "set a positive number, or remove it for no limit");
		}
		Duration interval = engine.getHeartbeatInterval();
		if (interval == null || interval.isNegative() || interval.isZero()) {
			throw new InvalidSpecterPropertyException("specter.engine.heartbeat-interval", "must be positive",
					"set a positive duration, or remove it for " + WorkerOptions.DEFAULT_HEARTBEAT_INTERVAL.toSeconds()
							+ "s");
		}
		Duration timeout = engine.getHeartbeatTimeout();
		if (timeout == null || timeout.compareTo(interval) <= 0) {
			throw new InvalidSpecterPropertyException("specter.engine.heartbeat-timeout",
					"must be longer than specter.engine.heartbeat-interval (" + interval + ")",
					"set a longer duration, or remove it for " + WorkerOptions.DEFAULT_HEARTBEAT_TIMEOUT.toSeconds()
							+ "s");
		}
		WorkerOptions options = new WorkerOptions(engine.getWorkers(), engine.getWorkerJvmOptions(),
				Duration.ofSeconds(30), 4, properties.getDispatch().getMailboxCapacity(),
				engine.getMaxConnectionsPerWorker(), interval, timeout);
		return new WorkerSpecterFactory(options,
				SpecterAutoConfiguration.dispatcher(properties, publisher, errorHandler),
				SpecterPropertiesMapper.settings(properties), SpecterPropertiesMapper.connectionLimits(properties),
				new CompositeSpecterObserver(observers.orderedStream().toList()));
	}

}
