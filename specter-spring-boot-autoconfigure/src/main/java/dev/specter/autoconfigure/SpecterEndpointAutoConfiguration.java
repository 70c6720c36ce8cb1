package dev.specter.autoconfigure;

import java.time.Clock;
import java.time.Duration;

import dev.specter.SpecterFactory;
import dev.specter.actuate.SpecterEndpoint;
import dev.specter.metrics.ConnectionTracker;

import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * Auto-configuration of the {@code specter} Actuator endpoint. Active when Actuator is on
 * the classpath and the endpoint is available (exposed and not disabled, as every
 * Actuator endpoint).
 */
@AutoConfiguration(after = SpecterAutoConfiguration.class)
@ConditionalOnClass({ Endpoint.class, ConditionalOnAvailableEndpoint.class })
@ConditionalOnBean(SpecterFactory.class)
public final class SpecterEndpointAutoConfiguration {

	/** How long a request waits for the statistics of the connections it lists. */
	private static final Duration STATS_TIMEOUT = Duration.ofSeconds(5);

	// The availability condition sits on a nested class: its condition class must not be
	// loaded unless the class-level @ConditionalOnClass found Actuator.
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnAvailableEndpoint(SpecterEndpoint.class)
	@Import(ConnectionTrackerConfiguration.class)
	static class EndpointConfiguration {

		@Bean
		@ConditionalOnMissingBean
		SpecterEndpoint specterEndpoint(SpecterFactory specterFactory, ConnectionTracker connectionTracker) {
			return new SpecterEndpoint(specterFactory, connectionTracker, STATS_TIMEOUT, Clock.systemUTC());
		}

	}

}
