package dev.specter.autoconfigure;

import dev.specter.stomp.SpecterStompRelay;
import dev.specter.stomp.SpecterStompTemplate;
import dev.specter.stomp.StompDestinationGuard;
import dev.specter.stomp.StompFrameLimits;
import dev.specter.stomp.StompOwnership;
import dev.specter.stomp.StompSessionCleanup;
import dev.specter.stomp.StompSignalingController;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.messaging.simp.SimpMessagingTemplate;
import org.springframework.messaging.simp.config.MessageBrokerRegistry;
import org.springframework.messaging.support.AbstractSubscribableChannel;
import org.springframework.web.socket.config.annotation.EnableWebSocketMessageBroker;
import org.springframework.web.socket.config.annotation.StompEndpointRegistry;
import org.springframework.web.socket.config.annotation.WebSocketMessageBrokerConfigurer;

import static org.assertj.core.api.Assertions.assertThat;

class SpecterStompAutoConfigurationTests {

	private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(SpecterAutoConfiguration.class, SpecterStompAutoConfiguration.class))
		.withPropertyValues("specter.ice-servers=");

	@Test
	void backsOffUnlessEnabled() {
		this.runner.withUserConfiguration(StompBrokerConfiguration.class).run((context) -> {
			assertThat(context).hasSingleBean(SimpMessagingTemplate.class)
				.doesNotHaveBean(SpecterStompRelay.class)
				.doesNotHaveBean(StompOwnership.class);
		});
	}

	@Test
	void backsOffWithoutAStompBroker() {
		this.runner.withPropertyValues("specter.stomp.enabled=true").run((context) -> {
			assertThat(context).hasNotFailed().doesNotHaveBean(SpecterStompRelay.class);
		});
	}

	@Test
	void backsOffWithoutSpringMessaging() {
		this.runner.withUserConfiguration(StompBrokerConfiguration.class)
			.withPropertyValues("specter.stomp.enabled=true")
			.withClassLoader(new FilteredClassLoader(SimpMessagingTemplate.class))
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(SpecterStompRelay.class));
	}

	@Test
	void relaysWhenEnabledWithABroker() {
		this.runner.withUserConfiguration(StompBrokerConfiguration.class)
			.withPropertyValues("specter.stomp.enabled=true")
			.run((context) -> {
				assertThat(context).hasSingleBean(SpecterStompRelay.class)
					.hasSingleBean(StompOwnership.class)
					.hasSingleBean(SpecterStompTemplate.class)
					.hasSingleBean(StompSessionCleanup.class)
					.doesNotHaveBean(StompSignalingController.class);
				assertThat(context.getBean(SpecterStompTemplate.class).userDestination()).isEqualTo("/queue/specter");
				AbstractSubscribableChannel inbound = context.getBean("clientInboundChannel",
						AbstractSubscribableChannel.class);
				assertThat(inbound.getInterceptors()).hasAtLeastOneElementOfType(StompDestinationGuard.class);
			});
	}

	@Test
	void signalingIsASeparateSwitch() {
		this.runner.withUserConfiguration(StompBrokerConfiguration.class)
			.withPropertyValues("specter.stomp.enabled=true", "specter.stomp.signaling.enabled=true")
			.run((context) -> assertThat(context).hasSingleBean(StompSignalingController.class));
	}

	@Test
	void userBeansWin() {
		this.runner.withUserConfiguration(StompBrokerConfiguration.class, CustomOwnership.class)
			.withPropertyValues("specter.stomp.enabled=true")
			.run((context) -> assertThat(context.getBean(StompOwnership.class))
				.isSameAs(context.getBean(CustomOwnership.class).ownership));
	}

	@Test
	void unknownEventTypesFailWithTheirNames() {
		this.runner.withUserConfiguration(StompBrokerConfiguration.class)
			.withPropertyValues("specter.stomp.enabled=true",
					"specter.stomp.events.include=ConnectionStateChanged,Bogus")
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(context.getStartupFailure()).rootCause()
					.isInstanceOf(InvalidSpecterPropertyException.class)
					.hasMessageContaining("specter.stomp.events")
					.hasMessageContaining("Bogus");
			});
	}

	@Test
	void tooSmallConnectionLimitFails() {
		this.runner.withUserConfiguration(StompBrokerConfiguration.class)
			.withPropertyValues("specter.stomp.enabled=true", "specter.stomp.signaling.enabled=true",
					"specter.stomp.signaling.max-connections-per-session=0")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("specter.stomp.signaling.max-connections-per-session"));
	}

	@ParameterizedTest
	@ValueSource(
			strings = { "max-connections-per-user=0", "max-connections-per-address=0", "max-sessions-per-address=0",
					"max-connections-per-user=-1", "max-connections-per-address=-5", "max-sessions-per-address=-1" })
	void nonPositiveClientLimitsFailNamingTheProperty(String setting) {
		String property = "specter.stomp.signaling." + setting.substring(0, setting.indexOf('='));
		this.runner.withUserConfiguration(StompBrokerConfiguration.class)
			.withPropertyValues("specter.stomp.enabled=true", "specter.stomp.signaling.enabled=true",
					"specter.stomp.signaling." + setting)
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOf(InvalidSpecterPropertyException.class)
				.hasMessageContaining(property));
	}

	@Test
	void frameLimitsComeWithSignalingOnly() {
		this.runner.withUserConfiguration(StompBrokerConfiguration.class)
			.withPropertyValues("specter.stomp.enabled=true")
			.run((context) -> assertThat(context).doesNotHaveBean(StompFrameLimits.class));
		this.runner.withUserConfiguration(StompBrokerConfiguration.class)
			.withPropertyValues("specter.stomp.enabled=true", "specter.stomp.signaling.enabled=true",
					"specter.stomp.max-frame-size=1MB")
			.run((context) -> assertThat(context.getBean(StompFrameLimits.class).maxFrameSize())
				.isEqualTo(1024 * 1024));
	}

	@Test
	void tooSmallFrameSizeFails() {
		this.runner.withUserConfiguration(StompBrokerConfiguration.class)
			.withPropertyValues("specter.stomp.enabled=true", "specter.stomp.signaling.enabled=true",
					"specter.stomp.max-frame-size=100B")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("specter.stomp.max-frame-size"));
	}

	@Configuration(proxyBeanMethods = false)
	@EnableWebSocketMessageBroker
	static class StompBrokerConfiguration implements WebSocketMessageBrokerConfigurer {

		@Override
		public void registerStompEndpoints(StompEndpointRegistry registry) {
			registry.addEndpoint("/ws");
		}

		@Override
		public void configureMessageBroker(MessageBrokerRegistry registry) {
			registry.enableSimpleBroker("/queue", "/topic");
			registry.setApplicationDestinationPrefixes("/app");
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class CustomOwnership {

		final StompOwnership ownership = new StompOwnership();

		@Bean
		StompOwnership myOwnership() {
			return this.ownership;
		}

	}

}
