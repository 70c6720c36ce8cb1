package dev.specter.stomp;

import org.springframework.core.Ordered;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.config.annotation.StompEndpointRegistry;
import org.springframework.web.socket.config.annotation.WebSocketMessageBrokerConfigurer;
import org.springframework.web.socket.config.annotation.WebSocketTransportRegistration;
import org.springframework.web.socket.handler.WebSocketHandlerDecorator;

/**
 * Sizes the STOMP-over-WebSocket transport for signaling: an offer with hundreds of
 * m-lines is larger than what the defaults accept. Without it, a text message larger than
 * the servlet container's WebSocket buffer (Tomcat: 8 KB unless the application sized it)
 * ends the session with close code 1009, without a STOMP ERROR frame or a log line.
 * <p>
 * It lets the container hand over a large message in parts (Spring's STOMP decoder
 * assembles the frames of a session from them anyway), so that the limit is Spring's
 * STOMP message size limit, set to {@code maxFrameSize}; the send buffer of each session
 * is raised to four frames so that an answer and the events that carry the same SDP can
 * be queued. A larger frame gets a STOMP ERROR frame whose {@code message} header starts
 * with {@code LIMIT_EXCEEDED} and whose body is Specter's JSON {@code Error} with code
 * {@code LIMIT_EXCEEDED} (see {@link StompFrameErrorHandler}); Spring then closes that
 * session (STOMP cannot resynchronize after a partly read frame) and logs the failure.
 * <p>
 * It runs before the application's own configurers: limits, decorators and an error
 * handler the application sets in its {@code WebSocketMessageBrokerConfigurer} replace
 * these.
 */
public final class StompFrameLimits implements WebSocketMessageBrokerConfigurer, Ordered {

	private static final int DEFAULT_SEND_BUFFER_SIZE_LIMIT = 512 * 1024;

	private final int maxFrameSize;

	/**
	 * Creates the configurer.
	 * @param maxFrameSize the largest STOMP frame a client may send, in bytes
	 */
	public StompFrameLimits(int maxFrameSize) {
		this.maxFrameSize = maxFrameSize;
	}

	/**
	 * Returns the largest STOMP frame a client may send.
	 * @return the size in bytes
	 */
	public int maxFrameSize() {
		return this.maxFrameSize;
	}

	@Override
	public void configureWebSocketTransport(WebSocketTransportRegistration registration) {
		registration.setMessageSizeLimit(this.maxFrameSize);
		long sendBuffer = Math.max(DEFAULT_SEND_BUFFER_SIZE_LIMIT, 4L * this.maxFrameSize);
		registration.setSendBufferSizeLimit((int) Math.min(Integer.MAX_VALUE, sendBuffer));
		registration.addDecoratorFactory(PartialMessages::new);
	}

	@Override
	public void registerStompEndpoints(StompEndpointRegistry registry) {
		registry.setErrorHandler(new StompFrameErrorHandler(this.maxFrameSize));
	}

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE;
	}

	/**
	 * Lets the container deliver a large text or binary message in parts instead of
	 * closing the session; {@code StompSubProtocolHandler} buffers them per session and
	 * enforces its limit.
	 */
	private static final class PartialMessages extends WebSocketHandlerDecorator {

		PartialMessages(WebSocketHandler delegate) {
			super(delegate);
		}

		@Override
		public boolean supportsPartialMessages() {
			return true;
		}

	}

}
