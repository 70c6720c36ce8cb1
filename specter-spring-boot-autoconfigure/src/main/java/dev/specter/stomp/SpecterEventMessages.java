package dev.specter.stomp;

import java.lang.reflect.RecordComponent;
import java.util.Base64;
import java.util.Collection;
import java.util.Locale;
import java.util.UUID;

import dev.specter.SpecterConfig;
import dev.specter.event.DataChannelMessage;
import dev.specter.event.SpecterEvent;
import dev.specter.event.StatsReported;
import dev.specter.ice.IceServer;
import dev.specter.json.SpecterJson;
import dev.specter.signaling.IceCandidate;
import dev.specter.signaling.SdpType;
import dev.specter.signaling.SessionDescription;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Maps a {@link SpecterEvent} to its STOMP JSON message: {@code type} (the record's
 * simple name), then each record component by name ({@code type} of a description event
 * becomes {@code sdpType}). Ids become their UUID text, enums their lower-case name, a
 * session description {@code {type, sdp}}, an ICE candidate the browser's
 * {@code RTCIceCandidateInit} (so {@code pc.addIceCandidate(message.candidate)} works as
 * is), a stats report the parsed JSON object, and a data channel message {@code binary}
 * plus {@code text} or base64 {@code data} (omitted above the size limit, with
 * {@code truncated}). Configuration objects (which may hold TURN credentials) are never
 * written.
 * <p>
 * The mapping walks record components, so event types added later are relayed without
 * changes here.
 */
final class SpecterEventMessages {

	private static final JsonNodeFactory NODES = SpecterJson.nodes();

	private final int maxPayloadBytes;

	SpecterEventMessages(int maxPayloadBytes) {
		this.maxPayloadBytes = maxPayloadBytes;
	}

	static String typeOf(SpecterEvent event) {
		return event.getClass().getSimpleName();
	}

	ObjectNode toMessage(SpecterEvent event) {
		ObjectNode message = NODES.objectNode();
		message.put("type", typeOf(event));
		if (event instanceof DataChannelMessage dataMessage) {
			writeDataChannelMessage(message, dataMessage);
			return message;
		}
		for (RecordComponent component : event.getClass().getRecordComponents()) {
			Object value = read(component, event);
			if (event instanceof StatsReported && component.getName().equals("json")) {
				message.set("stats", parseJson((String) value));
			}
			else if (!isSecret(value)) {
				message.set(fieldName(component.getName(), value), toNode(value));
			}
		}
		return message;
	}

	/** The message's own {@code type} wins: a component of that name is renamed. */
	private static String fieldName(String component, Object value) {
		if (!component.equals("type")) {
			return component;
		}
		return (value instanceof SdpType) ? "sdpType" : "typeValue";
	}

	private void writeDataChannelMessage(ObjectNode message, DataChannelMessage event) {
		message.put("specter", event.specter().toString());
		message.put("peerConnection", event.peerConnection().toString());
		message.put("channel", event.channel().toString());
		message.put("binary", event.binary());
		message.put("size", event.size());
		if (event.size() > this.maxPayloadBytes) {
			message.put("truncated", true);
		}
		else if (event.binary()) {
			message.put("data", Base64.getEncoder().encodeToString(event.data()));
		}
		else {
			message.put("text", event.text());
		}
	}

	private static Object read(RecordComponent component, Object record) {
		try {
			return component.getAccessor().invoke(record);
		}
		catch (ReflectiveOperationException ex) {
			throw new IllegalStateException(
					"Cannot read " + component.getName() + " of " + record.getClass().getSimpleName(), ex);
		}
	}

	private static boolean isSecret(Object value) {
		return value instanceof IceServer || value instanceof SpecterConfig;
	}

	private static JsonNode toNode(Object value) {
		if (value == null) {
			return NODES.nullNode();
		}
		if (value instanceof String text) {
			return NODES.stringNode(text);
		}
		if (value instanceof Boolean bool) {
			return NODES.booleanNode(bool);
		}
		if (value instanceof Integer number) {
			return NODES.numberNode(number);
		}
		if (value instanceof Long number) {
			return NODES.numberNode(number);
		}
		if (value instanceof Number number) {
			return NODES.numberNode(number.doubleValue());
		}
		if (value instanceof Enum<?> constant) {
			return NODES.stringNode(constant.name().toLowerCase(Locale.ROOT));
		}
		if (value instanceof UUID uuid) {
			return NODES.stringNode(uuid.toString());
		}
		if (value instanceof SessionDescription description) {
			ObjectNode node = NODES.objectNode();
			node.put("type", description.type().value());
			node.put("sdp", description.sdp());
			return node;
		}
		if (value instanceof IceCandidate candidate) {
			ObjectNode node = NODES.objectNode();
			node.put("candidate", candidate.candidate());
			node.put("sdpMid", candidate.sdpMid());
			node.put("sdpMLineIndex", candidate.sdpMLineIndex());
			node.put("usernameFragment", candidate.usernameFragment());
			return node;
		}
		if (value instanceof byte[] bytes) {
			return NODES.stringNode(Base64.getEncoder().encodeToString(bytes));
		}
		if (value instanceof Collection<?> items) {
			ArrayNode array = NODES.arrayNode();
			items.stream().filter((item) -> !isSecret(item)).forEach((item) -> array.add(toNode(item)));
			return array;
		}
		if (value instanceof Record record) {
			return recordToNode(record);
		}
		return NODES.stringNode(value.toString());
	}

	private static JsonNode recordToNode(Record record) {
		RecordComponent[] components = record.getClass().getRecordComponents();
		// Specter's ids are records around one UUID: write them as the UUID text.
		if (components.length == 1 && components[0].getType() == UUID.class) {
			return NODES.stringNode(String.valueOf(read(components[0], record)));
		}
		ObjectNode node = NODES.objectNode();
		for (RecordComponent component : components) {
			Object value = read(component, record);
			if (!isSecret(value)) {
				node.set(component.getName(), toNode(value));
			}
		}
		return node;
	}

	private static JsonNode parseJson(String json) {
		try {
			return SpecterJson.mapper().readTree(json);
		}
		catch (JacksonException ex) {
			return NODES.stringNode(json);
		}
	}

}
