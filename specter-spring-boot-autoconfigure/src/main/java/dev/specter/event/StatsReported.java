package dev.specter.event;

import dev.specter.PeerConnectionId;
import dev.specter.SpecterId;

/**
 * The statistics requested with {@code getStats}: Specter's {@code {:stats, pc, json}}.
 *
 * @param specter the Specter instance the connection belongs to
 * @param peerConnection the peer connection
 * @param json the libwebrtc stats report as JSON, keeping the report's field names
 */
public record StatsReported(SpecterId specter, PeerConnectionId peerConnection, String json) implements SpecterEvent {
}
