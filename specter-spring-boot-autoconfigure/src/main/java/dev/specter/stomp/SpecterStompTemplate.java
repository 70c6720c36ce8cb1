package dev.specter.stomp;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.messaging.Message;
import org.springframework.messaging.simp.SimpMessageHeaderAccessor;
import org.springframework.messaging.simp.SimpMessageType;
import org.springframework.messaging.simp.SimpMessagingTemplate;
import org.springframework.messaging.support.MessageBuilder;
import org.springframework.util.MimeTypeUtils;
import org.springframework.util.StringUtils;

/**
 * Sends Specter's JSON messages ({@code application/json}) to STOMP clients: to an owner (every
 * session of an authenticated user, or the one anonymous session), to one session, or to a
 * broker destination. Works the same with the simple broker and with a broker relay; with a
 * relay and Spring's user registry broadcast, a user's sessions on other instances are reached
 * too.
 */
public final class SpecterStompTemplate {

	private static final JsonMapper MAPPER = JsonMapper.builder().build();

	private final SimpMessagingTemplate template;

	private final String userDestination;

	/**
	 * Creates the template.
	 * @param template the application's broker messaging template
	 * @param userDestination the destination below the user prefix, such as {@code /queue/specter}
	 */
	public SpecterStompTemplate(SimpMessagingTemplate template, String userDestination) {
		this.template = template;
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
		if (user != null) {
			send(userPrefixed(user), null, payload);
		}
		else {
			sendToSession(owner.sessionId(), payload);
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
		Message<byte[]> message = MessageBuilder.createMessage(MAPPER.writeValueAsBytes(payload),
				accessor.getMessageHeaders());
		this.template.send(destination, message);
	}

}
