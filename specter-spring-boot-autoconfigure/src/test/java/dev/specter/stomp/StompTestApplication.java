package dev.specter.stomp;

import java.security.Principal;

import dev.specter.test.EventRecorder;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.simp.config.ChannelRegistration;
import org.springframework.messaging.simp.config.MessageBrokerRegistry;
import org.springframework.messaging.simp.stomp.StompCommand;
import org.springframework.messaging.simp.stomp.StompHeaderAccessor;
import org.springframework.messaging.support.ChannelInterceptor;
import org.springframework.messaging.support.MessageHeaderAccessor;
import org.springframework.util.StringUtils;
import org.springframework.web.socket.config.annotation.EnableWebSocketMessageBroker;
import org.springframework.web.socket.config.annotation.StompEndpointRegistry;
import org.springframework.web.socket.config.annotation.WebSocketMessageBrokerConfigurer;

/**
 * A STOMP-over-WebSocket application for the relay's integration tests. With
 * {@code test.broker-relay-port} set it relays to an external STOMP broker (with Spring's
 * user registry and unresolved-user broadcasts, as a multi-instance deployment; with
 * {@code test.broker-rabbitmq=true} exactly as docs/stomp.md configures RabbitMQ), else
 * it uses the simple broker. A CONNECT frame's {@code login} header becomes the session's
 * user: a stand-in for real authentication.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@EnableWebSocketMessageBroker
public class StompTestApplication implements WebSocketMessageBrokerConfigurer {

	private final int brokerRelayPort;

	private final boolean rabbitMq;

	StompTestApplication(@Value("${test.broker-relay-port:0}") int brokerRelayPort,
			@Value("${test.broker-rabbitmq:false}") boolean rabbitMq) {
		this.brokerRelayPort = brokerRelayPort;
		this.rabbitMq = rabbitMq;
	}

	@Bean
	EventRecorder eventRecorder() {
		return new EventRecorder();
	}

	@Override
	public void registerStompEndpoints(StompEndpointRegistry registry) {
		registry.addEndpoint("/ws");
		registry.setPreserveReceiveOrder(true);
	}

	@Override
	public void configureMessageBroker(MessageBrokerRegistry registry) {
		registry.setApplicationDestinationPrefixes("/app");
		registry.setPreservePublishOrder(true);
		if (this.brokerRelayPort > 0 && this.rabbitMq) {
			// docs/stomp.md's RabbitMQ snippet as written, with the test node's host and
			// port
			// (StompRabbitMqIT checks that the document still says this).
			registry.enableStompBrokerRelay("/topic", "/queue")
				.setRelayHost("127.0.0.1")
				.setRelayPort(this.brokerRelayPort)
				.setVirtualHost("/")
				.setUserRegistryBroadcast("/topic/simp-user-registry")
				.setUserDestinationBroadcast("/topic/unresolved-user-destination");
		}
		else if (this.brokerRelayPort > 0) {
			registry.enableStompBrokerRelay("/topic", "/queue")
				.setRelayHost("127.0.0.1")
				.setRelayPort(this.brokerRelayPort)
				.setSystemHeartbeatSendInterval(5000)
				.setSystemHeartbeatReceiveInterval(5000)
				.setUserRegistryBroadcast("/topic/simp-user-registry")
				.setUserDestinationBroadcast("/topic/unresolved-user-destination");
		}
		else {
			registry.enableSimpleBroker("/topic", "/queue");
		}
	}

	@Override
	public void configureClientInboundChannel(ChannelRegistration registration) {
		registration.interceptors(new ChannelInterceptor() {

			@Override
			public Message<?> preSend(Message<?> message, MessageChannel channel) {
				StompHeaderAccessor accessor = MessageHeaderAccessor.getAccessor(message, StompHeaderAccessor.class);
				if (accessor != null && StompCommand.CONNECT.equals(accessor.getCommand())) {
					String login = accessor.getLogin();
					if (StringUtils.hasText(login)) {
						accessor.setUser(new TestUser(login));
					}
				}
				return message;
			}

		});
	}

	record TestUser(String getName) implements Principal {
	}

}
