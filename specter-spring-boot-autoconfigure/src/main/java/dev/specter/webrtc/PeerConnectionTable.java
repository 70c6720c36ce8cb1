package dev.specter.webrtc;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import dev.specter.PeerConnectionId;
import dev.specter.dispatch.EventDispatcher;
import dev.specter.event.PeerConnectionClosed;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * The peer connections of one Specter instance by id, with their slots
 * ({@code specter.limits.max-peer-connections}) and the {@link ConnectionReaper} that
 * closes the unused ones. A connection leaves the table once, freeing its slot once.
 */
final class PeerConnectionTable {

	private static final Log logger = LogFactory.getLog(PeerConnectionTable.class);

	private final Map<PeerConnectionId, PeerConnectionSession> sessions = new ConcurrentHashMap<>();

	private final ConnectionSlots slots;

	private final ConnectionReaper reaper;

	PeerConnectionTable(ConnectionLimits limits, EventDispatcher dispatcher) {
		this.slots = new ConnectionSlots(limits.maxPeerConnections());
		this.reaper = new ConnectionReaper(limits, dispatcher, this::reap);
	}

	/**
	 * Takes a slot for a connection being created, and watches it.
	 * @throws dev.specter.SpecterException if every slot is taken
	 */
	void reserve(PeerConnectionSession session) {
		this.slots.acquire();
		this.reaper.watch(session);
	}

	/** Gives back the slot of a connection whose creation failed. */
	void abandon() {
		this.slots.release();
	}

	void put(PeerConnectionSession session) {
		this.sessions.put(session.id, session);
	}

	/** The connection, or {@code null}. */
	PeerConnectionSession find(PeerConnectionId peerConnection) {
		return this.sessions.get(peerConnection);
	}

	boolean exists(PeerConnectionId peerConnection) {
		PeerConnectionSession session = (peerConnection != null) ? this.sessions.get(peerConnection) : null;
		return session != null && !session.isClosing();
	}

	Set<PeerConnectionId> ids() {
		return Set.copyOf(this.sessions.keySet());
	}

	int size() {
		return this.sessions.size();
	}

	/** Takes a connection out of the table and frees its slot, once. */
	PeerConnectionSession remove(PeerConnectionId peerConnection) {
		PeerConnectionSession session = this.sessions.remove(peerConnection);
		if (session != null) {
			this.slots.release();
		}
		return session;
	}

	/** Closes a connection the {@link ConnectionReaper} found unused. */
	private void reap(PeerConnectionId peerConnection, PeerConnectionClosed.Reason reason, String explanation) {
		PeerConnectionSession session = remove(peerConnection);
		if (session != null) {
			logger.info("Closing peer connection " + peerConnection + ": " + explanation);
			session.close(reason);
		}
	}

	/** Closes every connection (the instance closed). */
	void closeAll() {
		for (PeerConnectionId pcId : ids()) {
			PeerConnectionSession session = remove(pcId);
			if (session != null) {
				session.close();
			}
		}
	}

}
