package dev.specter.stomp;

import dev.specter.json.SpecterJson;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

import org.springframework.messaging.Message;
import org.springframework.messaging.simp.SimpMessageHeaderAccessor;
import org.springframework.messaging.simp.SimpMessageType;
import org.springframework.messaging.simp.SimpMessagingTemplate;
import org.springframework.messaging.simp.user.SimpSession;
import org.springframework.messaging.simp.user.SimpUser;
import org.springframework.messaging.simp.user.SimpUserRegistry;
import org.springframework.messaging.support.MessageBuilder;
import org.springframework.util.MimeTypeUtils;
import org.springframework.util.StringUtils;

/**
 * Sends Specter's JSON messages ({@code application/json}) to STOMP clients: to an owner
 * (every session of an authenticated user, or the one anonymous session), to one session,
 * or to a broker destination. Works the same with the simple broker and with a broker
 * relay; with a relay and Spring's user registry broadcast, a user's sessions on other
 * instances are reached too.
 * <p>
 * A user's sessions, local or on other instances, are looked up in the
 * {@link SimpUserRegistry} and each gets its own message on the broker destination
 * Spring's default {@code UserDestinationResolver} subscribes that session to
 * ({@code /queue/specter-user<session id>}), sent without a session header so that a
 * broker relay forwards it over its system connection: a session of another instance has
 * no connection on this one. Specter does not let Spring fan a {@code /user/<name>/...}
 * message out itself, because Spring Framework 7.0.8 fails on the second session of a
 * user when the application preserves receive order.
 */
public final class SpecterStompTemplate {

	private final SimpMessagingTemplate template;

	private final SimpUserRegistry userRegistry;

	private final String userDestination;

	/**
	 * Creates the template.
	 * @param template the application's broker messaging template
	 * @param userRegistry the application's user registry (with a broker relay and a user
	 * registry broadcast, it knows the sessions of other instances too)
	 * @param userDestination the destination below the user prefix, such as
	 * {@code /queue/specter}
	 */
	public SpecterStompTemplate(SimpMessagingTemplate template, SimpUserRegistry userRegistry, String userDestination) {
		this.template = template;
		this.userRegistry = userRegistry;
		this.userDestination = userDestination.startsWith("/") ? userDestination : "/" + userDestination;
	}

	/**
	 * Returns the destination below the user prefix that clients subscribe to.
	 * @return for example {@code /queue/specter}
	 */
	public String userDestination() {
		return this.userDestination;
	}

	/**
	 * Sends to an owner: every session of its user if authenticated, else its session.
	 * @param owner the owner
	 * @param payload the JSON message
	 */
	public void sendToOwner(StompOwner owner, JsonNode payload) {
		String user = owner.user();
		SimpUser simpUser = (user != null) ? this.userRegistry.getUser(user) : null;
		if (simpUser == null || simpUser.getSessions().isEmpty()) {
			sendToSession(owner.sessionId(), payload);
			return;
		}
		for (SimpSession session : simpUser.getSessions()) {
			send(this.userDestination + "-user" + session.getId(), null, payload);
		}
	}

	/**
	 * Sends to one STOMP session only (replies to signaling, errors).
	 * @param sessionId the session id
	 * @param payload the JSON message
	 */
	public void sendToSession(String sessionId, JsonNode payload) {
		send(userPrefixed(sessionId), sessionId, payload);
	}

	/**
	 * Sends to a broker destination, such as a topic.
	 * @param destination the destination
	 * @param payload the JSON message
	 */
	public void sendToDestination(String destination, JsonNode payload) {
		send(destination, null, payload);
	}

	private String userPrefixed(String userOrSession) {
		String prefix = this.template.getUserDestinationPrefix();
		return prefix + StringUtils.replace(userOrSession, "/", "%2F") + this.userDestination;
	}

	private void send(String destination, @Nullable String sessionId, JsonNode payload) {
		SimpMessageHeaderAccessor accessor = SimpMessageHeaderAccessor.create(SimpMessageType.MESSAGE);
		accessor.setContentType(MimeTypeUtils.APPLICATION_JSON);
		if (sessionId != null) {
			accessor.setSessionId(sessionId);
		}
		accessor.setLeaveMutable(true);
		Message<byte[]> message = MessageBuilder.createMessage(SpecterJson.mapper().writeValueAsBytes(payload),
				accessor.getMessageHeaders());
		this.template.send(destination, message);
	}

}
