package dev.specter.event;

import dev.specter.DataChannelId;
import dev.specter.PeerConnectionId;
import dev.specter.SpecterId;
import dev.specter.datachannel.DataChannelState;

/**
 * A data channel changed state (open, closing, closed).
 *
 * @param specter the Specter instance the connection belongs to
 * @param peerConnection the peer connection
 * @param channel the channel
 * @param state the new state
 */
public record DataChannelStateChanged(SpecterId specter, PeerConnectionId peerConnection, DataChannelId channel,
		DataChannelState state) implements SpecterEvent {
}
