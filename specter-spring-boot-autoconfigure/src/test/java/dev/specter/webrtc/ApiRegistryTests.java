package dev.specter.webrtc;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import dev.specter.ApiId;
import dev.specter.ErrorCode;
import dev.specter.InvalidInputException;
import dev.specter.MediaEngineId;
import dev.specter.NotFoundException;
import dev.specter.RegistryId;
import dev.specter.media.RtpCodecCapability;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Media engines, registries and APIs, without the native library (the codec catalog is
 * never needed on these paths).
 */
class ApiRegistryTests {

	private final ApiRegistry registry = new ApiRegistry(() -> {
		throw new AssertionError("the codec catalog was read");
	}, PeerConnectionFactoryPool.FactoryKey.SEND_AUDIO);

	@Test
	void anEngineAndItsRegistryAreConsumedByNewApi() {
		MediaEngineId engine = this.registry.newMediaEngine();
		RegistryId registryId = this.registry.newRegistry(engine);
		assertThat(this.registry.mediaEngineExists(engine)).isTrue();
		assertThat(this.registry.registryExists(registryId)).isTrue();
		ApiId api = this.registry.newApi(engine, registryId);
		assertThat(this.registry.mediaEngineExists(engine)).isFalse();
		assertThat(this.registry.registryExists(registryId)).isFalse();
		ApiRegistry.Api definition = this.registry.api(api);
		assertThat(definition.mediaEngine().codecs()).isEmpty();
		assertThat(definition.factoryKey()).isEqualTo(PeerConnectionFactoryPool.FactoryKey.SEND_AUDIO);
		assertThat(this.registry.api(api)).as("an API serves any number of connections").isEqualTo(definition);
		assertThatExceptionOfType(NotFoundException.class).isThrownBy(() -> this.registry.newApi(engine, registryId))
			.withMessage("media engine " + engine + " does not exist or was consumed by newApi");
		assertThatExceptionOfType(NotFoundException.class).isThrownBy(() -> this.registry.newRegistry(engine));
	}

	@Test
	void aRegistryBelongsToItsEngine() {
		MediaEngineId first = this.registry.newMediaEngine();
		MediaEngineId second = this.registry.newMediaEngine();
		RegistryId ofFirst = this.registry.newRegistry(first);
		InvalidInputException refused = catchThrowableOfType(InvalidInputException.class,
				() -> this.registry.newApi(second, ofFirst));
		assertThat(refused.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
		assertThat(this.registry.mediaEngineExists(second)).as("nothing consumed").isTrue();
		assertThat(this.registry.registryExists(ofFirst)).isTrue();
		assertThatExceptionOfType(NotFoundException.class)
			.isThrownBy(() -> this.registry.newApi(first, RegistryId.random()));
	}

	@Test
	void argumentsAreCheckedBeforeTheCatalog() {
		assertThat(catchThrowableOfType(InvalidInputException.class, () -> this.registry.newMediaEngine(null)).code())
			.isEqualTo(ErrorCode.INVALID_ARGUMENT);
		List<RtpCodecCapability> many = new ArrayList<>(Collections.nCopies(65, RtpCodecCapability.of("video")));
		assertThat(catchThrowableOfType(InvalidInputException.class, () -> this.registry.newMediaEngine(many)).code())
			.isEqualTo(ErrorCode.LIMIT_EXCEEDED);
		assertThat(catchThrowableOfType(InvalidInputException.class, () -> this.registry.newRegistry(null)).code())
			.isEqualTo(ErrorCode.INVALID_ARGUMENT);
		assertThatExceptionOfType(NotFoundException.class).isThrownBy(() -> this.registry.api(ApiId.random()));
	}

	@Test
	void clearForgetsEverything() {
		MediaEngineId engine = this.registry.newMediaEngine();
		ApiId api = this.registry.newApi(engine, this.registry.newRegistry(engine));
		MediaEngineId another = this.registry.newMediaEngine();
		this.registry.clear();
		assertThat(this.registry.mediaEngineExists(another)).isFalse();
		assertThatExceptionOfType(NotFoundException.class).isThrownBy(() -> this.registry.api(api));
	}

}
