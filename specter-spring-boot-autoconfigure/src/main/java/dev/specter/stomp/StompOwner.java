package dev.specter.stomp;

import java.security.Principal;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

import org.springframework.messaging.Message;
import org.springframework.messaging.simp.SimpMessageHeaderAccessor;

/**
 * The STOMP party that owns a peer connection: the authenticated user of a session, or
 * the session itself when it is anonymous. Events of the connection go to the owner only,
 * and only the owner may act on it.
 *
 * @param sessionId the STOMP session that created or claimed the connection
 * @param user the authenticated user's principal name, or {@code null} for an anonymous
 * session
 * @param address the remote IP address of the session's WebSocket, as
 * {@link StompRemoteAddresses} recorded it, or {@code null} if unknown
 */
public record StompOwner(String sessionId, @Nullable String user, @Nullable String address) {

	/**
	 * Validates the components.
	 * @param sessionId the STOMP session id
	 * @param user the principal name, or {@code null}
	 * @param address the remote address, or {@code null}
	 */
	public StompOwner {
		Objects.requireNonNull(sessionId, "sessionId must not be null");
	}

	/**
	 * Creates an owner whose remote address is unknown.
	 * @param sessionId the STOMP session id
	 * @param user the principal name, or {@code null}
	 */
	public StompOwner(String sessionId, @Nullable String user) {
		this(sessionId, user, null);
	}

	/**
	 * Returns the sender of an inbound STOMP message.
	 * @param message a message from the client inbound channel
	 * @return its sender
	 * @throws IllegalArgumentException if the message carries no session id
	 */
	public static StompOwner of(Message<?> message) {
		String sessionId = SimpMessageHeaderAccessor.getSessionId(message.getHeaders());
		if (sessionId == null) {
			throw new IllegalArgumentException("message has no STOMP session id");
		}
		Principal user = SimpMessageHeaderAccessor.getUser(message.getHeaders());
		return new StompOwner(sessionId, (user != null) ? user.getName() : null,
				StompRemoteAddresses.addressOf(message));
	}

	/**
	 * Whether this owner is authenticated (events then go to every session of the user).
	 * @return {@code true} if there is a user
	 */
	public boolean isAuthenticated() {
		return this.user != null;
	}

	/**
	 * Whether a caller may act for this owner: the same user if authenticated, else the
	 * same session.
	 * @param caller the sender of a message
	 * @return {@code true} if the caller is this owner
	 */
	public boolean admits(StompOwner caller) {
		return (this.user != null) ? this.user.equals(caller.user) : this.sessionId.equals(caller.sessionId);
	}

}
