package dev.specter.signaling;

import dev.specter.ErrorCode;
import dev.specter.InvalidInputException;
import dev.specter.json.SpecterJson;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** The JSON codec of the spec's wire formats (session descriptions, candidates). */
final class Json {

	private Json() {
	}

	static JsonNode parseObject(String what, String json) {
		if (json == null || json.isBlank()) {
			throw new InvalidInputException(ErrorCode.INVALID_JSON, what + " JSON must not be empty");
		}
		JsonNode node;
		try {
			node = SpecterJson.mapper().readTree(json);
		}
		catch (JacksonException ex) {
			throw new InvalidInputException(ErrorCode.INVALID_JSON,
					what + " is not valid JSON: " + printable(ex.getOriginalMessage()));
		}
		if (node == null || !node.isObject()) {
			throw new InvalidInputException(ErrorCode.INVALID_JSON, what + " must be a JSON object");
		}
		return node;
	}

	/**
	 * The parser's message as a refusal may carry it: it can quote the input, so at most
	 * 160 characters, and any outside printable ASCII escaped.
	 */
	private static String printable(String message) {
		if (message == null) {
			return "";
		}
		StringBuilder text = new StringBuilder();
		for (int i = 0; i < Math.min(message.length(), 160); i++) {
			char c = message.charAt(i);
			text.append((c >= 0x20 && c < 0x7F) ? String.valueOf(c) : String.format("\\u%04x", (int) c));
		}
		return (message.length() > 160) ? text.append("...").toString() : text.toString();
	}

	static String requiredString(String what, JsonNode node, String... names) {
		String value = optionalString(what, node, names);
		if (value == null) {
			throw new InvalidInputException(ErrorCode.INVALID_JSON,
					what + " JSON lacks the string key '" + names[0] + "'");
		}
		return value;
	}

	static String optionalString(String what, JsonNode node, String... names) {
		for (String name : names) {
			JsonNode value = node.get(name);
			if (value == null || value.isNull()) {
				continue;
			}
			if (!value.isString()) {
				throw new InvalidInputException(ErrorCode.INVALID_JSON, what + " key '" + name + "' must be a string");
			}
			return value.stringValue();
		}
		return null;
	}

	static Integer optionalInt(String what, JsonNode node, String... names) {
		for (String name : names) {
			JsonNode value = node.get(name);
			if (value == null || value.isNull()) {
				continue;
			}
			if (!value.isIntegralNumber() || !value.canConvertToInt() || value.intValue() < 0) {
				throw new InvalidInputException(ErrorCode.INVALID_JSON,
						what + " key '" + name + "' must be a non-negative integer");
			}
			return value.intValue();
		}
		return null;
	}

	static ObjectNode object() {
		return SpecterJson.mapper().createObjectNode();
	}

	static String write(JsonNode node) {
		return SpecterJson.mapper().writeValueAsString(node);
	}

}
