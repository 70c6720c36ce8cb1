package dev.specter.autoconfigure;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;

import dev.specter.Specter;
import dev.specter.SpecterErrorHandler;
import dev.specter.SpecterFactory;
import dev.specter.SpecterObserver;
import dev.specter.actuate.SpecterEndpoint;
import dev.specter.actuate.SpecterHealthIndicator;
import dev.specter.metrics.ConnectionStatsSampler;
import dev.specter.metrics.ConnectionTracker;
import dev.specter.metrics.ListenerFailureMetricsPostProcessor;
import dev.specter.metrics.SpecterMetrics;
import dev.specter.test.FakeSpecterFactory;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.aop.support.AopUtils;
import org.springframework.boot.actuate.autoconfigure.endpoint.EndpointAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.autoconfigure.contributor.HealthContributorAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which observability beans exist for which classpath and properties. A fake
 * {@link SpecterFactory} keeps the native library out; {@code SpecterObservabilityIT}
 * runs the same beans against real connections.
 */
class SpecterObservabilityAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(SpecterAutoConfiguration.class, SpecterStatsAutoConfiguration.class,
				SpecterMetricsAutoConfiguration.class, SpecterHealthContributorAutoConfiguration.class,
				SpecterEndpointAutoConfiguration.class, HealthContributorAutoConfiguration.class,
				EndpointAutoConfiguration.class))
		.withBean(SpecterFactory.class, FakeSpecterFactory::new)
		.withPropertyValues("specter.ice-servers=", "management.endpoints.web.exposure.include=specter");

	@Test
	void everythingWithMicrometerAndActuator() {
		this.runner.withBean(SimpleMeterRegistry.class).run((context) -> {
			assertThat(context).hasSingleBean(SpecterMetrics.class)
				.hasSingleBean(ConnectionTracker.class)
				.hasSingleBean(SpecterObserver.class)
				.hasSingleBean(ListenerFailureMetricsPostProcessor.class)
				.hasSingleBean(SpecterHealthIndicator.class)
				.hasBean("specterHealthIndicator")
				.hasSingleBean(SpecterEndpoint.class)
				.doesNotHaveBean(ConnectionStatsSampler.class);
			assertThat(AopUtils.isAopProxy(context.getBean(Specter.class))).isFalse();
			assertThat(AopUtils.isAopProxy(context.getBean(SpecterErrorHandler.class))).isTrue();
			assertThat(context.getBean(MeterRegistry.class).find(SpecterMetrics.CONNECTIONS).gauges()).hasSize(5);
		});
	}

	@Test
	void noMetersWithoutAMeterRegistryBean() {
		this.runner.run((context) -> {
			assertThat(context).doesNotHaveBean(SpecterMetrics.class)
				.doesNotHaveBean(SpecterObserver.class)
				.doesNotHaveBean(ListenerFailureMetricsPostProcessor.class)
				.hasSingleBean(SpecterHealthIndicator.class)
				.hasSingleBean(SpecterEndpoint.class)
				.hasSingleBean(ConnectionTracker.class);
			assertThat(AopUtils.isAopProxy(context.getBean(Specter.class))).isFalse();
		});
	}

	@Test
	void noMetersWithoutMicrometer() {
		this.runner.withClassLoader(new FilteredClassLoader("io.micrometer")).run((context) -> {
			assertThat(context).hasNotFailed()
				.doesNotHaveBean(SpecterMetrics.class)
				.doesNotHaveBean(SpecterObserver.class)
				.doesNotHaveBean(ListenerFailureMetricsPostProcessor.class);
			assertThat(AopUtils.isAopProxy(context.getBean(Specter.class))).isFalse();
			assertThat(AopUtils.isAopProxy(context.getBean(SpecterErrorHandler.class))).isFalse();
		});
	}

	@Test
	void noHealthIndicatorOrEndpointWithoutActuator() {
		new ApplicationContextRunner()
			.withConfiguration(
					AutoConfigurations.of(SpecterAutoConfiguration.class, SpecterMetricsAutoConfiguration.class,
							SpecterHealthContributorAutoConfiguration.class, SpecterEndpointAutoConfiguration.class))
			.withBean(SpecterFactory.class, FakeSpecterFactory::new)
			.withBean(SimpleMeterRegistry.class)
			.withPropertyValues("specter.ice-servers=", "management.endpoints.web.exposure.include=*")
			.withClassLoader(
					new FilteredClassLoader("org.springframework.boot.actuate", "org.springframework.boot.health"))
			.run((context) -> assertThat(context).hasNotFailed()
				.doesNotHaveBean(SpecterHealthIndicator.class)
				.doesNotHaveBean(SpecterEndpoint.class)
				.hasSingleBean(SpecterMetrics.class));
	}

	@Test
	void nothingRegisteredWithoutMicrometerAndActuator() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(SpecterAutoConfiguration.class,
					SpecterStatsAutoConfiguration.class, SpecterMetricsAutoConfiguration.class,
					SpecterHealthContributorAutoConfiguration.class, SpecterEndpointAutoConfiguration.class))
			.withBean(SpecterFactory.class, FakeSpecterFactory::new)
			.withPropertyValues("specter.ice-servers=", "management.endpoints.web.exposure.include=*")
			.withClassLoader(new FilteredClassLoader("io.micrometer", "org.springframework.boot.actuate",
					"org.springframework.boot.health"))
			.run((context) -> {
				assertThat(context).hasNotFailed().hasSingleBean(Specter.class);
				assertThat(observabilityBeans(context)).isEmpty();
				assertThat(AopUtils.isAopProxy(context.getBean(Specter.class))).isFalse();
				assertThat(AopUtils.isAopProxy(context.getBean(SpecterErrorHandler.class))).isFalse();
			});
	}

	@Test
	void nothingRegisteredWhenSpecterIsDisabled() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(SpecterAutoConfiguration.class,
					SpecterStatsAutoConfiguration.class, SpecterMetricsAutoConfiguration.class,
					SpecterHealthContributorAutoConfiguration.class, SpecterEndpointAutoConfiguration.class))
			.withBean(SimpleMeterRegistry.class)
			.withPropertyValues("specter.enabled=false", "specter.stats.interval=1s",
					"management.endpoints.web.exposure.include=*")
			.run((context) -> assertThat(observabilityBeans(context)).isEmpty());
	}

	@Test
	void healthIndicatorCanBeDisabled() {
		this.runner.withPropertyValues("management.health.specter.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(SpecterHealthIndicator.class));
	}

	@Test
	void endpointNeedsToBeExposed() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(SpecterAutoConfiguration.class,
					SpecterEndpointAutoConfiguration.class, EndpointAutoConfiguration.class))
			.withBean(SpecterFactory.class, FakeSpecterFactory::new)
			.run((context) -> assertThat(context).doesNotHaveBean(SpecterEndpoint.class)
				.doesNotHaveBean(ConnectionTracker.class));
	}

	@Test
	void samplingIsOptIn() {
		this.runner.withPropertyValues("specter.stats.interval=250ms").run((context) -> {
			assertThat(context).hasSingleBean(ConnectionStatsSampler.class);
			assertThat(context.getBean(ConnectionStatsSampler.class).interval()).isEqualTo(Duration.ofMillis(250));
			assertThat(context.getBean(ConnectionStatsSampler.class).isRunning()).isTrue();
		});
	}

	@Test
	void samplingNeedsAPositiveInterval() {
		this.runner.withPropertyValues("specter.stats.interval=0s")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.isInstanceOf(InvalidSpecterPropertyException.class)
				.hasMessageContaining("specter.stats.interval"));
	}

	@Test
	void applicationBeansWin() {
		this.runner.withBean(SimpleMeterRegistry.class)
			.withBean("specterHealthIndicator", SpecterHealthIndicator.class,
					() -> new SpecterHealthIndicator(new FakeSpecterFactory(), () -> {
					}))
			.withBean("mySpecterMetrics", SpecterMetrics.class,
					() -> new SpecterMetrics(new SimpleMeterRegistry(), new ConnectionTracker()))
			.run((context) -> {
				assertThat(context).hasSingleBean(SpecterHealthIndicator.class)
					.hasSingleBean(SpecterMetrics.class)
					.hasBean("mySpecterMetrics");
				assertThat(context.getBean(SpecterHealthIndicator.class).health().getDetails())
					.containsEntry("instances", 0);
			});
	}

	private static List<String> observabilityBeans(AssertableApplicationContext context) {
		return Arrays.stream(context.getBeanDefinitionNames()).filter((name) -> {
			Class<?> type = context.getType(name);
			return type != null && (type.getPackageName().equals("dev.specter.metrics")
					|| type.getPackageName().equals("dev.specter.actuate"));
		}).toList();
	}

}
