package dev.specter.stomp;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import java.util.function.Supplier;

import dev.specter.OperationRejectedException;
import dev.specter.PeerConnectionId;
import org.jspecify.annotations.Nullable;

/**
 * Which STOMP owner (user or session) owns which peer connection of this JVM. The relay
 * sends a connection's events to its owner only, and signaling refuses callers that are
 * not the owner.
 * <p>
 * Connections created by STOMP signaling are registered automatically. An application
 * that creates peer connections itself and wants their events relayed registers them with
 * {@link #create(StompOwner, Supplier)} (or {@link #register} for an existing one).
 * Entries disappear when the connection closes or when the owning session ends.
 * <p>
 * The registry is local to the JVM, as peer connections are: in a deployment of several
 * instances, each knows the connections it holds.
 */
public final class StompOwnership {

	private final Map<PeerConnectionId, StompOwner> owners = new ConcurrentHashMap<>();

	private final Object creationLock = new Object();

	/** Sessions remembered as ended; beyond, the oldest are forgotten. */
	static final int MAX_ENDED_SESSIONS = 10_000;

	/**
	 * Sessions that ended, oldest first; guarded by {@link #creationLock}. A session's
	 * messages are handled on the inbound channel's threads while its end is handled on
	 * the transport's: a {@code connect} handled after the end would create a connection
	 * no one closes (found by fuzzing: a frame the server refuses ends the session while
	 * its earlier frames are handled).
	 */
	private final Map<String, Boolean> endedSessions = new LinkedHashMap<>() {

		@Override
		protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
			return size() > MAX_ENDED_SESSIONS;
		}

	};

	/**
	 * Creates a peer connection and registers its owner before any of its events can be
	 * relayed: the relay waits for a creation in progress before it gives up on an event
	 * whose connection has no owner yet.
	 * @param owner the owner
	 * @param creator creates the connection, for example
	 * {@code () -> specter.newPeerConnection(api)}
	 * @return the new connection's id
	 * @throws OperationRejectedException if the owner's session has ended
	 */
	public PeerConnectionId create(StompOwner owner, Supplier<PeerConnectionId> creator) {
		synchronized (this.creationLock) {
			if (this.endedSessions.containsKey(owner.sessionId())) {
				throw new OperationRejectedException("STOMP session " + owner.sessionId() + " has ended");
			}
			PeerConnectionId id = creator.get();
			this.owners.put(id, owner);
			return id;
		}
	}

	/**
	 * Registers the owner of an existing connection. Events published before this call
	 * were not relayed to anyone.
	 * @param peerConnection the connection
	 * @param owner its owner
	 */
	public void register(PeerConnectionId peerConnection, StompOwner owner) {
		this.owners.put(peerConnection, owner);
	}

	/**
	 * Returns the owner of a connection.
	 * @param peerConnection the connection
	 * @return the owner, or empty if the connection is unknown, closed or unowned
	 */
	public Optional<StompOwner> ownerOf(PeerConnectionId peerConnection) {
		StompOwner owner = this.owners.get(peerConnection);
		if (owner == null) {
			// A creation may be in progress: its id is registered before the lock is
			// released.
			synchronized (this.creationLock) {
				owner = this.owners.get(peerConnection);
			}
		}
		return Optional.ofNullable(owner);
	}

	/**
	 * Whether the caller owns the connection (same user, or same session if anonymous).
	 * @param peerConnection the connection
	 * @param caller the sender of a message
	 * @return {@code true} if the caller may act on the connection
	 */
	public boolean isOwnedBy(PeerConnectionId peerConnection, StompOwner caller) {
		StompOwner owner = this.owners.get(peerConnection);
		return owner != null && owner.admits(caller);
	}

	/**
	 * Returns the connections a session created or claimed.
	 * @param sessionId the STOMP session id
	 * @return a snapshot of their ids
	 */
	public List<PeerConnectionId> ownedBySession(String sessionId) {
		List<PeerConnectionId> owned = new ArrayList<>();
		this.owners.forEach((id, owner) -> {
			if (owner.sessionId().equals(sessionId)) {
				owned.add(id);
			}
		});
		return owned;
	}

	/**
	 * Returns the connections whose owner matches.
	 * @param owner which owners to select
	 * @return a snapshot of their ids
	 */
	public List<PeerConnectionId> ownedBy(Predicate<? super StompOwner> owner) {
		List<PeerConnectionId> owned = new ArrayList<>();
		this.owners.forEach((id, current) -> {
			if (owner.test(current)) {
				owned.add(id);
			}
		});
		return owned;
	}

	/**
	 * Forgets a connection.
	 * @param peerConnection the connection
	 * @return its former owner, or {@code null}
	 */
	public @Nullable StompOwner remove(PeerConnectionId peerConnection) {
		return this.owners.remove(peerConnection);
	}

	/**
	 * Forgets every connection of a session that ended; the session cannot create
	 * connections any more.
	 * @param sessionId the STOMP session id
	 * @return the connections it owned
	 */
	public List<PeerConnectionId> removeSession(String sessionId) {
		synchronized (this.creationLock) {
			this.endedSessions.put(sessionId, Boolean.TRUE);
			List<PeerConnectionId> owned = ownedBySession(sessionId);
			owned.forEach(this.owners::remove);
			return owned;
		}
	}

}
