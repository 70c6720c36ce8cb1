package dev.specter.autoconfigure;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.function.Supplier;

import dev.specter.Specter;
import dev.specter.SpecterFactory;
import dev.specter.stomp.SpecterEventTypes;
import dev.specter.stomp.SpecterStompRelay;
import dev.specter.stomp.SpecterStompTemplate;
import dev.specter.stomp.StompFrameLimits;
import dev.specter.stomp.StompOwnership;
import dev.specter.stomp.StompRemoteAddresses;
import dev.specter.stomp.StompSessionCleanup;
import dev.specter.stomp.StompSignalingController;
import dev.specter.stomp.StompSignalingLimits;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.messaging.simp.SimpMessagingTemplate;
import org.springframework.messaging.simp.user.SimpUserRegistry;
import org.springframework.util.StringUtils;
import org.springframework.web.socket.config.annotation.WebSocketMessageBrokerConfigurer;
import org.springframework.web.socket.config.annotation.WebSocketTransportRegistration;

/**
 * Auto-configuration of Specter's STOMP support: relays Specter events to the STOMP user
 * or session owning each peer connection and, if {@code specter.stomp.signaling.enabled},
 * accepts signaling from STOMP clients. It only augments a STOMP broker the application
 * configured ({@code @EnableWebSocketMessageBroker}, with the simple broker or a broker
 * relay), and only when {@code specter.stomp.enabled} is {@code true}.
 */
@AutoConfiguration(after = SpecterAutoConfiguration.class,
		afterName = "org.springframework.boot.websocket.autoconfigure.servlet.WebSocketMessagingAutoConfiguration")
@ConditionalOnClass({ SimpMessagingTemplate.class, WebSocketMessageBrokerConfigurer.class })
@ConditionalOnBooleanProperty("specter.stomp.enabled")
@ConditionalOnBean({ SimpMessagingTemplate.class, Specter.class })
@EnableConfigurationProperties(SpecterStompProperties.class)
public final class SpecterStompAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	StompOwnership specterStompOwnership() {
		return new StompOwnership();
	}

	@Bean
	@ConditionalOnMissingBean
	SpecterStompTemplate specterStompTemplate(SimpMessagingTemplate brokerMessagingTemplate,
			SimpUserRegistry userRegistry, SpecterStompProperties properties) {
		return new SpecterStompTemplate(brokerMessagingTemplate, userRegistry, userDestination(properties));
	}

	@Bean
	@ConditionalOnMissingBean
	SpecterStompRelay specterStompRelay(StompOwnership ownership, SpecterStompTemplate template,
			SpecterStompProperties properties) {
		SpecterEventTypes types;
		try {
			types = SpecterEventTypes.of(properties.getEvents().getInclude(), properties.getEvents().getExclude());
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidSpecterPropertyException("specter.stomp.events", ex.getMessage(),
					"use the simple names of the event records, such as ConnectionStateChanged");
		}
		long maxPayload = properties.getMaxPayloadSize().toBytes();
		if (maxPayload < 0 || maxPayload > Integer.MAX_VALUE) {
			throw new InvalidSpecterPropertyException("specter.stomp.max-payload-size", "must be between 0 and 2GB",
					"set a size such as 64KB");
		}
		return new SpecterStompRelay(ownership, template, types, (int) maxPayload, publicTopicPrefix(properties));
	}

	@Bean
	@ConditionalOnMissingBean
	StompSessionCleanup specterStompSessionCleanup(StompOwnership ownership, ObjectProvider<Specter> specter,
			ObjectProvider<SpecterFactory> specterFactory, SpecterStompProperties properties) {
		return new StompSessionCleanup(ownership, instances(specter, specterFactory), properties.isCloseOnDisconnect());
	}

	@Bean
	@Order(Ordered.HIGHEST_PRECEDENCE)
	static WebSocketMessageBrokerConfigurer specterStompDestinationGuardConfigurer(BeanFactory beanFactory) {
		return new StompDestinationGuardConfigurer(beanFactory);
	}

	static Supplier<Collection<Specter>> instances(ObjectProvider<Specter> specter,
			ObjectProvider<SpecterFactory> specterFactory) {
		return () -> {
			Set<Specter> all = new LinkedHashSet<>();
			specter.orderedStream().forEach(all::add);
			specterFactory.ifAvailable((factory) -> all.addAll(factory.instances()));
			return all;
		};
	}

	static String userDestination(SpecterStompProperties properties) {
		String destination = properties.getUserDestination();
		if (!StringUtils.hasText(destination) || destination.contains("*") || destination.contains("{")) {
			throw new InvalidSpecterPropertyException("specter.stomp.user-destination", "must be a plain destination",
					"set a destination such as /queue/specter");
		}
		return destination.startsWith("/") ? destination : "/" + destination;
	}

	static String publicTopicPrefix(SpecterStompProperties properties) {
		if (!properties.getPublicTopic().isEnabled()) {
			return null;
		}
		String prefix = properties.getPublicTopic().getPrefix();
		if (!StringUtils.hasText(prefix)) {
			throw new InvalidSpecterPropertyException("specter.stomp.public-topic.prefix", "must not be empty",
					"set a prefix under a broker destination prefix, such as /topic/specter.");
		}
		return prefix;
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnBooleanProperty("specter.stomp.signaling.enabled")
	static class SignalingConfiguration {

		@Bean
		@ConditionalOnMissingBean
		StompFrameLimits specterStompFrameLimits(SpecterStompProperties properties) {
			long max = properties.getMaxFrameSize().toBytes();
			if (max < 1024 || max > Integer.MAX_VALUE / 4) {
				throw new InvalidSpecterPropertyException("specter.stomp.max-frame-size",
						"must be between 1KB and 512MB", "set a size such as 512KB");
			}
			return new StompFrameLimits((int) max);
		}

		@Bean
		@ConditionalOnMissingBean
		StompSignalingController specterStompSignalingController(Specter specter, StompOwnership ownership,
				SpecterStompTemplate template, SpecterStompProperties properties) {
			SpecterStompProperties.Signaling signaling = properties.getSignaling();
			// checked here too so that a bad value fails at start-up, not at the first
			// WebSocket
			atLeastOne("max-sessions-per-address", signaling.getMaxSessionsPerAddress());
			return new StompSignalingController(specter, ownership, template,
					new StompSignalingLimits(
							atLeastOne("max-connections-per-session", signaling.getMaxConnectionsPerSession()),
							atLeastOne("max-connections-per-user", signaling.getMaxConnectionsPerUser()),
							atLeastOne("max-connections-per-address", signaling.getMaxConnectionsPerAddress())));
		}

		@Bean
		static WebSocketMessageBrokerConfigurer specterStompRemoteAddressConfigurer(
				ObjectProvider<SpecterStompProperties> properties) {
			return new WebSocketMessageBrokerConfigurer() {

				@Override
				public void configureWebSocketTransport(WebSocketTransportRegistration registration) {
					int max = atLeastOne("max-sessions-per-address",
							properties.getObject().getSignaling().getMaxSessionsPerAddress());
					registration.addDecoratorFactory(new StompRemoteAddresses(max));
				}

			};
		}

		private static int atLeastOne(String property, int value) {
			if (value < 1) {
				throw new InvalidSpecterPropertyException("specter.stomp.signaling." + property, "must be at least 1",
						"set a positive number, or remove it");
			}
			return value;
		}

	}

}
