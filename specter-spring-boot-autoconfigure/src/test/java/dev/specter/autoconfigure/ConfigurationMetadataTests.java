package dev.specter.autoconfigure;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.specter.stomp.SpecterEventTypes;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every {@code specter.*} property has a description in the generated configuration
 * metadata.
 */
class ConfigurationMetadataTests {

	@Test
	void everyPropertyIsDescribed() throws Exception {
		JsonNode metadata;
		try (InputStream in = getClass().getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
			assertThat(in).as("generated metadata").isNotNull();
			metadata = JsonMapper.builder().build().readTree(in);
		}
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
				"specter.data-channel.max-queued-bytes");
	}

	@Test
	void eventTypeHintsNameEveryEventType() throws Exception {
		JsonNode metadata;
		try (InputStream in = getClass().getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
			metadata = JsonMapper.builder().build().readTree(in);
		}
		int checked = 0;
		for (JsonNode hint : metadata.get("hints")) {
			String name = hint.get("name").asString();
			if (name.equals("specter.stomp.events.include") || name.equals("specter.stomp.events.exclude")) {
				List<String> values = new ArrayList<>();
				hint.get("values").forEach((value) -> values.add(value.get("value").asString()));
				assertThat(values).as(name)
					.containsExactlyElementsOf(SpecterEventTypes.all())
					.contains("IceCandidateError");
				checked++;
			}
		}
		assertThat(checked).isEqualTo(2);
	}

}
