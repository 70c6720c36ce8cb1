package dev.specter.sample;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.simp.SimpMessageHeaderAccessor;
import org.springframework.messaging.simp.SimpMessageType;
import org.springframework.messaging.simp.stomp.StompCommand;
import org.springframework.messaging.simp.stomp.StompHeaderAccessor;
import org.springframework.messaging.support.ChannelInterceptor;
import org.springframework.messaging.support.MessageBuilder;

/**
 * Makes a refused STOMP frame end its session, and drops every frame of a session whose
 * CONNECT was not accepted.
 * <p>
 * With {@code setPreserveReceiveOrder(true)} (which Specter's signaling wants: a
 * candidate must not overtake its offer) Spring hands each client frame to the inbound
 * channel through an ordering decorator that only logs an exception thrown by a channel
 * interceptor: a CONNECT that Spring Security refuses (no CSRF token) gets no ERROR
 * frame, the WebSocket stays open, and the frames that follow (SUBSCRIBE, SEND) would
 * still be processed as the handshake's user. This interceptor, registered before Spring
 * Security's, sees the refusal in {@link #afterSendCompletion} and answers with a STOMP
 * ERROR, which makes Spring close the WebSocket; until a CONNECT has been accepted, a
 * session's other frames are dropped.
 */
final class StompRefusals implements ChannelInterceptor {

	private static final Log logger = LogFactory.getLog(StompRefusals.class);

	private final ObjectProvider<MessageChannel> clientOutboundChannel;

	private final Set<String> connected = ConcurrentHashMap.newKeySet();

	/**
	 * @param clientOutboundChannel the channel to the clients (looked up when first
	 * needed: the interceptor is created while the channels are configured)
	 */
	StompRefusals(ObjectProvider<MessageChannel> clientOutboundChannel) {
		this.clientOutboundChannel = clientOutboundChannel;
	}

	@Override
	public @Nullable Message<?> preSend(Message<?> message, MessageChannel channel) {
		SimpMessageType type = SimpMessageHeaderAccessor.getMessageType(message.getHeaders());
		String session = SimpMessageHeaderAccessor.getSessionId(message.getHeaders());
		if (session == null || type == SimpMessageType.CONNECT || type == SimpMessageType.DISCONNECT
				|| type == SimpMessageType.HEARTBEAT || this.connected.contains(session)) {
			return message;
		}
		logger.debug("Dropped " + type + " of STOMP session " + session + ": it is not connected");
		return null;
	}

	@Override
	public void afterSendCompletion(Message<?> message, MessageChannel channel, boolean sent, @Nullable Exception ex) {
		SimpMessageType type = SimpMessageHeaderAccessor.getMessageType(message.getHeaders());
		String session = SimpMessageHeaderAccessor.getSessionId(message.getHeaders());
		if (session == null) {
			return;
		}
		if (type == SimpMessageType.DISCONNECT) {
			this.connected.remove(session);
		}
		else if (ex != null) {
			this.connected.remove(session);
			refuse(session, type, ex);
		}
		else if (type == SimpMessageType.CONNECT) {
			this.connected.add(session);
		}
	}

	private void refuse(String session, @Nullable SimpMessageType type, Exception ex) {
		logger.info("Refused " + type + " of STOMP session " + session + ": " + ex.getMessage());
		StompHeaderAccessor error = StompHeaderAccessor.create(StompCommand.ERROR);
		error.setSessionId(session);
		error.setMessage((type != null ? type.name() : "frame") + " refused");
		error.setLeaveMutable(true);
		this.clientOutboundChannel.getObject()
			.send(MessageBuilder.createMessage(new byte[0], error.getMessageHeaders()));
	}

}
