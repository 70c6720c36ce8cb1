package dev.specter.stomp;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.simp.SimpMessageHeaderAccessor;
import org.springframework.messaging.simp.SimpMessageType;
import org.springframework.messaging.support.ChannelInterceptor;
import org.springframework.messaging.support.NativeMessageHeaderAccessor;
import org.springframework.util.function.SingletonSupplier;

/**
 * Keeps STOMP clients away from destinations they must not read or write, on the client
 * inbound channel (the auto-configuration registers it as the first interceptor).
 * Subscriptions are denied by default: a SUBSCRIBE frame passes only if its destination
 * is a plain one that {@link StompDestinationRules} allows or a
 * {@link StompSubscriptionPolicy} bean allows. A SEND frame is refused when it targets a
 * destination that only Specter or Spring write to (see
 * {@link StompDestinationRules#sendRefusal}). A SUBSCRIBE carrying broker-specific
 * headers that would bind or consume another queue ({@code x-queue-name} and other
 * {@code x-} headers, {@code durable}, {@code auto-delete}, {@code exclusive}) or more
 * than one destination header is refused too.
 * <p>
 * A refused frame is dropped and the client gets a
 * {@code {"type":"Error","command","code":"FORBIDDEN","message"}} message on its own
 * {@code /user/queue/specter}; its session stays open.
 */
public final class StompDestinationGuard implements ChannelInterceptor {

	private static final Log logger = LogFactory.getLog(StompDestinationGuard.class);

	private static final Set<String> BROKER_SUBSCRIBE_HEADERS = Set.of("durable", "auto-delete", "exclusive",
			"persistent");

	private static final int MAX_ECHOED_LENGTH = 120;

	private final Supplier<StompDestinationRules> rules;

	private final ObjectProvider<StompSubscriptionPolicy> policies;

	private final ObjectProvider<SpecterStompTemplate> template;

	/**
	 * Creates the guard.
	 * @param rules the rules (asked for once, on the first frame: the guard is created
	 * while the broker configuration is, before the user prefix and broadcast
	 * destinations are known)
	 * @param policies the application's subscription policies
	 * @param template sends the error message (looked up lazily, as the rules)
	 */
	public StompDestinationGuard(Supplier<StompDestinationRules> rules,
			ObjectProvider<StompSubscriptionPolicy> policies, ObjectProvider<SpecterStompTemplate> template) {
		this.rules = SingletonSupplier.of(rules);
		this.policies = policies;
		this.template = template;
	}

	@Override
	public @Nullable Message<?> preSend(Message<?> message, MessageChannel channel) {
		SimpMessageType type = SimpMessageHeaderAccessor.getMessageType(message.getHeaders());
		if (type != SimpMessageType.SUBSCRIBE && type != SimpMessageType.MESSAGE) {
			return message;
		}
		String destination = SimpMessageHeaderAccessor.getDestination(message.getHeaders());
		String refusal = (type == SimpMessageType.SUBSCRIBE) ? subscribeRefusal(destination, message)
				: this.rules.get().sendRefusal(destination);
		if (refusal == null) {
			return message;
		}
		refuse(type, destination, refusal, message);
		return null;
	}

	private @Nullable String subscribeRefusal(@Nullable String destination, Message<?> message) {
		String refusal = headerRefusal(message);
		if (refusal != null) {
			return refusal;
		}
		StompDestinationRules rules = this.rules.get();
		refusal = rules.subscribeRefusal(destination);
		if (refusal != null || destination == null) {
			return refusal;
		}
		if (rules.isAllowedSubscription(destination)) {
			return null;
		}
		for (StompSubscriptionPolicy policy : this.policies.orderedStream().toList()) {
			if (policy.allows(destination, message)) {
				return null;
			}
		}
		return "the destination is not allowed (specter.stomp.security.allowed-subscriptions)";
	}

	private static @Nullable String headerRefusal(Message<?> message) {
		@SuppressWarnings("unchecked")
		Map<String, List<String>> headers = (Map<String, List<String>>) message.getHeaders()
			.get(NativeMessageHeaderAccessor.NATIVE_HEADERS);
		if (headers == null) {
			return null;
		}
		for (Map.Entry<String, List<String>> header : headers.entrySet()) {
			String name = header.getKey().toLowerCase(Locale.ROOT);
			if (name.startsWith("x-") || BROKER_SUBSCRIBE_HEADERS.contains(name)) {
				return "the broker header '" + abbreviate(header.getKey()) + "' is not allowed";
			}
			if (name.equals("destination") && header.getValue() != null && header.getValue().size() > 1) {
				return "only one destination header is allowed";
			}
		}
		return null;
	}

	private void refuse(SimpMessageType type, @Nullable String destination, String refusal, Message<?> message) {
		String command = (type == SimpMessageType.SUBSCRIBE) ? "subscribe" : "send";
		String sessionId = SimpMessageHeaderAccessor.getSessionId(message.getHeaders());
		if (logger.isDebugEnabled()) {
			logger.debug("Refused STOMP " + command + " of session " + sessionId + " to "
					+ abbreviate(String.valueOf(destination)) + ": " + refusal);
		}
		SpecterStompTemplate sender = this.template.getIfAvailable();
		if (sessionId == null || sender == null) {
			return;
		}
		ObjectNode error = JsonNodeFactory.instance.objectNode();
		error.put("type", "Error");
		error.put("command", command);
		error.put("code", "FORBIDDEN");
		error.put("message", command + " to " + abbreviate(String.valueOf(destination)) + " refused: " + refusal);
		try {
			sender.sendToSession(sessionId, error);
		}
		catch (RuntimeException ex) {
			logger.debug("Could not tell session " + sessionId + " about a refused " + command, ex);
		}
	}

	private static String abbreviate(String text) {
		return (text.length() <= MAX_ECHOED_LENGTH) ? text : text.substring(0, MAX_ECHOED_LENGTH) + "...";
	}

}
