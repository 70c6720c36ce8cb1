package dev.specter.autoconfigure;

import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

import dev.specter.SpecterFactory;
import dev.specter.metrics.ConnectionTracker;
import dev.specter.metrics.ListenerFailureMetricsPostProcessor;
import dev.specter.metrics.OperationMeters;
import dev.specter.metrics.OperationMetricsPostProcessor;
import dev.specter.metrics.SpecterMetrics;

/**
 * Auto-configuration of Specter's Micrometer meters: {@link SpecterMetrics} (fed by events and
 * statistics samples) and the decorators that time the {@code Specter} bean's operations and
 * count listener failures. Active only when Micrometer is on the classpath and the application
 * has a {@link MeterRegistry} (Spring Boot's, with {@code spring-boot-starter-actuator}).
 */
@AutoConfiguration(after = SpecterAutoConfiguration.class,
		afterName = "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration")
@ConditionalOnClass(MeterRegistry.class)
@ConditionalOnBean({ SpecterFactory.class, MeterRegistry.class })
@Import(ConnectionTrackerConfiguration.class)
public final class SpecterMetricsAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	SpecterMetrics specterMetrics(MeterRegistry meterRegistry, ConnectionTracker connectionTracker) {
		return new SpecterMetrics(meterRegistry, connectionTracker);
	}

	@Bean
	static OperationMetricsPostProcessor specterOperationMetricsPostProcessor(
			ObjectProvider<MeterRegistry> meterRegistry) {
		return new OperationMetricsPostProcessor(new OperationMeters(meterRegistry::getObject));
	}

	@Bean
	static ListenerFailureMetricsPostProcessor specterListenerFailureMetricsPostProcessor(
			ObjectProvider<MeterRegistry> meterRegistry) {
		return new ListenerFailureMetricsPostProcessor(meterRegistry::getObject);
	}

}
