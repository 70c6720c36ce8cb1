package dev.specter.stomp;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.specter.json.SpecterJson;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.messaging.Message;
import org.springframework.messaging.simp.stomp.StompCommand;
import org.springframework.messaging.simp.stomp.StompConversionException;
import org.springframework.messaging.simp.stomp.StompHeaderAccessor;
import org.springframework.messaging.support.MessageBuilder;
import org.springframework.util.MimeTypeUtils;
import org.springframework.util.unit.DataSize;
import org.springframework.web.socket.messaging.StompSubProtocolErrorHandler;

/**
 * Turns a STOMP frame larger than the STOMP message size limit
 * ({@code specter.stomp.max-frame-size}, unless the application set its own) into a typed
 * error: a STOMP ERROR frame with {@code message: LIMIT_EXCEEDED: ...} and Specter's JSON
 * {@code Error} ({@code code} {@code LIMIT_EXCEEDED}) as its body, and a warning in the
 * log. Other errors get Spring's default ERROR frame.
 */
final class StompFrameErrorHandler extends StompSubProtocolErrorHandler {

	private static final Log logger = LogFactory.getLog(StompFrameErrorHandler.class);

	/**
	 * The limit in Spring's messages: "limit of N bytes" or "exceeds configured buffer
	 * size limit N".
	 */
	private static final Pattern LIMIT = Pattern.compile("limit (?:of )?(\\d+)");

	private final int maxFrameSize;

	StompFrameErrorHandler(int maxFrameSize) {
		this.maxFrameSize = maxFrameSize;
	}

	@Override
	public @Nullable Message<byte[]> handleClientMessageProcessingError(@Nullable Message<byte[]> clientMessage,
			Throwable ex) {
		String exceeded = frameTooLarge(ex);
		if (exceeded == null) {
			return super.handleClientMessageProcessingError(clientMessage, ex);
		}
		Matcher limit = LIMIT.matcher(exceeded);
		long bytes = limit.find() ? Long.parseLong(limit.group(1)) : this.maxFrameSize;
		String setting = (bytes == this.maxFrameSize) ? "specter.stomp.max-frame-size"
				: "the application's WebSocket transport message size limit";
		String text = "the STOMP frame is larger than " + DataSize.ofBytes(bytes).toKilobytes() + "KB (" + setting
				+ ")";
		logger.warn("Refused a STOMP frame: " + text + "; closing the session");
		ObjectNode error = JsonNodeFactory.instance.objectNode();
		error.put("type", "Error");
		error.put("command", "frame");
		error.put("code", "LIMIT_EXCEEDED");
		error.put("message", text);
		StompHeaderAccessor accessor = StompHeaderAccessor.create(StompCommand.ERROR);
		accessor.setMessage("LIMIT_EXCEEDED: " + text);
		accessor.setContentType(MimeTypeUtils.APPLICATION_JSON);
		accessor.setLeaveMutable(true);
		return MessageBuilder.createMessage(SpecterJson.mapper().writeValueAsBytes(error),
				accessor.getMessageHeaders());
	}

	private static @Nullable String frameTooLarge(Throwable ex) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof StompConversionException && cause.getMessage() != null
					&& cause.getMessage().contains("buffer size limit")) {
				return cause.getMessage();
			}
		}
		return null;
	}

}
