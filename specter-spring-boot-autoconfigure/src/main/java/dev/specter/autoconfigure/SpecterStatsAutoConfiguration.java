package dev.specter.autoconfigure;

import java.time.Duration;

import dev.specter.SpecterFactory;
import dev.specter.metrics.ConnectionStatsSampler;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of the periodic statistics sampling: a
 * {@link ConnectionStatsSampler} when {@code specter.stats.interval} is set. It needs
 * neither Micrometer nor Actuator: the samples are events, which the meters consume when
 * Micrometer is present.
 */
@AutoConfiguration(after = SpecterAutoConfiguration.class)
@ConditionalOnBean(SpecterFactory.class)
@ConditionalOnProperty("specter.stats.interval")
@EnableConfigurationProperties(SpecterStatsProperties.class)
public final class SpecterStatsAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	ConnectionStatsSampler connectionStatsSampler(SpecterFactory specterFactory, ApplicationEventPublisher publisher,
			SpecterStatsProperties properties) {
		Duration interval = properties.getInterval();
		if (interval == null || interval.isZero() || interval.isNegative()) {
			throw new InvalidSpecterPropertyException("specter.stats.interval", "must be a positive duration",
					"set specter.stats.interval to a positive duration such as 10s, or remove it to disable sampling");
		}
		return new ConnectionStatsSampler(specterFactory, publisher, interval);
	}

}
