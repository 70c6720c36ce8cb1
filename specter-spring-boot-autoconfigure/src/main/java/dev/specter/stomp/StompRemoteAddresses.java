package dev.specter.stomp;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.messaging.Message;
import org.springframework.messaging.simp.SimpMessageHeaderAccessor;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.WebSocketMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.WebSocketHandlerDecorator;
import org.springframework.web.socket.handler.WebSocketHandlerDecoratorFactory;

/**
 * Records the remote IP address of each STOMP WebSocket in its session attributes (which
 * STOMP messages carry as {@code simpSessionAttributes}), so that signaling can bound
 * what one address holds, and refuses a WebSocket when its address already has the most
 * allowed open.
 * <p>
 * The address is the one the servlet container reports for the upgrade request.
 * Forwarding headers ({@code X-Forwarded-For}, {@code Forwarded}) count only when the
 * application enabled their handling ({@code server.forward-headers-strategy}); by
 * default they are not trusted. A refused WebSocket is closed with 1008 (policy
 * violation) before any STOMP frame is handled.
 */
public final class StompRemoteAddresses implements WebSocketHandlerDecoratorFactory {

	/** The session attribute holding the remote address, a {@link String}. */
	public static final String ATTRIBUTE = StompRemoteAddresses.class.getName() + ".address";

	private static final String COUNTED = StompRemoteAddresses.class.getName() + ".counted";

	private static final String REFUSED = StompRemoteAddresses.class.getName() + ".refused";

	private static final Log logger = LogFactory.getLog(StompRemoteAddresses.class);

	private static final long WARN_INTERVAL_NANOS = 60_000_000_000L;

	private final int maxSessionsPerAddress;

	private final Map<String, Integer> open = new ConcurrentHashMap<>();

	private final AtomicLong lastWarning = new AtomicLong(System.nanoTime() - WARN_INTERVAL_NANOS);

	/**
	 * Creates the decorator factory.
	 * @param maxSessionsPerAddress the most WebSockets one remote address may hold open
	 * at a time
	 */
	public StompRemoteAddresses(int maxSessionsPerAddress) {
		if (maxSessionsPerAddress < 1) {
			throw new IllegalArgumentException("maxSessionsPerAddress must be at least 1");
		}
		this.maxSessionsPerAddress = maxSessionsPerAddress;
	}

	/**
	 * Returns the remote address of the session that sent a STOMP message.
	 * @param message a message from the client inbound channel
	 * @return the address, or {@code null} if it was not recorded
	 */
	public static @Nullable String addressOf(Message<?> message) {
		Map<String, Object> attributes = SimpMessageHeaderAccessor.getSessionAttributes(message.getHeaders());
		return (attributes != null && attributes.get(ATTRIBUTE) instanceof String address) ? address : null;
	}

	/**
	 * Returns how many WebSockets an address holds open.
	 * @param address an IP address as recorded
	 * @return the count
	 */
	public int openSessions(String address) {
		return this.open.getOrDefault(address, 0);
	}

	@Override
	public WebSocketHandler decorate(WebSocketHandler handler) {
		return new WebSocketHandlerDecorator(handler) {

			@Override
			public void afterConnectionEstablished(WebSocketSession session) throws Exception {
				String address = address(session.getRemoteAddress());
				if (address != null) {
					if (!take(address)) {
						session.getAttributes().put(REFUSED, Boolean.TRUE);
						refuse(session, address);
						return;
					}
					session.getAttributes().put(ATTRIBUTE, address);
					session.getAttributes().put(COUNTED, Boolean.TRUE);
				}
				super.afterConnectionEstablished(session);
			}

			@Override
			public void handleMessage(WebSocketSession session, WebSocketMessage<?> message) throws Exception {
				if (!session.getAttributes().containsKey(REFUSED)) {
					super.handleMessage(session, message);
				}
			}

			@Override
			public void afterConnectionClosed(WebSocketSession session, CloseStatus closeStatus) throws Exception {
				if (session.getAttributes().containsKey(REFUSED)) {
					// never handed to STOMP
					return;
				}
				if (session.getAttributes().remove(COUNTED) != null
						&& session.getAttributes().get(ATTRIBUTE) instanceof String address) {
					release(address);
				}
				super.afterConnectionClosed(session, closeStatus);
			}

		};
	}

	private boolean take(String address) {
		boolean[] taken = new boolean[1];
		this.open.compute(address, (key, count) -> {
			int current = (count != null) ? count : 0;
			taken[0] = current < this.maxSessionsPerAddress;
			return taken[0] ? current + 1 : count;
		});
		return taken[0];
	}

	private void release(String address) {
		this.open.computeIfPresent(address, (key, count) -> (count > 1) ? count - 1 : null);
	}

	private void refuse(WebSocketSession session, String address) {
		String reason = "too many WebSockets from one address (specter.stomp.signaling.max-sessions-per-address)";
		long now = System.nanoTime();
		long last = this.lastWarning.get();
		if (now - last >= WARN_INTERVAL_NANOS && this.lastWarning.compareAndSet(last, now)) {
			logger.warn("Refused a WebSocket from " + address + ": it already holds " + this.maxSessionsPerAddress
					+ " (specter.stomp.signaling.max-sessions-per-address;"
					+ " further refusals are logged at DEBUG for a minute)");
		}
		else if (logger.isDebugEnabled()) {
			logger.debug("Refused a WebSocket from " + address + ": " + reason);
		}
		try {
			session.close(CloseStatus.POLICY_VIOLATION.withReason(reason));
		}
		catch (Exception ex) {
			logger.debug("Closing a refused WebSocket failed", ex);
		}
	}

	private static @Nullable String address(@Nullable InetSocketAddress remote) {
		if (remote == null) {
			return null;
		}
		InetAddress address = remote.getAddress();
		return (address != null) ? address.getHostAddress() : remote.getHostString();
	}

}
