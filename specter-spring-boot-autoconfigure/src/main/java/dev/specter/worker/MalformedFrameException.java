package dev.specter.worker;

import java.io.IOException;

/**
 * A frame that breaks the wire format ({@link Frames}): a length out of bounds, a
 * data-channel frame shorter than its addressing, a send answer with a payload. The
 * socket's reader stops at the first one, as at the end of the socket: the worker is
 * treated as failed (in the application) or exits (in a worker).
 */
final class MalformedFrameException extends IOException {

	private static final long serialVersionUID = 1L;

	MalformedFrameException(String message) {
		super(message);
	}

}
