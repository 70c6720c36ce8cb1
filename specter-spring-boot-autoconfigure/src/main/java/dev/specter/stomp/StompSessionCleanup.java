package dev.specter.stomp;

import java.util.Collection;
import java.util.function.Supplier;

import dev.specter.PeerConnectionId;
import dev.specter.Specter;
import dev.specter.SpecterException;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.context.ApplicationListener;
import org.springframework.web.socket.messaging.SessionDisconnectEvent;

/**
 * Ends the ownership of a STOMP session's peer connections when the session ends and,
 * unless disabled with {@code specter.stomp.close-on-disconnect=false}, closes them: a
 * browser that leaves does not leave peer connections behind.
 */
public final class StompSessionCleanup implements ApplicationListener<SessionDisconnectEvent> {

	private static final Log logger = LogFactory.getLog(StompSessionCleanup.class);

	private final StompOwnership ownership;

	private final Supplier<? extends Collection<Specter>> instances;

	private final boolean closeConnections;

	/**
	 * Creates the listener.
	 * @param ownership who owns which connection
	 * @param instances the Specter instances whose connections may be owned
	 * @param closeConnections whether to close the connections of an ended session
	 */
	public StompSessionCleanup(StompOwnership ownership, Supplier<? extends Collection<Specter>> instances,
			boolean closeConnections) {
		this.ownership = ownership;
		this.instances = instances;
		this.closeConnections = closeConnections;
	}

	@Override
	public void onApplicationEvent(SessionDisconnectEvent event) {
		for (PeerConnectionId peerConnection : this.ownership.removeSession(event.getSessionId())) {
			if (this.closeConnections) {
				Specters.holding(this.instances, peerConnection).ifPresent((specter) -> close(specter, peerConnection));
			}
		}
	}

	private static void close(Specter specter, PeerConnectionId peerConnection) {
		try {
			specter.closePeerConnection(peerConnection);
			logger.debug("Closed peer connection " + peerConnection + " of an ended STOMP session");
		}
		catch (SpecterException ex) {
			// closed concurrently: nothing left to do
		}
	}

}
