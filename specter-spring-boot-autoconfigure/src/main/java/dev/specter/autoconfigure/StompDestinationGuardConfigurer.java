package dev.specter.autoconfigure;

import java.util.ArrayList;
import java.util.List;

import dev.specter.stomp.SpecterStompTemplate;
import dev.specter.stomp.StompDestinationGuard;
import dev.specter.stomp.StompDestinationRules;
import dev.specter.stomp.StompSubscriptionPolicy;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.core.Ordered;
import org.springframework.messaging.simp.SimpMessagingTemplate;
import org.springframework.messaging.simp.config.ChannelRegistration;
import org.springframework.messaging.simp.user.UserDestinationMessageHandler;
import org.springframework.messaging.simp.user.UserRegistryMessageHandler;
import org.springframework.web.socket.config.annotation.WebSocketMessageBrokerConfigurer;

/**
 * Registers the {@link StompDestinationGuard} on the client inbound channel, before the
 * interceptors of the application's configurers (it runs first). The guard's rules are
 * built on the first frame: the user destination prefix and the broadcast destinations of
 * the broker configuration are known only once that configuration exists.
 */
final class StompDestinationGuardConfigurer implements WebSocketMessageBrokerConfigurer, Ordered {

	private final BeanFactory beanFactory;

	StompDestinationGuardConfigurer(BeanFactory beanFactory) {
		this.beanFactory = beanFactory;
	}

	@Override
	public void configureClientInboundChannel(ChannelRegistration registration) {
		registration.interceptors(
				new StompDestinationGuard(this::rules, this.beanFactory.getBeanProvider(StompSubscriptionPolicy.class),
						this.beanFactory.getBeanProvider(SpecterStompTemplate.class)));
	}

	private StompDestinationRules rules() {
		SpecterStompProperties stomp = this.beanFactory.getBean(SpecterStompProperties.class);
		List<String> reserved = new ArrayList<>();
		this.beanFactory.getBeanProvider(UserDestinationMessageHandler.class)
			.orderedStream()
			.forEach((handler) -> reserved.add(handler.getBroadcastDestination()));
		this.beanFactory.getBeanProvider(UserRegistryMessageHandler.class)
			.orderedStream()
			.forEach((handler) -> reserved.add(handler.getBroadcastDestination()));
		SimpMessagingTemplate template = this.beanFactory.getBeanProvider(SimpMessagingTemplate.class).getIfAvailable();
		String userPrefix = (template != null) ? template.getUserDestinationPrefix() : "/user/";
		return new StompDestinationRules(userPrefix, SpecterStompAutoConfiguration.userDestination(stomp),
				SpecterStompAutoConfiguration.publicTopicPrefix(stomp), stomp.getSecurity().getAllowedSubscriptions(),
				reserved);
	}

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE;
	}

}
