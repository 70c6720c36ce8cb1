package dev.specter.signaling;

import dev.specter.ErrorCode;
import dev.specter.InvalidInputException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * An ICE candidate in the spec's JSON form: {@code candidate}, {@code sdp_mid},
 * {@code sdp_mline_index} and {@code username_fragment}. Parsing also accepts the
 * browser's {@code RTCIceCandidateInit} names ({@code sdpMid}, {@code sdpMLineIndex},
 * {@code usernameFragment}), so a browser's candidate can be passed through unchanged.
 * <p>
 * An empty {@code candidate} is the end-of-candidates marker of trickle ICE.
 *
 * @param candidate the candidate line ({@code candidate:...}), empty for
 * end-of-candidates
 * @param sdpMid the media stream identification tag, or {@code null}
 * @param sdpMLineIndex the index of the m-line, or {@code null}
 * @param usernameFragment the ICE username fragment, or {@code null}
 */
public record IceCandidate(String candidate, String sdpMid, Integer sdpMLineIndex, String usernameFragment) {

	/**
	 * Validates the components.
	 * @param candidate the candidate line
	 * @param sdpMid the media stream identification tag
	 * @param sdpMLineIndex the index of the m-line
	 * @param usernameFragment the ICE username fragment
	 */
	public IceCandidate {
		if (candidate == null) {
			throw new InvalidInputException(ErrorCode.INVALID_ARGUMENT, "candidate must not be null");
		}
		if (sdpMLineIndex != null && sdpMLineIndex < 0) {
			throw new InvalidInputException(ErrorCode.INVALID_ARGUMENT, "sdp_mline_index must not be negative");
		}
	}

	/**
	 * Parses the JSON form.
	 * @param json the JSON text
	 * @return the candidate
	 * @throws InvalidInputException with {@link ErrorCode#INVALID_JSON} if the JSON is
	 * malformed
	 */
	public static IceCandidate fromJson(String json) {
		JsonNode node = Json.parseObject("ICE candidate", json);
		String candidate = Json.requiredString("ICE candidate", node, "candidate");
		String mid = Json.optionalString("ICE candidate", node, "sdp_mid", "sdpMid");
		Integer index = Json.optionalInt("ICE candidate", node, "sdp_mline_index", "sdpMLineIndex");
		String ufrag = Json.optionalString("ICE candidate", node, "username_fragment", "usernameFragment");
		return new IceCandidate(candidate, mid, index, ufrag);
	}

	/**
	 * Whether this is the end-of-candidates marker (an empty candidate line).
	 * @return {@code true} for end-of-candidates
	 */
	public boolean isEndOfCandidates() {
		return this.candidate.isBlank();
	}

	/**
	 * Returns the JSON form with the spec's key names.
	 * @return the JSON text
	 */
	public String toJson() {
		ObjectNode node = Json.object();
		node.put("candidate", this.candidate);
		node.put("sdp_mid", this.sdpMid);
		if (this.sdpMLineIndex != null) {
			node.put("sdp_mline_index", this.sdpMLineIndex);
		}
		else {
			node.putNull("sdp_mline_index");
		}
		node.put("username_fragment", this.usernameFragment);
		return Json.write(node);
	}

}
