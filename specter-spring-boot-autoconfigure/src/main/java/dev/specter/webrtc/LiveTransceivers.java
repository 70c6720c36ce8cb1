package dev.specter.webrtc;

import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import dev.onvoid.webrtc.RTCPeerConnection;
import dev.onvoid.webrtc.RTCRtpReceiver;
import dev.onvoid.webrtc.RTCRtpSender;
import dev.onvoid.webrtc.RTCRtpTransceiver;

/**
 * The transceivers a connection holds right now, by native pointer, with fresh wrappers
 * of their receivers and senders.
 * <p>
 * Why: webrtc-java 0.14 builds every {@code RTCRtpTransceiver}, {@code RTCRtpReceiver}
 * and {@code RTCRtpSender} wrapper around a raw pointer and takes no reference on it
 * ({@code JavaFactory::create} only stores the pointer). The objects live as long as
 * libwebrtc's own transceiver list holds them. When a description rejects an m-section
 * (port 0, e.g. an answer whose engine shares no codec with the offer) libwebrtc stops
 * its transceiver and, once both descriptions agree, removes it from the list
 * ({@code RemoveStoppedTransceivers}; a rollback removes those a remote offer created):
 * the transceiver, its receiver and its sender are freed, and a wrapper kept from before
 * points to freed memory. The next call through it ({@code getStats(receiver)},
 * {@code removeTrack(sender)}, {@code setDirection}) is a use-after-free. The track a
 * receiver returns ({@code RTCRtpReceiver.getTrack}) is borrowed the same way. Specter
 * therefore keeps these pointers only as identities and, before each native call on one
 * of these objects, takes a snapshot under the session's lock and calls through the fresh
 * wrapper of an object found in it; a remote track whose transceiver is gone ends without
 * a native call.
 * <p>
 * Not concerned (checked in the JNI sources, tag v0.14.0): peer connections, data
 * channels (made or received), local tracks and sources; their wrappers own a reference
 * ({@code JavaFactories::create(env, x.release())}) and stay valid until disposed.
 */
final class LiveTransceivers {

	/** Compiled once (String.split compiles a two-character pattern on every call). */
	private static final Pattern LINE_BREAK = Pattern.compile("\r?\n");

	private final Map<Long, RTCRtpTransceiver> transceivers = new HashMap<>();

	private final Map<Long, RTCRtpSender> senders = new HashMap<>();

	private LiveTransceivers() {
	}

	/**
	 * Reads the connection's transceivers: under the session's lock, or on the native
	 * thread.
	 */
	static LiveTransceivers of(RTCPeerConnection pc) {
		LiveTransceivers live = new LiveTransceivers();
		if (pc == null) {
			return live;
		}
		RTCRtpTransceiver[] all = pc.getTransceivers();
		if (all == null) {
			return live;
		}
		for (RTCRtpTransceiver transceiver : all) {
			long handle = NativeHandles.of(transceiver);
			if (handle == 0) {
				continue;
			}
			live.transceivers.put(handle, transceiver);
			RTCRtpSender sender = transceiver.getSender();
			long senderHandle = NativeHandles.of(sender);
			if (senderHandle != 0) {
				live.senders.put(senderHandle, sender);
			}
		}
		return live;
	}

	/** Whether the transceiver is still held by the connection (perhaps stopped). */
	boolean contains(long transceiverHandle) {
		return this.transceivers.containsKey(transceiverHandle);
	}

	/** The transceiver if held and not stopped, else {@code null}. */
	RTCRtpTransceiver active(long transceiverHandle) {
		RTCRtpTransceiver transceiver = this.transceivers.get(transceiverHandle);
		return (transceiver != null && !transceiver.stopped()) ? transceiver : null;
	}

	/** A fresh wrapper of the receiver of an active transceiver, else {@code null}. */
	RTCRtpReceiver receiver(long transceiverHandle) {
		RTCRtpTransceiver transceiver = active(transceiverHandle);
		return (transceiver != null) ? transceiver.getReceiver() : null;
	}

	/** A fresh wrapper of a sender some held transceiver still has, else {@code null}. */
	RTCRtpSender sender(long senderHandle) {
		return (senderHandle != 0) ? this.senders.get(senderHandle) : null;
	}

	/**
	 * The media ids of the m-sections a description rejects: port 0 without
	 * {@code a=bundle-only} (RFC 8843: a bundle-only section has port 0 and is accepted).
	 */
	static Set<String> rejectedMids(String sdp) {
		Set<String> rejected = new LinkedHashSet<>();
		if (sdp == null) {
			return rejected;
		}
		boolean portZero = false;
		boolean bundleOnly = false;
		String mid = null;
		for (String line : LINE_BREAK.split(sdp)) {
			if (line.startsWith("m=")) {
				addIfRejected(rejected, portZero, bundleOnly, mid);
				String[] fields = line.split(" ", 3);
				portZero = fields.length > 1 && (fields[1].equals("0") || fields[1].startsWith("0/"));
				bundleOnly = false;
				mid = null;
			}
			else if (line.equals("a=bundle-only")) {
				bundleOnly = true;
			}
			else if (line.startsWith("a=mid:")) {
				mid = line.substring(6).trim();
			}
		}
		addIfRejected(rejected, portZero, bundleOnly, mid);
		return rejected;
	}

	private static void addIfRejected(Set<String> rejected, boolean portZero, boolean bundleOnly, String mid) {
		if (portZero && !bundleOnly && mid != null) {
			rejected.add(mid);
		}
	}

}
