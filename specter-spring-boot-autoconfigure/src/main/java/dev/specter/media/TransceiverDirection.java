package dev.specter.media;

/**
 * The direction of an RTP transceiver (W3C {@code RTCRtpTransceiverDirection}): whether
 * it sends, receives, both or neither. The SDP attribute of its m-section follows it
 * after negotiation.
 */
public enum TransceiverDirection {

	/** Sends and receives ({@code a=sendrecv}). */
	SENDRECV,

	/** Sends only ({@code a=sendonly}). */
	SENDONLY,

	/** Receives only ({@code a=recvonly}). */
	RECVONLY,

	/** Neither sends nor receives ({@code a=inactive}). */
	INACTIVE,

	/** Stopped for good; only reported, never requested. */
	STOPPED

}
