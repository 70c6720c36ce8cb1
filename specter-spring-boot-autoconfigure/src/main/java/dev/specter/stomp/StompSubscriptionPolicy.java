package dev.specter.stomp;

import org.springframework.messaging.Message;

/**
 * Lets an application allow STOMP subscriptions that
 * {@code specter.stomp.security.allowed-subscriptions} does not list, such as a topic per
 * chat room that only the room's members may read. Declare one or more beans;
 * {@link StompDestinationGuard} asks them, in order, only for a plain destination that no
 * allowed pattern matches, and lets the subscription through if one of them allows it.
 * Patterns, wildcards, per-session destinations and the user registry broadcasts are
 * refused before any policy is asked, so a policy cannot open them.
 */
@FunctionalInterface
public interface StompSubscriptionPolicy {

	/**
	 * Returns whether the client that sent the SUBSCRIBE frame may subscribe to the
	 * destination.
	 * @param destination the plain destination, such as {@code /topic/room.42}
	 * @param message the SUBSCRIBE message (its headers hold the session id and the user,
	 * see {@link org.springframework.messaging.simp.SimpMessageHeaderAccessor})
	 * @return {@code true} to allow the subscription
	 */
	boolean allows(String destination, Message<?> message);

}
