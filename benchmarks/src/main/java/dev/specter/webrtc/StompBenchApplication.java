package dev.specter.webrtc;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.messaging.simp.config.MessageBrokerRegistry;
import org.springframework.web.socket.config.annotation.EnableWebSocketMessageBroker;
import org.springframework.web.socket.config.annotation.StompEndpointRegistry;
import org.springframework.web.socket.config.annotation.WebSocketMessageBrokerConfigurer;
import org.springframework.web.socket.config.annotation.WebSocketTransportRegistration;

/**
 * A WebSocket application with Spring's simple STOMP broker, as the STOMP relay
 * documentation sets it up, plus the dispatch probe (so that the event source is the same
 * as in the dispatch benchmark). Listens on the loopback only.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@EnableWebSocketMessageBroker
public class StompBenchApplication implements WebSocketMessageBrokerConfigurer {

	@Bean
	DispatchProbe dispatchProbe() {
		return new DispatchProbe();
	}

	@Override
	public void registerStompEndpoints(StompEndpointRegistry registry) {
		registry.addEndpoint("/ws");
	}

	@Override
	public void configureMessageBroker(MessageBrokerRegistry registry) {
		registry.setApplicationDestinationPrefixes("/app");
		registry.setPreservePublishOrder(true);
		registry.enableSimpleBroker("/topic", "/queue");
	}

	@Override
	public void configureWebSocketTransport(WebSocketTransportRegistration registration) {
		// a fast producer must not get the subscriber's session closed for a full send
		// buffer
		registration.setSendBufferSizeLimit(256 * 1024 * 1024).setSendTimeLimit(60_000);
	}

}
