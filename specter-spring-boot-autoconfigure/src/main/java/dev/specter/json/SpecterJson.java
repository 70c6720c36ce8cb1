package dev.specter.json;

import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * The {@link JsonMapper} behind every JSON text Specter reads or writes: session
 * descriptions and candidates, statistics reports, the STOMP relay's messages and its
 * signaling frames. One immutable, thread-safe instance, so every entrance reads JSON by
 * the same rules.
 * <p>
 * Much of that JSON comes from remote peers, so the mapper is strict where a lenient one
 * would let two readers see different values: a repeated key or text after the value is
 * refused (as a {@link tools.jackson.core.JacksonException}, which each entrance turns
 * into its own {@code INVALID_JSON} refusal), and nesting deeper than
 * {@value #MAX_NESTING_DEPTH} levels is refused before it is built. Specter's formats are
 * a few levels deep. Length limits stay with the callers (the configured SDP and
 * candidate sizes, the STOMP frame size).
 * <p>
 * It is deliberately not the application's {@code JsonMapper} bean: Specter's wire
 * formats must not change with the application's Jackson settings. Not meant for
 * application code.
 */
public final class SpecterJson {

	/** Deepest nesting of arrays and objects accepted when reading. */
	public static final int MAX_NESTING_DEPTH = 32;

	private static final JsonMapper MAPPER = JsonMapper
		.builder(JsonFactory.builder()
			.streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_NESTING_DEPTH).build())
			.build())
		.enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
		.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
		.build();

	private SpecterJson() {
	}

	/**
	 * Returns the mapper.
	 * @return the shared mapper
	 */
	public static JsonMapper mapper() {
		return MAPPER;
	}

	/**
	 * Returns the mapper's node factory, for building messages node by node.
	 * @return the shared node factory
	 */
	public static JsonNodeFactory nodes() {
		return MAPPER.getNodeFactory();
	}

}
