package dev.specter.metrics;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

import dev.specter.stats.ConnectionStats;

/**
 * Stats reports captured from real webrtc-java 0.14 connections on loopback:
 * {@code data-channel-sender/receiver.json} from two Specter peers after an 11-byte text
 * and a 1000-byte binary message; {@code video-sender/receiver.json} from two raw
 * webrtc-java peers after four seconds of 320x240 frames pushed through a
 * {@code CustomVideoSource} (VP8).
 */
final class StatsFixtures {

	private StatsFixtures() {
	}

	static String json(String name) {
		try (InputStream in = StatsFixtures.class.getResourceAsStream("/stats/" + name + ".json")) {
			if (in == null) {
				throw new IllegalArgumentException("no fixture " + name);
			}
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	static ConnectionStats stats(String name) {
		return ConnectionStats.fromJson(json(name));
	}

}
