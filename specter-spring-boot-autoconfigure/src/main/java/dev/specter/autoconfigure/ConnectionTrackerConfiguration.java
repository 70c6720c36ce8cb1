package dev.specter.autoconfigure;

import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.specter.metrics.ConnectionTracker;

/**
 * The {@link ConnectionTracker} shared by the meters and the endpoint; imported by both
 * so that it exists only when one of them does.
 */
@Configuration(proxyBeanMethods = false)
class ConnectionTrackerConfiguration {

	@Bean
	@ConditionalOnMissingBean
	ConnectionTracker specterConnectionTracker() {
		return new ConnectionTracker();
	}

}
