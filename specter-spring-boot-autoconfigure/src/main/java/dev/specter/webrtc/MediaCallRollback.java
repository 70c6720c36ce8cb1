package dev.specter.webrtc;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import dev.onvoid.webrtc.RTCPeerConnection;
import dev.onvoid.webrtc.RTCRtpSender;
import dev.onvoid.webrtc.RTCRtpTransceiver;
import dev.onvoid.webrtc.RTCRtpTransceiverDirection;
import dev.specter.Operation;
import dev.specter.OperationRejectedException;
import dev.specter.SpecterException;
import dev.specter.media.MediaKind;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Leaves a connection as it was when a media call ({@code addTrack},
 * {@code addTransceiver}) fails after libwebrtc has made its sender or transceiver: a
 * native call that throws, possibly {@code java.lang.Error} (libwebrtc refusing codec
 * preferences does). The sender's track is removed (a transceiver the call reused, one a
 * remote offer made, gets its direction back), and every transceiver the call made is
 * stopped. Used under the session's lock.
 * <p>
 * libwebrtc has no way to drop a transceiver: one stopped before it was ever in a
 * description gets no m-section in any later offer or answer, takes no codec preferences,
 * and stays in the native list for ever (checked with webrtc-java 0.14, also after a full
 * negotiation). Specter leaves it out ({@link #isUndone}): an application cannot stop a
 * transceiver itself, so only this class makes such a one.
 */
final class MediaCallRollback {

	private static final Log logger = LogFactory.getLog(MediaCallRollback.class);

	private final RTCPeerConnection pc;

	/** Native pointers of the transceivers before the call. */
	private final Set<Long> before;

	/** Kinds of the transceivers undone before the call. */
	private final Set<MediaKind> undone;

	private RTCRtpSender sender;

	private MediaCallRollback(RTCPeerConnection pc, Set<Long> before, Set<MediaKind> undone) {
		this.pc = pc;
		this.before = before;
		this.undone = undone;
	}

	/** Notes the connection's transceivers before a media call (under the lock). */
	static MediaCallRollback begin(RTCPeerConnection pc) {
		Set<Long> handles = new HashSet<>();
		Set<MediaKind> undone = EnumSet.noneOf(MediaKind.class);
		for (RTCRtpTransceiver transceiver : pc.getTransceivers()) {
			handles.add(NativeHandles.of(transceiver));
			if (isUndone(transceiver)) {
				MediaKind kind = Transceivers.kindOf(transceiver);
				if (kind != null) {
					undone.add(kind);
				}
			}
		}
		return new MediaCallRollback(pc, handles, undone);
	}

	/**
	 * Whether the connection held an undone transceiver of a kind before the call.
	 * @param kind the kind
	 * @return {@code true} if it did
	 */
	boolean hasUndone(MediaKind kind) {
		return this.undone.contains(kind);
	}

	/**
	 * Sets the sender whose track is to be removed if the call fails ({@code null}: none,
	 * or none any more).
	 */
	void sender(RTCRtpSender sender) {
		this.sender = sender;
	}

	/**
	 * Undoes what the call made and returns the error to fail it with: the cause itself
	 * if it is typed, else {@link OperationRejectedException} with the engine's reason.
	 * @param operation the failed operation
	 * @param cause why it failed
	 * @return the typed error
	 */
	SpecterException fail(Operation operation, Throwable cause) {
		List<String> problems = new ArrayList<>();
		if (this.sender != null) {
			try {
				this.pc.removeTrack(this.sender);
			}
			catch (Throwable ex) {
				problems.add("removing its sender failed: " + PeerConnectionSession.reason(ex));
			}
		}
		try {
			for (RTCRtpTransceiver transceiver : this.pc.getTransceivers()) {
				long handle = NativeHandles.of(transceiver);
				if (handle != 0 && !this.before.contains(handle) && !isUndone(transceiver)) {
					transceiver.stop();
				}
			}
		}
		catch (Throwable ex) {
			problems.add("stopping its transceiver failed: " + PeerConnectionSession.reason(ex));
		}
		if (!problems.isEmpty()) {
			logger.warn(operation + " failed and could not be undone in full: " + String.join("; ", problems));
		}
		if (cause instanceof SpecterException typed) {
			return typed;
		}
		String undone = problems.isEmpty() ? "; the connection was left as it was"
				: "; undoing it: " + String.join("; ", problems);
		return new OperationRejectedException(operation + " rejected: " + PeerConnectionSession.reason(cause) + undone);
	}

	/**
	 * Whether a transceiver was stopped before it was ever in a description: one this
	 * class undid, which never appears in an m-section again.
	 * @param transceiver a live transceiver
	 * @return {@code true} if it is to be left out
	 */
	static boolean isUndone(RTCRtpTransceiver transceiver) {
		String mid = transceiver.getMid();
		return (mid == null || mid.isEmpty()) && transceiver.getDirection() == RTCRtpTransceiverDirection.STOPPED;
	}

}
