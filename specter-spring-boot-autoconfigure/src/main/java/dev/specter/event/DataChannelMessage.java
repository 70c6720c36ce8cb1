package dev.specter.event;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import dev.specter.DataChannelId;
import dev.specter.PeerConnectionId;
import dev.specter.SpecterId;

/**
 * A message arrived on a data channel. The bytes are a copy owned by the event; the
 * accessor returns a further copy, so the event stays immutable.
 *
 * @param specter the Specter instance the connection belongs to
 * @param peerConnection the peer connection
 * @param channel the channel
 * @param binary whether the message was sent as binary (otherwise UTF-8 text)
 * @param data the message bytes
 */
public record DataChannelMessage(SpecterId specter, PeerConnectionId peerConnection, DataChannelId channel,
		boolean binary, byte[] data) implements SpecterEvent {

	/**
	 * Copies the bytes.
	 * @param specter the Specter instance
	 * @param peerConnection the peer connection
	 * @param channel the channel
	 * @param binary whether the message is binary
	 * @param data the message bytes
	 */
	public DataChannelMessage {
		data = data.clone();
	}

	/**
	 * Returns a copy of the message bytes.
	 * @return the bytes
	 */
	@Override
	public byte[] data() {
		return this.data.clone();
	}

	/**
	 * Returns the number of bytes without copying them.
	 * @return the message size
	 */
	public int size() {
		return this.data.length;
	}

	/**
	 * Returns the message decoded as UTF-8.
	 * @return the text
	 */
	public String text() {
		return new String(this.data, StandardCharsets.UTF_8);
	}

	@Override
	public boolean equals(Object other) {
		return other instanceof DataChannelMessage that && this.specter.equals(that.specter)
				&& this.peerConnection.equals(that.peerConnection) && this.channel.equals(that.channel)
				&& this.binary == that.binary && Arrays.equals(this.data, that.data);
	}

	@Override
	public int hashCode() {
		return 31 * this.channel.hashCode() + Arrays.hashCode(this.data);
	}

	@Override
	public String toString() {
		return "DataChannelMessage[peerConnection=" + this.peerConnection + ", channel=" + this.channel + ", binary="
				+ this.binary + ", size=" + this.data.length + "]";
	}

}
