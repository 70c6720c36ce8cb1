package dev.specter.event;

import dev.specter.DataChannelId;
import dev.specter.PeerConnectionId;
import dev.specter.SpecterId;

/**
 * The bytes queued on a data channel fell to or below its low threshold (the W3C
 * {@code bufferedamountlow} event).
 *
 * @param specter the Specter instance the connection belongs to
 * @param peerConnection the peer connection
 * @param channel the channel
 * @param bufferedAmount the bytes still queued
 */
public record DataChannelBufferedAmountLow(SpecterId specter, PeerConnectionId peerConnection, DataChannelId channel,
		long bufferedAmount) implements SpecterEvent {
}
