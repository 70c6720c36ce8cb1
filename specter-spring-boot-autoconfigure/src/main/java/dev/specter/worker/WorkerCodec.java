package dev.specter.worker;

import java.lang.reflect.Type;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility;
import dev.specter.ChannelNotOpenException;
import dev.specter.ConnectionClosedException;
import dev.specter.EngineFailedException;
import dev.specter.ErrorCode;
import dev.specter.InvalidInputException;
import dev.specter.NativeLibraryUnavailableException;
import dev.specter.NotFoundException;
import dev.specter.OperationRejectedException;
import dev.specter.OperationTimeoutException;
import dev.specter.OperationUnsupportedException;
import dev.specter.SpecterConfig;
import dev.specter.SpecterException;
import dev.specter.event.SpecterEvent;
import dev.specter.ice.CidrIpFilter;
import dev.specter.ice.IceServer;
import dev.specter.ice.IceTransportPolicy;
import dev.specter.ice.IpFilter;
import dev.specter.ice.PortRange;
import dev.specter.media.AudioMode;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The JSON side of the protocol: Specter's records (ids, descriptions, options, events)
 * as their fields, exceptions as their code, type and message.
 */
final class WorkerCodec {

	static final JsonMapper MAPPER = JsonMapper.builder()
		.changeDefaultVisibility((visibility) -> visibility.withFieldVisibility(Visibility.ANY)
			.withGetterVisibility(Visibility.NONE)
			.withIsGetterVisibility(Visibility.NONE))
		.disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
		.build();

	private static final Map<String, Class<?>> EVENT_TYPES = Arrays.stream(SpecterEvent.class.getPermittedSubclasses())
		.collect(Collectors.toUnmodifiableMap(Class::getSimpleName, Function.identity()));

	private WorkerCodec() {
	}

	static String write(Object value) {
		return MAPPER.writeValueAsString(value);
	}

	/** A value as UTF-8 JSON, without the detour through a {@code String}. */
	static byte[] writeBytes(Object value) {
		return MAPPER.writeValueAsBytes(value);
	}

	static JsonNode tree(String json) {
		return MAPPER.readTree(json);
	}

	/** Reads UTF-8 JSON as it came off the socket (a frame's payload). */
	static JsonNode tree(byte[] json) {
		return MAPPER.readTree(json);
	}

	static Object convert(JsonNode node, Type type) {
		JavaType javaType = MAPPER.getTypeFactory().constructType(type);
		return MAPPER.treeToValue(node, javaType);
	}

	/** An event as {@code {"t": simple class name, "e": fields}}. */
	static String event(SpecterEvent event) {
		ObjectNode node = MAPPER.createObjectNode();
		node.put("t", event.getClass().getSimpleName());
		node.set("e", MAPPER.valueToTree(event));
		return write(node);
	}

	/**
	 * An event as {@link #event(SpecterEvent)} writes it, in UTF-8, serialized in one
	 * pass (no intermediate tree): what a worker forwards for every event.
	 */
	static byte[] eventBytes(SpecterEvent event) {
		return MAPPER.writeValueAsBytes(new EventFrame(event.getClass().getSimpleName(), event));
	}

	/** The layout of an event frame: its type's simple name and its fields. */
	record EventFrame(String t, SpecterEvent e) {
	}

	/**
	 * Reads an event, naming the given Specter instead of the worker's.
	 * @param json the event as written by {@link #event(SpecterEvent)}
	 * @param specter the id of the application's Specter
	 * @return the event
	 */
	static SpecterEvent event(JsonNode node, String specter) {
		Class<?> type = EVENT_TYPES.get(node.path("t").asString());
		if (type == null) {
			throw new IllegalStateException("Unknown event type " + node.path("t"));
		}
		ObjectNode fields = (ObjectNode) node.get("e");
		fields.putObject("specter").put("value", specter);
		return (SpecterEvent) MAPPER.treeToValue(fields, type);
	}

	/** A failure as {@code {"code", "type", "message"}}. */
	static String error(Throwable failure) {
		ObjectNode node = MAPPER.createObjectNode();
		if (failure instanceof SpecterException specter) {
			node.put("code", specter.code().name());
		}
		node.put("type", failure.getClass().getName());
		node.put("message", (failure.getMessage() != null) ? failure.getMessage() : failure.toString());
		return write(node);
	}

	/**
	 * Rebuilds a failure read from a worker: the same {@link SpecterException} type for
	 * its code, the same JDK type for common runtime exceptions.
	 */
	static RuntimeException error(JsonNode node) {
		String message = node.path("message").asString();
		String code = node.path("code").isMissingNode() || node.path("code").isNull() ? null
				: node.path("code").asString();
		if (code != null) {
			return specterException(ErrorCode.valueOf(code), message);
		}
		return switch (node.path("type").asString()) {
			case "java.lang.IllegalArgumentException" -> new IllegalArgumentException(message);
			case "java.lang.NullPointerException" -> new NullPointerException(message);
			case "java.lang.UnsupportedOperationException" -> new UnsupportedOperationException(message);
			default -> new IllegalStateException(message);
		};
	}

	private static SpecterException specterException(ErrorCode code, String message) {
		return switch (code) {
			case NOT_FOUND -> new NotFoundException(message);
			case NOT_OPEN -> new ChannelNotOpenException(message);
			case CLOSED -> new ConnectionClosedException(message);
			case REJECTED -> new OperationRejectedException(message);
			case TIMEOUT -> new OperationTimeoutException(message);
			case NATIVE_UNAVAILABLE -> new NativeLibraryUnavailableException(message, null, null);
			case ENGINE_FAILED -> new EngineFailedException(message);
			case UNSUPPORTED -> new OperationUnsupportedException(message);
			default -> new InvalidInputException(code, message);
		};
	}

	/**
	 * A configuration as data: the IP filter must be a {@link CidrIpFilter} (or accept
	 * all), since a worker cannot run the application's code.
	 */
	static String config(SpecterConfig config) {
		List<String> allow = List.of();
		List<String> deny = List.of();
		IpFilter filter = config.ipFilter();
		if (filter instanceof CidrIpFilter cidr) {
			allow = cidr.allowed();
			deny = cidr.denied();
		}
		else if (filter != IpFilter.ACCEPT_ALL) {
			throw new InvalidInputException(ErrorCode.INVALID_ARGUMENT,
					"with specter.engine.isolation=workers the IP filter must be a CidrIpFilter "
							+ "(specter.ip-filter.allow / deny)");
		}
		return write(new ConfigData(config.iceServers(), config.iceTransportPolicy(), config.portRange(), allow, deny,
				config.audioMode(), config.tcpCandidates()));
	}

	static SpecterConfig config(JsonNode node) {
		ConfigData data = MAPPER.treeToValue(node, ConfigData.class);
		IpFilter filter = (data.allow().isEmpty() && data.deny().isEmpty()) ? IpFilter.ACCEPT_ALL
				: CidrIpFilter.of(data.allow(), data.deny());
		return new SpecterConfig(data.iceServers(), data.iceTransportPolicy(), data.portRange(), filter,
				data.audioMode(), data.tcpCandidates());
	}

	record ConfigData(List<IceServer> iceServers, IceTransportPolicy iceTransportPolicy, PortRange portRange,
			List<String> allow, List<String> deny, AudioMode audioMode, boolean tcpCandidates) {
	}

}
