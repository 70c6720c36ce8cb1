package dev.specter.webrtc;

import java.util.Set;

import dev.specter.OperationRejectedException;

/**
 * Refuses SDP that libwebrtc parses but later aborts the process on. Found by fuzzing
 * webrtc-java 0.14: a remote offer whose m-line has an unknown media type is accepted, and a
 * later {@code createOffer} on that connection aborts the JVM (SIGABRT in a libwebrtc check).
 */
final class SdpGuard {

	private static final Set<String> MEDIA = Set.of("audio", "video", "application");

	private SdpGuard() {
	}

	static void check(String sdp) {
		int start = 0;
		int length = sdp.length();
		while (start < length) {
			int end = sdp.indexOf('\n', start);
			if (end < 0) {
				end = length;
			}
			if (sdp.startsWith("m=", start)) {
				int space = sdp.indexOf(' ', start);
				String media = (space > start && space < end) ? sdp.substring(start + 2, space) : "";
				if (!MEDIA.contains(media)) {
					throw new OperationRejectedException(
							"SDP rejected: m-line media must be audio, video or application");
				}
			}
			start = end + 1;
		}
	}

}
