package dev.specter;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Every id record behaves alike: {@code random}, {@code of}, {@code value},
 * {@code toString} and the Jackson form, and refuses what is not a UUID.
 */
class IdsTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	static List<IdType<?>> ids() {
		return List.of(new IdType<>(ApiId.class, ApiId::random, ApiId::of, ApiId::new, ApiId::value),
				new IdType<>(DataChannelId.class, DataChannelId::random, DataChannelId::of, DataChannelId::new,
						DataChannelId::value),
				new IdType<>(MediaEngineId.class, MediaEngineId::random, MediaEngineId::of, MediaEngineId::new,
						MediaEngineId::value),
				new IdType<>(PeerConnectionId.class, PeerConnectionId::random, PeerConnectionId::of,
						PeerConnectionId::new, PeerConnectionId::value),
				new IdType<>(RegistryId.class, RegistryId::random, RegistryId::of, RegistryId::new, RegistryId::value),
				new IdType<>(RtpSenderId.class, RtpSenderId::random, RtpSenderId::of, RtpSenderId::new,
						RtpSenderId::value),
				new IdType<>(SpecterId.class, SpecterId::random, SpecterId::of, SpecterId::new, SpecterId::value),
				new IdType<>(TrackId.class, TrackId::random, TrackId::of, TrackId::new, TrackId::value),
				new IdType<>(TransceiverId.class, TransceiverId::random, TransceiverId::of, TransceiverId::new,
						TransceiverId::value));
	}

	@Test
	void everyIdRecordIsCovered() throws Exception {
		Resource[] classes = new PathMatchingResourcePatternResolver().getResources("classpath*:dev/specter/*Id.class");
		List<String> found = Arrays.stream(classes)
			.map(Resource::getFilename)
			.map((name) -> name.substring(0, name.length() - ".class".length()))
			.sorted()
			.toList();
		assertThat(found).isNotEmpty()
			.containsExactlyElementsOf(ids().stream().map((id) -> id.type().getSimpleName()).sorted().toList());
	}

	@ParameterizedTest
	@MethodSource("ids")
	<T> void randomIdsAreFreshVersion4Uuids(IdType<T> id) {
		T first = id.random().get();
		T second = id.random().get();
		assertThat(first).isNotEqualTo(second).isExactlyInstanceOf(id.type());
		assertThat(id.value().apply(first).version()).isEqualTo(4);
		assertThat(first).hasToString(id.value().apply(first).toString());
	}

	@ParameterizedTest
	@MethodSource("ids")
	<T> void parsesItsStringForm(IdType<T> id) {
		T original = id.random().get();
		assertThat(id.of().apply(original.toString())).isEqualTo(original);
		assertThat(id.of().apply(original.toString().toUpperCase(Locale.ROOT))).isEqualTo(original);
		UUID value = UUID.randomUUID();
		assertThat(id.value().apply(id.of().apply(value.toString()))).isEqualTo(value);
		assertThat(id.construct().apply(value)).isEqualTo(id.of().apply(value.toString()));
	}

	@ParameterizedTest
	@MethodSource("ids")
	<T> void refusesWhatIsNotAUuid(IdType<T> id) {
		String kind = id.type().getSimpleName();
		Stream.of("", "nope", "1-1-1-1-1", "zzzzzzzz-zzzz-zzzz-zzzz-zzzzzzzzzzzz", UUID.randomUUID() + "0")
			.forEach((text) -> assertThatExceptionOfType(InvalidInputException.class)
				.isThrownBy(() -> id.of().apply(text))
				.satisfies((ex) -> assertThat(ex.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT))
				.withMessageContaining(kind + " must be a UUID"));
		assertThatExceptionOfType(InvalidInputException.class).isThrownBy(() -> id.of().apply(null))
			.withMessageContaining(kind + " must be a UUID");
		assertThatExceptionOfType(InvalidInputException.class).isThrownBy(() -> id.construct().apply(null))
			.satisfies((ex) -> assertThat(ex.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT))
			.withMessageContaining(kind + " must not be null");
	}

	@ParameterizedTest
	@MethodSource("ids")
	<T> void jacksonFormIsTheRecordsValue(IdType<T> id) {
		T original = id.random().get();
		String json = JSON.writeValueAsString(original);
		assertThat(json).isEqualTo("{\"value\":\"" + original + "\"}");
		assertThat(JSON.readValue(json, id.type())).isEqualTo(original);
	}

	record IdType<T>(Class<T> type, Supplier<T> random, Function<String, T> of, Function<UUID, T> construct,
			Function<T, UUID> value) {

		@Override
		public String toString() {
			return this.type.getSimpleName();
		}

	}

}
