package dev.specter.event;

import dev.specter.PeerConnectionId;
import dev.specter.SpecterId;
import dev.specter.stats.ConnectionStats;

/**
 * Published by the {@link ConnectionStatsSampler} each time it has sampled a connection's
 * statistics ({@code specter.stats.interval}). It is delivered like every Specter event,
 * to {@link dev.specter.SpecterListener @SpecterListener} methods and plain event
 * listeners.
 *
 * @param specter the Specter instance that owns the connection
 * @param peerConnection the connection
 * @param stats the sampled statistics, cumulative since the connection was created
 */
public record ConnectionStatsSampled(SpecterId specter, PeerConnectionId peerConnection,
		ConnectionStats stats) implements SpecterEvent {
}
