package dev.specter.signaling;

import dev.specter.ErrorCode;
import dev.specter.InvalidInputException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A session description: an offer or an answer, in the JSON form {@code {"type": ...,
 * "sdp": ...}} that the spec and browsers use.
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
	 * Parses the JSON form {@code {"type": "offer" | "answer" | ..., "sdp": "..."}}.
	 * @param json the JSON text
	 * @return the description
	 * @throws InvalidInputException with {@link ErrorCode#INVALID_JSON} if the JSON is
	 * malformed
	 */
	public static SessionDescription fromJson(String json) {
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
