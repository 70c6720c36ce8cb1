package dev.specter.signaling;

import dev.specter.ErrorCode;
import dev.specter.InvalidInputException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A session description: an offer or an answer, in the JSON form {@code {"type": ...,
 * "sdp": ...}} that the spec and browsers use.
 * <p>
 * A bare SDP body (the text starting {@code v=0}, as a WHIP endpoint or a plain HTTP
 * {@code application/sdp} request carries it) is not JSON: wrap it with
 * {@link #offer(String)} or {@link #answer(String)} (or the constructor, for the other
 * types) and pass the description to the {@code SessionDescription} overloads of
 * {@code Specter.setRemoteDescription} and {@code setLocalDescription}.
 *
 * @param type the description's type
 * @param sdp the SDP text
 */
public record SessionDescription(SdpType type, String sdp) {

	/**
	 * Validates the components.
	 * @param type the description's type
	 * @param sdp the SDP text
	 */
	public SessionDescription {
		if (type == null) {
			throw new InvalidInputException(ErrorCode.INVALID_ARGUMENT, "session description type must not be null");
		}
		if (sdp == null) {
			throw new InvalidInputException(ErrorCode.INVALID_ARGUMENT, "session description sdp must not be null");
		}
	}

	/**
	 * Wraps a bare SDP offer.
	 * @param sdp the SDP text ({@code v=0...})
	 * @return the offer
	 * @throws InvalidInputException ({@link ErrorCode#INVALID_ARGUMENT}) if the SDP is
	 * {@code null}
	 */
	public static SessionDescription offer(String sdp) {
		return new SessionDescription(SdpType.OFFER, sdp);
	}

	/**
	 * Wraps a bare SDP answer.
	 * @param sdp the SDP text ({@code v=0...})
	 * @return the answer
	 * @throws InvalidInputException ({@link ErrorCode#INVALID_ARGUMENT}) if the SDP is
	 * {@code null}
	 */
	public static SessionDescription answer(String sdp) {
		return new SessionDescription(SdpType.ANSWER, sdp);
	}

	/**
	 * Parses the JSON form {@code {"type": "offer" | "answer" | ..., "sdp": "..."}}.
	 * @param json the JSON text
	 * @return the description
	 * @throws InvalidInputException with {@link ErrorCode#INVALID_JSON} if the JSON is
	 * malformed; for a bare SDP body (starting {@code v=}), the message says to use
	 * {@link #offer(String)} or {@link #answer(String)}
	 */
	public static SessionDescription fromJson(String json) {
		if (json != null && json.stripLeading().startsWith("v=")) {
			throw new InvalidInputException(ErrorCode.INVALID_JSON,
					"session description is bare SDP, not JSON: pass SessionDescription.offer(sdp) or"
							+ " SessionDescription.answer(sdp) instead of the String");
		}
		JsonNode node = Json.parseObject("session description", json);
		SdpType type = SdpType.fromValue(Json.requiredString("session description", node, "type"));
		String sdp = (type == SdpType.ROLLBACK) ? Json.optionalString("session description", node, "sdp")
				: Json.requiredString("session description", node, "sdp");
		return new SessionDescription(type, (sdp != null) ? sdp : "");
	}

	/**
	 * Returns the JSON form.
	 * @return {@code {"type": ..., "sdp": ...}}
	 */
	public String toJson() {
		ObjectNode node = Json.object();
		node.put("type", this.type.value());
		node.put("sdp", this.sdp);
		return Json.write(node);
	}

	@Override
	public String toString() {
		return "SessionDescription[type=" + this.type.value() + ", sdp=<" + this.sdp.length() + " chars>]";
	}

}
