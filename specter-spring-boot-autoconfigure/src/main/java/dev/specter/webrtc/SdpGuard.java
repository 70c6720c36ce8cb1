package dev.specter.webrtc;

import java.util.TreeSet;

import dev.specter.ErrorCode;
import dev.specter.InvalidInputException;

/**
 * Reads and checks SDP beyond its grammar (which {@link SdpGrammar} checks; it also
 * refuses an m-line whose media is not audio, video or application: found by fuzzing
 * webrtc-java 0.14, such a remote offer is accepted and a later {@code createOffer}
 * aborts the JVM).
 */
final class SdpGuard {

	private SdpGuard() {
	}

	/**
	 * Returns the ICE username fragments of a description ({@code a=ice-ufrag} lines,
	 * session or media level), distinct and sorted, joined by spaces; empty if there are
	 * none. Two descriptions of one peer with different fragments mean an ICE restart.
	 * @param sdp the SDP
	 * @return the fragments
	 */
	static String iceUfrags(String sdp) {
		TreeSet<String> ufrags = new TreeSet<>();
		String key = "a=ice-ufrag:";
		int at = sdp.indexOf(key);
		while (at >= 0) {
			if (at == 0 || sdp.charAt(at - 1) == '\n') {
				int end = at + key.length();
				while (end < sdp.length() && sdp.charAt(end) != '\r' && sdp.charAt(end) != '\n') {
					end++;
				}
				ufrags.add(sdp.substring(at + key.length(), end).trim());
			}
			at = sdp.indexOf(key, at + key.length());
		}
		return String.join(" ", ufrags);
	}

	/**
	 * Refuses a local description that would send audio, for connections of a Specter in
	 * audio mode RECEIVE: an audio m-section in use (port not 0) must be
	 * {@code a=recvonly} or {@code a=inactive}. Measured with webrtc-java 0.14: a local
	 * answer edited to {@code a=sendrecv} with an {@code a=ssrc} line starts an audio
	 * send stream on a connection without any audio track, and with it the headless audio
	 * module's recording thread (the connection then echoed the received audio: 150
	 * packets in 3 s).
	 * @param sdp the local description's SDP
	 * @throws InvalidInputException ({@link ErrorCode#INVALID_ARGUMENT}) if it sends
	 * audio
	 */
	static void checkReceivesAudioOnly(String sdp) {
		String[] sections = sdp.split("\r?\n(?=m=)");
		for (String section : sections) {
			if (!section.startsWith("m=audio ") || section.startsWith("m=audio 0 ")) {
				continue;
			}
			String direction = "sendrecv"; // RFC 4566's default
			for (String line : section.split("\r?\n")) {
				if (line.equals("a=sendrecv") || line.equals("a=sendonly") || line.equals("a=recvonly")
						|| line.equals("a=inactive")) {
					direction = line.substring(2);
				}
			}
			if (direction.equals("sendrecv") || direction.equals("sendonly")) {
				throw new InvalidInputException(ErrorCode.INVALID_ARGUMENT,
						"a Specter in audio mode RECEIVE never sends audio: an audio m-section of its local"
								+ " description must be recvonly or inactive, not " + direction);
			}
		}
	}

}
