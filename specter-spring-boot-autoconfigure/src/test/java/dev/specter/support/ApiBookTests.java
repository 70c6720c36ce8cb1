package dev.specter.support;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

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
 * Media engines, registries and APIs as both engines keep them, without a native library.
 */
class ApiBookTests {

	private final List<List<RtpCodecCapability>> validated = new ArrayList<>();

	private final ApiBook book = new ApiBook(this.validated::add);

	@Test
	void anEngineAndItsRegistryAreConsumedByNewApi() {
		MediaEngineId engine = this.book.newMediaEngine();
		RegistryId registryId = this.book.newRegistry(engine);
		assertThat(this.book.mediaEngineExists(engine)).isTrue();
		assertThat(this.book.registryExists(registryId)).isTrue();
		ApiId api = this.book.newApi(engine, registryId);
		assertThat(this.book.mediaEngineExists(engine)).isFalse();
		assertThat(this.book.registryExists(registryId)).isFalse();
		assertThat(this.book.codecs(api)).isEmpty();
		assertThat(this.book.codecs(api)).as("an API serves any number of connections").isEmpty();
		assertThatExceptionOfType(NotFoundException.class).isThrownBy(() -> this.book.newApi(engine, registryId))
			.withMessage("media engine " + engine + " does not exist or was consumed by newApi");
		assertThatExceptionOfType(NotFoundException.class).isThrownBy(() -> this.book.newRegistry(engine));
	}

	@Test
	void codecsAreValidatedCopiedAndKeptInOrder() {
		List<RtpCodecCapability> codecs = new ArrayList<>(
				List.of(RtpCodecCapability.of("video/VP8"), RtpCodecCapability.of("video/H264")));
		MediaEngineId engine = this.book.newMediaEngine(codecs);
		codecs.clear();
		ApiId api = this.book.newApi(engine, this.book.newRegistry(engine));
		assertThat(this.book.codecs(api)).containsExactly(RtpCodecCapability.of("video/VP8"),
				RtpCodecCapability.of("video/H264"));
		assertThat(this.validated).hasSize(1);
	}

	@Test
	void aRegistryBelongsToItsEngine() {
		MediaEngineId first = this.book.newMediaEngine();
		MediaEngineId second = this.book.newMediaEngine();
		RegistryId ofFirst = this.book.newRegistry(first);
		InvalidInputException refused = catchThrowableOfType(InvalidInputException.class,
				() -> this.book.newApi(second, ofFirst));
		assertThat(refused.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
		assertThat(this.book.mediaEngineExists(second)).as("nothing consumed").isTrue();
		assertThat(this.book.registryExists(ofFirst)).isTrue();
		assertThatExceptionOfType(NotFoundException.class)
			.isThrownBy(() -> this.book.newApi(first, RegistryId.random()));
	}

	@Test
	void argumentsAreCheckedBeforeTheValidator() {
		assertThat(catchThrowableOfType(InvalidInputException.class, () -> this.book.newMediaEngine(null)).code())
			.isEqualTo(ErrorCode.INVALID_ARGUMENT);
		List<RtpCodecCapability> many = new ArrayList<>(Collections.nCopies(65, RtpCodecCapability.of("video")));
		assertThat(catchThrowableOfType(InvalidInputException.class, () -> this.book.newMediaEngine(many)).code())
			.isEqualTo(ErrorCode.LIMIT_EXCEEDED);
		assertThat(catchThrowableOfType(InvalidInputException.class, () -> this.book.newRegistry(null)).code())
			.isEqualTo(ErrorCode.INVALID_ARGUMENT);
		assertThatExceptionOfType(NotFoundException.class).isThrownBy(() -> this.book.codecs(ApiId.random()));
		assertThat(this.validated).isEmpty();
	}

	@Test
	void theDefaultApiIsMadeOnceAcrossThreads() throws Exception {
		Set<ApiId> seen = ConcurrentHashMap.newKeySet();
		ExecutorService pool = Executors.newFixedThreadPool(8);
		CountDownLatch start = new CountDownLatch(1);
		try {
			for (int i = 0; i < 8; i++) {
				pool.execute(() -> {
					try {
						start.await();
						seen.add(this.book.defaultApi());
					}
					catch (InterruptedException ex) {
						Thread.currentThread().interrupt();
					}
				});
			}
			start.countDown();
		}
		finally {
			pool.shutdown();
			assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
		}
		assertThat(seen).hasSize(1);
		assertThat(this.book.codecs(seen.iterator().next())).isEmpty();
	}

	@Test
	void clearForgetsEverything() {
		MediaEngineId engine = this.book.newMediaEngine();
		ApiId api = this.book.newApi(engine, this.book.newRegistry(engine));
		ApiId defaultApi = this.book.defaultApi();
		MediaEngineId another = this.book.newMediaEngine();
		this.book.clear();
		assertThat(this.book.mediaEngineExists(another)).isFalse();
		assertThatExceptionOfType(NotFoundException.class).isThrownBy(() -> this.book.codecs(api));
		assertThatExceptionOfType(NotFoundException.class).isThrownBy(() -> this.book.codecs(defaultApi));
	}

}
