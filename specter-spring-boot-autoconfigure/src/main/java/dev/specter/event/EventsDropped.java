package dev.specter.event;

import dev.specter.PeerConnectionId;
import dev.specter.SpecterId;

/**
 * Events of this connection were dropped because its mailbox was full (a listener too
 * slow for the event rate). Never sent silently: the count says how many were lost since
 * the last such event.
 *
 * @param specter the Specter instance the connection belongs to
 * @param peerConnection the peer connection
 * @param count how many events were dropped
 * @param oldestDropped the type of the first event dropped
 */
public record EventsDropped(SpecterId specter, PeerConnectionId peerConnection, long count,
		String oldestDropped) implements SpecterEvent {
}
