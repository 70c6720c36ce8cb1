package dev.specter.event;

import dev.specter.PeerConnectionId;
import dev.specter.SpecterId;

/**
 * The peer connection is closed and its native resources released: Specter's
 * {@code {:peer_connection_closed, pc}}. It is the last event of the connection.
 *
 * @param specter the Specter instance the connection belongs to
 * @param peerConnection the peer connection
 * @param reason why it was closed
 */
public record PeerConnectionClosed(SpecterId specter, PeerConnectionId peerConnection,
		Reason reason) implements SpecterEvent {

	/**
	 * Defaults a missing reason to {@link Reason#CLOSED}.
	 * @param specter the Specter instance
	 * @param peerConnection the connection
	 * @param reason why it was closed
	 */
	public PeerConnectionClosed {
		reason = (reason != null) ? reason : Reason.CLOSED;
	}

	/**
	 * A connection closed on request ({@link Reason#CLOSED}).
	 * @param specter the Specter instance
	 * @param peerConnection the connection
	 */
	public PeerConnectionClosed(SpecterId specter, PeerConnectionId peerConnection) {
		this(specter, peerConnection, Reason.CLOSED);
	}

	/**
	 * Why a connection was closed.
	 */
	public enum Reason {

		/**
		 * Closed on request: by the application, a client, the endpoint, or its Specter
		 * closing.
		 */
		CLOSED,

		/**
		 * Closed by Specter: it stayed failed for
		 * {@code specter.limits.failed-connection-timeout}.
		 */
		FAILED,

		/**
		 * Closed by Specter: it did not connect within
		 * {@code specter.limits.connect-timeout} of its creation.
		 */
		CONNECT_TIMEOUT,

		/**
		 * The engine process that held the connection died (a native crash, a kill,
		 * running out of memory); only with {@code specter.engine.isolation=workers}.
		 */
		ENGINE_FAILED

	}

}
