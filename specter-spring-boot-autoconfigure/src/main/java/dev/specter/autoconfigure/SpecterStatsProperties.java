package dev.specter.autoconfigure;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Configuration properties of Specter's statistics sampling.
 */
@ConfigurationProperties("specter.stats")
public class SpecterStatsProperties {

	/**
	 * Interval at which the statistics of every connected peer connection are sampled,
	 * published as a ConnectionStatsSampled event and, with Micrometer, added to the
	 * transport, round-trip time and media meters. Unset disables sampling.
	 */
	private @Nullable Duration interval;

	public @Nullable Duration getInterval() {
		return this.interval;
	}

	public void setInterval(@Nullable Duration interval) {
		this.interval = interval;
	}

}
