package dev.specter.stomp;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.simp.SimpMessageHeaderAccessor;
import org.springframework.messaging.simp.SimpMessageType;
import org.springframework.messaging.support.ChannelInterceptor;

/**
 * Keeps clients away from the destinations Specter writes to, on the client inbound channel.
 * Spring resolves {@code /user/queue/specter} to a per-session broker destination
 * ({@code /queue/specter-user<session id>}); a client that subscribes or sends to such a
 * destination directly would read or forge another session's events, so the frame is dropped
 * and the client gets an {@code Error} message (its session stays open). Sending to the public
 * per-connection topic is refused the same way; subscribing to it is allowed.
 */
public final class StompDestinationGuard implements ChannelInterceptor {

	private final String resolvedUserDestinationPrefix;

	private final @Nullable String publicTopicPrefix;

	private final ObjectProvider<SpecterStompTemplate> template;

	/**
	 * Creates the guard.
	 * @param userDestination the user destination, such as {@code /queue/specter}
	 * @param publicTopicPrefix the public topic prefix, or {@code null} if there is none
	 * @param template sends the error message (looked up lazily: the guard is created while the
	 * broker configuration is)
	 */
	public StompDestinationGuard(String userDestination, @Nullable String publicTopicPrefix,
			ObjectProvider<SpecterStompTemplate> template) {
		this.resolvedUserDestinationPrefix = (userDestination.startsWith("/") ? userDestination : "/" + userDestination)
				+ "-user";
		this.publicTopicPrefix = publicTopicPrefix;
		this.template = template;
	}

	@Override
	public @Nullable Message<?> preSend(Message<?> message, MessageChannel channel) {
		SimpMessageType type = SimpMessageHeaderAccessor.getMessageType(message.getHeaders());
		String destination = SimpMessageHeaderAccessor.getDestination(message.getHeaders());
		if (destination == null || (type != SimpMessageType.SUBSCRIBE && type != SimpMessageType.MESSAGE)) {
			return message;
		}
		boolean forbidden = destination.startsWith(this.resolvedUserDestinationPrefix)
				|| (type == SimpMessageType.MESSAGE && this.publicTopicPrefix != null
						&& destination.startsWith(this.publicTopicPrefix));
		if (!forbidden) {
			return message;
		}
		String sessionId = SimpMessageHeaderAccessor.getSessionId(message.getHeaders());
		SpecterStompTemplate sender = this.template.getIfAvailable();
		if (sessionId != null && sender != null) {
			ObjectNode error = JsonNodeFactory.instance.objectNode();
			error.put("type", "Error");
			error.put("command", (type == SimpMessageType.SUBSCRIBE) ? "subscribe" : "send");
			error.put("code", "FORBIDDEN");
			error.put("message", "destination " + destination + " is reserved for Specter; subscribe to /user"
					+ sender.userDestination() + " instead");
			sender.sendToSession(sessionId, error);
		}
		return null;
	}

}
