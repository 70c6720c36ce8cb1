package dev.specter.actuate;

import dev.specter.NativeLibraryUnavailableException;
import dev.specter.SpecterConfig;
import dev.specter.test.FakeSpecterFactory;
import org.junit.jupiter.api.Test;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The indicator with a simulated native-library check;
 * {@code SpecterHealthNativeUnavailableIT} and {@code SpecterObservabilityIT} run the
 * real check.
 */
class SpecterHealthIndicatorTests {

	private final FakeSpecterFactory specters = new FakeSpecterFactory();

	@Test
	void downWhenTheNativeLibraryIsUnavailable() {
		Health health = new SpecterHealthIndicator(this.specters, () -> {
			throw new NativeLibraryUnavailableException(
					"webrtc-java's native library cannot load: libpulse.so.0 is missing;"
							+ " install the Debian package 'libpulse0'",
					"libpulse0", new UnsatisfiedLinkError("libpulse.so.0: cannot open shared object file"));
		}).health();
		assertThat(health.getStatus()).isEqualTo(Status.DOWN);
		assertThat(health.getDetails()).containsEntry("nativeLibrary", "unavailable")
			.containsEntry("missingPackage", "libpulse0")
			.hasEntrySatisfying("error", (error) -> assertThat(error.toString()).contains("libpulse.so.0"))
			.doesNotContainKey("connections");
	}

	@Test
	void upWithInstancesAndConnectionsByState() {
		this.specters.create(SpecterConfig.ofUrls());
		this.specters.create(SpecterConfig.ofUrls());
		Health health = new SpecterHealthIndicator(this.specters, () -> {
		}).health();
		assertThat(health.getStatus()).isEqualTo(Status.UP);
		assertThat(health.getDetails()).containsEntry("nativeLibrary", "loaded").containsEntry("instances", 2);
		assertThat(health.getDetails().get("connections"))
			.asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.map(String.class, Integer.class))
			.containsOnlyKeys("new", "connecting", "connected", "disconnected", "failed")
			.allSatisfy((state, count) -> assertThat(count).isZero());
	}

}
