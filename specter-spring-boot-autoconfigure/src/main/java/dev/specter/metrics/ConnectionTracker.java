package dev.specter.metrics;

import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import dev.specter.PeerConnectionId;
import dev.specter.SpecterId;
import dev.specter.SpecterListener;
import dev.specter.event.ConnectionStateChanged;
import dev.specter.event.ConnectionStatsSampled;
import dev.specter.event.PeerConnectionClosed;
import dev.specter.event.SpecterEvent;
import dev.specter.signaling.ConnectionState;
import dev.specter.stats.ConnectionStats;
import org.jspecify.annotations.Nullable;

/**
 * Follows the live peer connections of every Specter instance through their events: when
 * each was created, its connection state, when it first connected. The gauges of live
 * connections and the {@code specter} endpoint read it, with the latest sampled
 * statistics of each.
 * <p>
 * A connection is added on its first event
 * ({@link dev.specter.event.PeerConnectionReady}) and removed on
 * {@link PeerConnectionClosed}. Events of one connection arrive in order and the closed
 * event is always its last, so a closed connection is never added again.
 */
public final class ConnectionTracker {

	private final Map<PeerConnectionId, TrackedConnection> connections = new ConcurrentHashMap<>();

	private final Map<PeerConnectionId, ConnectionStats> sampled = new ConcurrentHashMap<>();

	private final Clock clock;

	/** Creates a tracker on the system clock. */
	public ConnectionTracker() {
		this(Clock.systemUTC());
	}

	/**
	 * Creates a tracker.
	 * @param clock the clock that stamps creation and connection times
	 */
	public ConnectionTracker(Clock clock) {
		this.clock = clock;
	}

	/**
	 * Updates the tracked state from an event.
	 * @param event any Specter event
	 */
	@SpecterListener
	public void onEvent(SpecterEvent event) {
		PeerConnectionId id = event.peerConnection();
		if (event instanceof PeerConnectionClosed) {
			this.connections.remove(id);
			this.sampled.remove(id);
			return;
		}
		if (event instanceof ConnectionStatsSampled sample) {
			// Delivered before the connection's closed event: a closed connection is not
			// kept.
			if (this.connections.containsKey(id)) {
				this.sampled.put(id, sample.stats());
			}
			return;
		}
		this.connections.compute(id, (key, current) -> {
			TrackedConnection tracked = (current != null) ? current
					: new TrackedConnection(event.specter(), key, this.clock.instant(), ConnectionState.NEW, null);
			return (event instanceof ConnectionStateChanged changed) ? tracked.withState(changed.state(), this.clock)
					: tracked;
		});
	}

	/**
	 * Returns a tracked connection.
	 * @param peerConnection its id
	 * @return the connection, or empty if it is closed or unknown
	 */
	public Optional<TrackedConnection> get(PeerConnectionId peerConnection) {
		return Optional.ofNullable(this.connections.get(peerConnection));
	}

	/**
	 * Returns the latest statistics the {@link ConnectionStatsSampler} published for a
	 * connection.
	 * @param peerConnection its id
	 * @return the statistics, or empty if none were sampled yet or the connection is
	 * closed
	 */
	public Optional<ConnectionStats> latestStats(PeerConnectionId peerConnection) {
		return Optional.ofNullable(this.sampled.get(peerConnection));
	}

	/**
	 * Returns the live connections.
	 * @return a snapshot
	 */
	public Collection<TrackedConnection> connections() {
		return List.copyOf(this.connections.values());
	}

	/**
	 * Counts the live connections in one state.
	 * @param state the state
	 * @return how many are in it
	 */
	public long count(ConnectionState state) {
		return this.connections.values().stream().filter((tracked) -> tracked.state() == state).count();
	}

	/**
	 * Counts the live connections by state.
	 * @return the count of every state, zeros included
	 */
	public Map<ConnectionState, Long> countByState() {
		Map<ConnectionState, Long> counts = new EnumMap<>(ConnectionState.class);
		for (ConnectionState state : ConnectionState.values()) {
			counts.put(state, 0L);
		}
		for (TrackedConnection tracked : this.connections.values()) {
			counts.merge(tracked.state(), 1L, Long::sum);
		}
		return counts;
	}

	/**
	 * A live connection as the tracker saw it.
	 *
	 * @param specter the instance that owns it
	 * @param id its id
	 * @param createdAt when its first event was seen
	 * @param state its latest connection state
	 * @param connectedAt when it first reached {@link ConnectionState#CONNECTED}, or
	 * {@code null}
	 */
	public record TrackedConnection(SpecterId specter, PeerConnectionId id, Instant createdAt, ConnectionState state,
			@Nullable Instant connectedAt) {

		TrackedConnection withState(ConnectionState newState, Clock clock) {
			Instant connected = (this.connectedAt == null && newState == ConnectionState.CONNECTED) ? clock.instant()
					: this.connectedAt;
			return new TrackedConnection(this.specter, this.id, this.createdAt, newState, connected);
		}

	}

}
