package dev.specter.sample;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.simp.config.ChannelRegistration;
import org.springframework.messaging.simp.config.MessageBrokerRegistry;
import org.springframework.web.socket.config.annotation.EnableWebSocketMessageBroker;
import org.springframework.web.socket.config.annotation.StompEndpointRegistry;
import org.springframework.web.socket.config.annotation.WebSocketMessageBrokerConfigurer;

/**
 * STOMP over WebSocket at {@code /ws}. This is all the sample writes for signaling:
 * {@code specter.stomp.enabled} and {@code specter.stomp.signaling.enabled} make Specter
 * relay each connection's events to its owner's {@code /user/queue/specter} and accept
 * {@code /app/specter/*} signaling messages.
 * <p>
 * With {@code sample.broker=simple} (the default) the broker is Spring's in-memory simple
 * broker: one instance. With {@code sample.broker=relay} it is an external STOMP broker
 * (RabbitMQ with its STOMP plugin) with Spring's user registry broadcast, so several
 * instances share their users' sessions: the events of a user's connection reach that
 * user's pages on every instance.
 * <p>
 * The endpoint keeps Spring's default origin check (same origin only); the handshake
 * needs a logged-in user and CONNECT needs the CSRF token (see {@link SecurityConfig}).
 * Ordered first, so that {@link StompRefusals} sees Spring Security's refusals.
 */
@Configuration(proxyBeanMethods = false)
@EnableWebSocketMessageBroker
@Order(Ordered.HIGHEST_PRECEDENCE)
class WebSocketConfig implements WebSocketMessageBrokerConfigurer {

	private final SampleProperties properties;

	private final StompRefusals refusals;

	WebSocketConfig(SampleProperties properties,
			@Qualifier("clientOutboundChannel") ObjectProvider<MessageChannel> clientOutboundChannel) {
		this.properties = properties;
		this.refusals = new StompRefusals(clientOutboundChannel);
	}

	@Override
	public void configureClientInboundChannel(ChannelRegistration registration) {
		registration.interceptors(this.refusals);
	}

	@Override
	public void registerStompEndpoints(StompEndpointRegistry registry) {
		registry.addEndpoint("/ws");
		registry.setPreserveReceiveOrder(true);
	}

	@Override
	public void configureMessageBroker(MessageBrokerRegistry registry) {
		registry.setApplicationDestinationPrefixes("/app");
		if (this.properties.broker() == SampleProperties.Broker.RELAY) {
			SampleProperties.Relay relay = this.properties.relay();
			registry.enableStompBrokerRelay("/queue", "/topic")
				.setRelayHost(relay.host())
				.setRelayPort(relay.port())
				.setSystemLogin(relay.login())
				.setSystemPasscode(relay.passcode())
				.setClientLogin(relay.login())
				.setClientPasscode(relay.passcode())
				// Spring sends host=<relay host> in CONNECT by default; RabbitMQ reads it
				// as the vhost.
				.setVirtualHost(relay.virtualHost())
				.setUserRegistryBroadcast("/topic/simp-user-registry")
				.setUserDestinationBroadcast("/topic/unresolved-user-destination");
		}
		else {
			registry.enableSimpleBroker("/queue", "/topic");
		}
		// Events of one connection reach the browser in the order Specter published them.
		registry.setPreservePublishOrder(true);
	}

}
