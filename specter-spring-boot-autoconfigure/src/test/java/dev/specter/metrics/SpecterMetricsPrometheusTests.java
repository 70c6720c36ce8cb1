package dev.specter.metrics;

import java.nio.charset.StandardCharsets;

import dev.specter.DataChannelId;
import dev.specter.PeerConnectionId;
import dev.specter.SpecterId;
import dev.specter.event.ConnectionStateChanged;
import dev.specter.event.ConnectionStatsSampled;
import dev.specter.event.DataChannelMessage;
import dev.specter.event.IceCandidateGathered;
import dev.specter.event.PeerConnectionReady;
import dev.specter.event.SpecterEvent;
import dev.specter.signaling.ConnectionState;
import dev.specter.signaling.IceCandidate;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The names a Prometheus scrape shows, as documented in {@code docs/observability.md}.
 */
class SpecterMetricsPrometheusTests {

	@Test
	void scrapeNames() {
		PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
		ConnectionTracker tracker = new ConnectionTracker();
		SpecterMetrics metrics = new SpecterMetrics(registry, tracker);
		SpecterId specter = SpecterId.random();
		PeerConnectionId pc = PeerConnectionId.random();
		for (SpecterEvent event : new SpecterEvent[] { new PeerConnectionReady(specter, pc),
				new IceCandidateGathered(specter, pc,
						new IceCandidate("candidate:1 1 udp 2122260223 192.0.2.2 54321 typ host", "0", 0, "abcd")),
				new ConnectionStateChanged(specter, pc, ConnectionState.CONNECTED), new DataChannelMessage(specter, pc,
						DataChannelId.random(), false, "hello".getBytes(StandardCharsets.UTF_8)) }) {
			tracker.onEvent(event);
			metrics.onEvent(event);
		}
		metrics.onStatsSampled(new ConnectionStatsSampled(specter, pc, StatsFixtures.stats("video-receiver")));
		String scrape = registry.scrape();
		assertThat(scrape).contains("specter_connections{state=\"connected\"} 1.0\n")
			.contains("specter_connections_opened_total 1.0\n")
			.contains("specter_connections_establishment_seconds_count{outcome=\"connected\"} 1\n")
			.contains("specter_events_total{type=\"PeerConnectionReady\"} 1.0\n")
			.contains("specter_ice_candidates_total{protocol=\"udp\",type=\"host\"} 1.0\n")
			.contains("specter_datachannel_bytes_total{direction=\"received\"} 5.0\n")
			.contains("specter_datachannel_messages_total{direction=\"received\"} 1.0\n")
			.contains("specter_transport_bytes_total{direction=\"received\"} 260119.0\n")
			.contains("specter_transport_packets_total{direction=\"received\"} 242.0\n")
			.contains("specter_rtp_bytes_total{direction=\"received\",kind=\"video\"} 249826.0\n")
			.contains("specter_rtp_frames_decoded_total{kind=\"video\"} 14.0\n")
			.contains("specter_rtp_jitter_seconds_count{kind=\"video\"} 1\n")
			.contains("specter_ice_round_trip_time_seconds_count 1\n")
			.doesNotContain("# HELP specter_ice_candidates_total  \n", "# HELP specter_transport_bytes_total  \n");
	}

}
