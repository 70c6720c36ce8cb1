package dev.specter;

import dev.specter.media.AudioMode;

/**
 * The reasons an operation can fail: the Java counterparts of Specter's {@code {:error,
 * reason}} tuples. Every {@link SpecterException} and every
 * {@link dev.specter.event.OperationFailed} event carries one.
 */
public enum ErrorCode {

	/**
	 * The id names no live object of this Specter (never created, consumed or closed).
	 */
	NOT_FOUND,

	/** A JSON argument could not be parsed or lacks a required key. */
	INVALID_JSON,

	/** An argument is null, empty or out of range. */
	INVALID_ARGUMENT,

	/** An argument exceeds a documented size limit; the message names the limit. */
	LIMIT_EXCEEDED,

	/**
	 * A track argument is not a track of this Specter (unknown, closed, or of the wrong
	 * kind), or the track cannot exist in this Specter (audio in
	 * {@link AudioMode#RECEIVE}).
	 */
	INVALID_TRACK,

	/**
	 * A media file cannot be played: missing, unreadable, not a regular file, too large,
	 * not of the expected format, or using a feature the decoder does not support.
	 */
	INVALID_MEDIA,

	/** The data channel is not open yet (still connecting). */
	NOT_OPEN,

	/**
	 * The peer connection or data channel is closed (or closing), or the Specter instance
	 * is closed.
	 */
	CLOSED,

	/**
	 * The WebRTC engine rejected the operation (malformed SDP or candidate, wrong state).
	 */
	REJECTED,

	/** The operation did not complete within {@code specter.operation-timeout}. */
	TIMEOUT,

	/** The native WebRTC library could not be loaded. */
	NATIVE_UNAVAILABLE

}
