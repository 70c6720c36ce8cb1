package dev.specter.autoconfigure;

import dev.specter.SpecterFactory;
import dev.specter.actuate.SpecterHealthIndicator;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of the {@code specter} health indicator. Active when Spring Boot's
 * health support is on the classpath and {@code management.health.specter.enabled} is not
 * {@code false}.
 */
@AutoConfiguration(after = SpecterAutoConfiguration.class,
		beforeName = "org.springframework.boot.health.autoconfigure.contributor.HealthContributorAutoConfiguration")
@ConditionalOnClass(HealthIndicator.class)
@ConditionalOnBean(SpecterFactory.class)
public final class SpecterHealthContributorAutoConfiguration {

	// On the method, not the class: its condition class must not be loaded unless the
	// class-level @ConditionalOnClass found Spring Boot's health support.
	@Bean
	@ConditionalOnEnabledHealthIndicator("specter")
	@ConditionalOnMissingBean(name = "specterHealthIndicator")
	SpecterHealthIndicator specterHealthIndicator(SpecterFactory specterFactory) {
		return new SpecterHealthIndicator(specterFactory);
	}

}
