package dev.specter.datachannel;

import dev.specter.ErrorCode;
import dev.specter.InvalidInputException;

/**
 * Options of a data channel, as the W3C {@code RTCDataChannelInit}. At most one of
 * {@code maxRetransmits} and {@code maxPacketLifeTime} may be set; either makes the
 * channel partially reliable.
 *
 * @param ordered whether messages are delivered in order
 * @param maxRetransmits the maximum number of retransmissions, or {@code null} for
 * reliable
 * @param maxPacketLifeTimeMillis the maximum time a message is retransmitted, or
 * {@code null}
 * @param protocol the subprotocol name, empty for none
 * @param negotiated whether the channel is negotiated out of band (both sides create it
 * with the same {@code id}) instead of announced in-band
 * @param id the SCTP stream id for a negotiated channel (0 to {@value #MAX_STREAM_ID}),
 * or {@code null} to let the engine pick; ignored for an in-band channel
 */
public record DataChannelOptions(boolean ordered, Integer maxRetransmits, Integer maxPacketLifeTimeMillis,
		String protocol, boolean negotiated, Integer id) {

	/** The highest SCTP stream id libwebrtc accepts (it opens 1024 streams). */
	public static final int MAX_STREAM_ID = 1023;

	/** A reliable, ordered, in-band negotiated channel: the W3C default. */
	public static final DataChannelOptions DEFAULT = new DataChannelOptions(true, null, null, "", false, null);

	/**
	 * Validates the options.
	 * @param ordered whether messages are delivered in order
	 * @param maxRetransmits the maximum number of retransmissions
	 * @param maxPacketLifeTimeMillis the maximum retransmission time
	 * @param protocol the subprotocol name
	 * @param negotiated whether the channel is negotiated out of band
	 * @param id the SCTP stream id
	 */
	public DataChannelOptions {
		protocol = (protocol != null) ? protocol : "";
		if (maxRetransmits != null && maxPacketLifeTimeMillis != null) {
			throw new InvalidInputException(ErrorCode.INVALID_ARGUMENT,
					"maxRetransmits and maxPacketLifeTime cannot both be set");
		}
		if ((maxRetransmits != null && (maxRetransmits < 0 || maxRetransmits > 65535))
				|| (maxPacketLifeTimeMillis != null
						&& (maxPacketLifeTimeMillis < 0 || maxPacketLifeTimeMillis > 65535))) {
			throw new InvalidInputException(ErrorCode.INVALID_ARGUMENT,
					"maxRetransmits and maxPacketLifeTime must be between 0 and 65535");
		}
		if (negotiated && id == null) {
			throw new InvalidInputException(ErrorCode.INVALID_ARGUMENT, "a negotiated data channel needs an id");
		}
		if (id != null && (id < 0 || id > MAX_STREAM_ID)) {
			throw new InvalidInputException(ErrorCode.INVALID_ARGUMENT,
					"data channel id must be between 0 and " + MAX_STREAM_ID + " (libwebrtc opens 1024 SCTP streams)");
		}
		if (protocol.length() > 65535) {
			throw new InvalidInputException(ErrorCode.LIMIT_EXCEEDED, "data channel protocol exceeds 65535 characters");
		}
	}

	/**
	 * Whether every message is delivered (no retransmission limit).
	 * @return {@code true} for a reliable channel
	 */
	public boolean reliable() {
		return this.maxRetransmits == null && this.maxPacketLifeTimeMillis == null;
	}

	/**
	 * A copy that is unordered.
	 * @return the copy
	 */
	public DataChannelOptions unordered() {
		return new DataChannelOptions(false, this.maxRetransmits, this.maxPacketLifeTimeMillis, this.protocol,
				this.negotiated, this.id);
	}

	/**
	 * A copy with a retransmission limit.
	 * @param retransmits the limit
	 * @return the copy
	 */
	public DataChannelOptions withMaxRetransmits(int retransmits) {
		return new DataChannelOptions(this.ordered, retransmits, null, this.protocol, this.negotiated, this.id);
	}

	/**
	 * A copy with a retransmission time limit.
	 * @param millis the limit in milliseconds
	 * @return the copy
	 */
	public DataChannelOptions withMaxPacketLifeTime(int millis) {
		return new DataChannelOptions(this.ordered, null, millis, this.protocol, this.negotiated, this.id);
	}

	/**
	 * A copy with a subprotocol.
	 * @param subprotocol the subprotocol name
	 * @return the copy
	 */
	public DataChannelOptions withProtocol(String subprotocol) {
		return new DataChannelOptions(this.ordered, this.maxRetransmits, this.maxPacketLifeTimeMillis, subprotocol,
				this.negotiated, this.id);
	}

	/**
	 * A copy negotiated out of band on the given stream id.
	 * @param streamId the SCTP stream id both sides use
	 * @return the copy
	 */
	public DataChannelOptions negotiatedWithId(int streamId) {
		return new DataChannelOptions(this.ordered, this.maxRetransmits, this.maxPacketLifeTimeMillis, this.protocol,
				true, streamId);
	}

}
