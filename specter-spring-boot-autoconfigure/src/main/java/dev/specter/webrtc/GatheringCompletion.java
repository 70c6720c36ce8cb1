package dev.specter.webrtc;

import java.net.InetAddress;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;

import dev.onvoid.webrtc.RTCPeerConnection;
import dev.onvoid.webrtc.RTCSessionDescription;
import dev.specter.Operation;
import dev.specter.ice.IpFilter;
import dev.specter.signaling.IceGatheringState;
import dev.specter.signaling.SessionDescription;

/**
 * The futures of {@link dev.specter.Specter#whenGatheringComplete} of one connection:
 * each completes with the local description (which then carries every local candidate)
 * once libwebrtc reports gathering {@code COMPLETE}, the only sign of it webrtc-java
 * gives. The futures are operations of the session, so closing the connection fails them
 * and the operation timeout applies.
 */
final class GatheringCompletion {

	private final PeerConnectionSession session;

	private final IpFilter ipFilter;

	private final Queue<CompletableFuture<SessionDescription>> waiting = new ConcurrentLinkedQueue<>();

	GatheringCompletion(PeerConnectionSession session, IpFilter ipFilter) {
		this.session = session;
		this.ipFilter = ipFilter;
	}

	/**
	 * Returns a future of the complete local description; registered before the state is
	 * read, so a completion signalled in between is not missed.
	 */
	CompletableFuture<SessionDescription> whenComplete() {
		CompletableFuture<SessionDescription> future = this.session.newFuture(Operation.GATHER_CANDIDATES);
		this.waiting.add(future);
		future.whenComplete((description, failure) -> this.waiting.remove(future));
		if (this.session.isClosing()) {
			// close() may have failed the pending futures before this one was added.
			future.completeExceptionally(this.session.closed());
			return future;
		}
		try {
			if (this.session.iceGatheringState() == IceGatheringState.COMPLETE) {
				SessionDescription description = localDescription();
				if (description != null) {
					future.complete(description);
				}
			}
		}
		catch (RuntimeException ex) {
			future.completeExceptionally(ex);
		}
		return future;
	}

	/**
	 * Called on the native thread with every gathering state: on {@code COMPLETE},
	 * completes the waiting futures on a dispatch thread. Never throws.
	 */
	void changed(IceGatheringState state) {
		if (state != IceGatheringState.COMPLETE || this.waiting.isEmpty()) {
			return;
		}
		SessionDescription description = localDescription();
		if (description == null) {
			return;
		}
		CompletableFuture<SessionDescription> future;
		while ((future = this.waiting.poll()) != null) {
			this.session.dispatcher.complete(future, description);
		}
	}

	private SessionDescription localDescription() {
		try {
			RTCSessionDescription local = this.session.query(RTCPeerConnection::getLocalDescription);
			return (local != null) ? new SessionDescription(Conversions.fromNative(local).type(),
					withoutRefusedAddresses(local.sdp, this.ipFilter)) : null;
		}
		catch (RuntimeException ex) {
			// Closed meanwhile: close() fails the futures.
			return null;
		}
	}

	/**
	 * Drops the candidate lines whose address the filter refuses (the filter keeps them
	 * out of {@code IceCandidateGathered} events too) and puts {@code 0.0.0.0} in a
	 * connection-data or RTCP line that names such an address (libwebrtc writes the
	 * default candidate's address there).
	 */
	static String withoutRefusedAddresses(String sdp, IpFilter filter) {
		if (filter == IpFilter.ACCEPT_ALL) {
			return sdp;
		}
		StringBuilder kept = new StringBuilder(sdp.length());
		for (String line : sdp.split("\r\n", -1)) {
			if (line.startsWith("a=candidate:")) {
				InetAddress address = CandidateLine.ipAddress(line.substring(2));
				if (address != null && !filter.accept(address)) {
					continue;
				}
			}
			else if (line.startsWith("c=IN IP") || line.startsWith("a=rtcp:")) {
				line = hideRefusedAddress(line, filter);
			}
			kept.append(line).append("\r\n");
		}
		// split(..., -1) leaves an empty last element after the final CRLF.
		return kept.substring(0, kept.length() - 2);
	}

	private static String hideRefusedAddress(String line, IpFilter filter) {
		int space = line.lastIndexOf(' ');
		InetAddress address = CandidateLine.ipLiteral(line.substring(space + 1));
		if (address == null || filter.accept(address)) {
			return line;
		}
		int family = line.indexOf(" IP");
		return line.substring(0, family) + " IP4 0.0.0.0";
	}

}
