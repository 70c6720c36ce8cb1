package dev.specter.webrtc;

import java.util.concurrent.CompletableFuture;
import java.util.regex.Pattern;

import dev.onvoid.webrtc.RTCSessionDescription;
import dev.specter.Operation;
import dev.specter.event.StatsReported;
import dev.specter.stats.IceStats;

/**
 * The statistics of one peer connection: the engine's full report as JSON, and the ICE
 * summary (candidate pairs with the local credentials they use). Tracks' statistics are
 * {@link PeerConnectionMedia}'s.
 */
final class ConnectionStats {

	private static final Pattern LINE_BREAK = Pattern.compile("\r?\n");

	private ConnectionStats() {
	}

	static CompletableFuture<String> getStats(PeerConnectionSession session) {
		CompletableFuture<String> future = session.newFuture(Operation.GET_STATS);
		return session.call(Operation.GET_STATS, future, (pc) -> pc
			.getStats(NativeCallbacks.stats(session.toString(), "stats", StatsJson::toJson,
					(json) -> session.succeed(future, json, new StatsReported(session.specter, session.id, json)))));
	}

	static CompletableFuture<IceStats> getIceStats(PeerConnectionSession session) {
		CompletableFuture<IceStats> future = session.newFuture(Operation.GET_STATS);
		return session.call(Operation.GET_STATS, future, (pc) -> {
			RTCSessionDescription local = pc.getLocalDescription();
			String sdp = (local != null) ? local.sdp : null;
			String ufrag = sdpAttribute(sdp, "a=ice-ufrag:");
			String password = sdpAttribute(sdp, "a=ice-pwd:");
			pc.getStats(NativeCallbacks.stats(session.toString(), "ICE stats",
					(report) -> StatsJson.iceStats(report, ufrag, password),
					(stats) -> session.dispatcher.complete(future, stats)));
		});
	}

	private static String sdpAttribute(String sdp, String prefix) {
		if (sdp == null) {
			return null;
		}
		for (String line : LINE_BREAK.split(sdp)) {
			if (line.startsWith(prefix)) {
				return line.substring(prefix.length()).trim();
			}
		}
		return null;
	}

}
