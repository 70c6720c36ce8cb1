package dev.specter.autoconfigure;

import dev.specter.metrics.ConnectionTracker;

import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

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
