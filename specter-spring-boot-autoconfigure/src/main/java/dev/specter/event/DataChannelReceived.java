package dev.specter.event;

import dev.specter.DataChannelId;
import dev.specter.PeerConnectionId;
import dev.specter.SpecterId;
import dev.specter.datachannel.DataChannelOptions;

/**
 * The remote side opened a data channel on this connection.
 *
 * @param specter the Specter instance the connection belongs to
 * @param peerConnection the peer connection
 * @param channel the channel's id on this side
 * @param label the channel's label
 * @param options the channel's negotiated parameters (the {@code id} is its SCTP stream
 * id)
 */
public record DataChannelReceived(SpecterId specter, PeerConnectionId peerConnection, DataChannelId channel,
		String label, DataChannelOptions options) implements SpecterEvent {
}
