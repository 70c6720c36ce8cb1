package dev.specter.autoconfigure;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import dev.specter.event.SpecterEvent;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every {@code specter.*} property has a description in the generated configuration
 * metadata, and every hint matches the code it describes.
 */
class ConfigurationMetadataTests {

	@Test
	void everyPropertyIsDescribed() throws Exception {
		JsonNode metadata = generatedMetadata();
		List<String> names = new ArrayList<>();
		for (JsonNode property : metadata.get("properties")) {
			String name = property.get("name").asString();
			if (name.startsWith("specter.")) {
				names.add(name);
				assertThat(property.path("description").asString("")).as(name).isNotBlank();
			}
		}
		assertThat(names).contains("specter.enabled", "specter.ice-servers", "specter.ice-transport-policy",
				"specter.port-range.min", "specter.ip-filter.deny", "specter.operation-timeout",
				"specter.media.audio-mode", "specter.tcp-candidates", "specter.data-channel.low-watermark",
				"specter.data-channel.max-queued-bytes", "specter.engine.heartbeat-interval",
				"specter.engine.heartbeat-timeout");
	}

	/**
	 * Each hint in {@code additional-spring-configuration-metadata.json} is compared with
	 * the code it describes: the event-type hints with the permitted subclasses of the
	 * sealed {@link SpecterEvent} (so a new event type without a hint fails here), the
	 * hint of an enum-typed property with the enum's constants. A hint of any other
	 * property, and an enum-typed Specter property without a hint, fail too.
	 */
	@Test
	void everyHintMatchesTheCodeItDescribes() throws Exception {
		JsonNode metadata = generatedMetadata();
		Map<String, String> types = new HashMap<>();
		metadata.get("properties")
			.forEach((property) -> types.put(property.get("name").asString(), property.path("type").asString("")));
		List<String> eventTypes = Arrays.stream(SpecterEvent.class.getPermittedSubclasses())
			.map(Class::getSimpleName)
			.sorted()
			.toList();
		assertThat(eventTypes).hasSizeGreaterThanOrEqualTo(28).contains("IceCandidateError", "TransceiverAdded");
		Set<String> hinted = new TreeSet<>();
		for (JsonNode hint : metadata.get("hints")) {
			String name = hint.get("name").asString();
			hinted.add(name);
			List<String> values = new ArrayList<>();
			hint.get("values").forEach((value) -> values.add(value.get("value").asString()));
			assertThat(types).as("hinted property").containsKey(name);
			if (name.equals("specter.stomp.events.include") || name.equals("specter.stomp.events.exclude")) {
				assertThat(values).as(name).containsExactlyElementsOf(eventTypes);
			}
			else {
				Class<?> type = Class.forName(types.get(name));
				assertThat(type.isEnum()).as(name + " has a hint but is not an enum nor an event-type list").isTrue();
				assertThat(values).as(name).containsExactlyElementsOf(enumValues(type));
				hint.get("values")
					.forEach((value) -> assertThat(value.path("description").asString("")).as(name).isNotBlank());
			}
		}
		types.forEach((name, type) -> {
			if (type.startsWith("dev.specter.") && isEnum(type)) {
				assertThat(hinted).as("hints of enum-typed properties").contains(name);
			}
		});
		assertThat(hinted).contains("specter.stomp.events.include", "specter.stomp.events.exclude",
				"specter.ice-transport-policy", "specter.media.audio-mode");
	}

	private static List<String> enumValues(Class<?> type) {
		return Arrays.stream(type.getEnumConstants())
			.map((constant) -> ((Enum<?>) constant).name().toLowerCase(Locale.ROOT).replace('_', '-'))
			.toList();
	}

	private static boolean isEnum(String type) {
		try {
			return Class.forName(type).isEnum();
		}
		catch (ClassNotFoundException ex) {
			return false;
		}
	}

	private JsonNode generatedMetadata() throws IOException {
		try (InputStream in = getClass().getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
			assertThat(in).as("generated metadata").isNotNull();
			return JsonMapper.builder().build().readTree(in);
		}
	}

}
