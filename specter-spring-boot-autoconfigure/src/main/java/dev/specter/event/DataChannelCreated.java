package dev.specter.event;

import dev.specter.DataChannelId;
import dev.specter.PeerConnectionId;
import dev.specter.SpecterId;

/**
 * A data channel created locally with {@code createDataChannel} exists: Specter's
 * {@code {:data_channel_created, pc}}.
 *
 * @param specter the Specter instance the connection belongs to
 * @param peerConnection the peer connection
 * @param channel the new channel
 * @param label the channel's label
 */
public record DataChannelCreated(SpecterId specter, PeerConnectionId peerConnection, DataChannelId channel,
		String label) implements SpecterEvent {
}
