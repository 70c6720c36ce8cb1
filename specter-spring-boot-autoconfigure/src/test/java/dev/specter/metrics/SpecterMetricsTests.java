package dev.specter.metrics;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.specter.DataChannelId;
import dev.specter.PeerConnectionId;
import dev.specter.SpecterId;
import dev.specter.event.ConnectionStateChanged;
import dev.specter.event.ConnectionStatsSampled;
import dev.specter.event.DataChannelMessage;
import dev.specter.event.EventsDropped;
import dev.specter.event.IceCandidateError;
import dev.specter.event.IceCandidateGathered;
import dev.specter.event.PeerConnectionClosed;
import dev.specter.event.PeerConnectionReady;
import dev.specter.event.SpecterEvent;
import dev.specter.signaling.ConnectionState;
import dev.specter.signaling.IceCandidate;
import dev.specter.stats.ConnectionStats;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link SpecterMetrics} fed with event records and samples read from real stats reports;
 * {@code SpecterObservabilityIT} feeds it from real connections.
 */
class SpecterMetricsTests {

	private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

	private final ConnectionTracker tracker = new ConnectionTracker();

	private final SpecterMetrics metrics = new SpecterMetrics(this.registry, this.tracker);

	private final SpecterId specter = SpecterId.random();

	private final PeerConnectionId pc = PeerConnectionId.random();

	private void publish(SpecterEvent event) {
		this.tracker.onEvent(event);
		this.metrics.onEvent(event);
	}

	private double counter(String name, String... tags) {
		return this.registry.get(name).tags(tags).counter().count();
	}

	private double gauge(String state) {
		return this.registry.get(SpecterMetrics.CONNECTIONS).tag("state", state).gauge().value();
	}

	private long establishments(String outcome) {
		return this.registry.find(SpecterMetrics.CONNECTIONS_ESTABLISHMENT)
			.tag("outcome", outcome)
			.timers()
			.stream()
			.mapToLong((timer) -> timer.count())
			.sum();
	}

	@Test
	void iceCandidateErrorsAreCountedByCode() {
		publish(new IceCandidateError(this.specter, this.pc, "turn:127.0.0.1:3478?transport=udp", null, null, 401,
				"Unauthorized"));
		publish(new IceCandidateError(this.specter, this.pc, "turn:127.0.0.1:3478?transport=tcp", null, null, 401,
				"Unauthorized"));
		publish(new IceCandidateError(this.specter, this.pc, "stun:192.0.2.1:3478", "192.0.2.2", 50000, 701,
				"timed out"));
		publish(new IceCandidateError(this.specter, this.pc, "stun:192.0.2.1:3478", null, null, -1, "odd"));
		assertThat(counter(SpecterMetrics.ICE_CANDIDATE_ERRORS, "code", "401")).isEqualTo(2);
		assertThat(counter(SpecterMetrics.ICE_CANDIDATE_ERRORS, "code", "701")).isEqualTo(1);
		assertThat(counter(SpecterMetrics.ICE_CANDIDATE_ERRORS, "code", "other")).isEqualTo(1);
	}

	@Test
	void connectionLifecycle() {
		publish(new PeerConnectionReady(this.specter, this.pc));
		assertThat(counter(SpecterMetrics.CONNECTIONS_OPENED)).isEqualTo(1);
		assertThat(gauge("new")).isEqualTo(1);
		publish(new ConnectionStateChanged(this.specter, this.pc, ConnectionState.CONNECTING));
		publish(new ConnectionStateChanged(this.specter, this.pc, ConnectionState.CONNECTED));
		assertThat(gauge("new")).isZero();
		assertThat(gauge("connected")).isEqualTo(1);
		assertThat(establishments("connected")).isEqualTo(1);
		publish(new ConnectionStateChanged(this.specter, this.pc, ConnectionState.DISCONNECTED));
		publish(new ConnectionStateChanged(this.specter, this.pc, ConnectionState.CONNECTED));
		publish(new PeerConnectionClosed(this.specter, this.pc));
		assertThat(gauge("connected")).isZero();
		assertThat(counter(SpecterMetrics.CONNECTIONS_CLOSED)).isEqualTo(1);
		assertThat(establishments("connected")).isEqualTo(1);
		assertThat(establishments("closed")).isZero();
		assertThat(counter(SpecterMetrics.EVENTS, "type", "ConnectionStateChanged")).isEqualTo(4);
		assertThat(counter(SpecterMetrics.EVENTS, "type", "PeerConnectionReady")).isEqualTo(1);
	}

	@Test
	void failedAndAbandonedConnections() {
		PeerConnectionId abandoned = PeerConnectionId.random();
		publish(new PeerConnectionReady(this.specter, this.pc));
		publish(new PeerConnectionReady(this.specter, abandoned));
		publish(new ConnectionStateChanged(this.specter, this.pc, ConnectionState.FAILED));
		publish(new PeerConnectionClosed(this.specter, abandoned));
		assertThat(counter(SpecterMetrics.CONNECTIONS_FAILED)).isEqualTo(1);
		assertThat(gauge("failed")).isEqualTo(1);
		assertThat(establishments("failed")).isEqualTo(1);
		assertThat(establishments("closed")).isEqualTo(1);
	}

	@Test
	void dataChannelMessagesReceived() {
		DataChannelId channel = DataChannelId.random();
		publish(new PeerConnectionReady(this.specter, this.pc));
		publish(new DataChannelMessage(this.specter, this.pc, channel, false,
				"héllo".getBytes(StandardCharsets.UTF_8)));
		publish(new DataChannelMessage(this.specter, this.pc, channel, true, new byte[1000]));
		assertThat(counter(SpecterMetrics.DATACHANNEL_MESSAGES, "direction", "received")).isEqualTo(2);
		assertThat(counter(SpecterMetrics.DATACHANNEL_BYTES, "direction", "received")).isEqualTo(1006);
	}

	@Test
	void iceCandidatesByTypeAndProtocol() {
		publish(candidate("candidate:1 1 udp 2122260223 192.0.2.2 54321 typ host generation 0"));
		publish(candidate("candidate:2 1 UDP 1686052607 198.51.100.7 40000 typ srflx raddr 192.0.2.2 rport 54321"));
		publish(candidate("candidate:3 1 tcp 1518280447 192.0.2.2 9 typ host tcptype active"));
		publish(candidate("candidate:4 1 udp 41885439 203.0.113.9 3478 typ relay raddr 0.0.0.0 rport 0"));
		publish(candidate("candidate:5 1 udp 1 192.0.2.2 1 typ weird"));
		publish(candidate(""));
		assertThat(counter(SpecterMetrics.ICE_CANDIDATES, "type", "host", "protocol", "udp")).isEqualTo(1);
		assertThat(counter(SpecterMetrics.ICE_CANDIDATES, "type", "host", "protocol", "tcp")).isEqualTo(1);
		assertThat(counter(SpecterMetrics.ICE_CANDIDATES, "type", "srflx", "protocol", "udp")).isEqualTo(1);
		assertThat(counter(SpecterMetrics.ICE_CANDIDATES, "type", "relay", "protocol", "udp")).isEqualTo(1);
		assertThat(counter(SpecterMetrics.ICE_CANDIDATES, "type", "unknown", "protocol", "udp")).isEqualTo(1);
		assertThat(this.registry.find(SpecterMetrics.ICE_CANDIDATES).counters()).hasSize(5);
	}

	private IceCandidateGathered candidate(String line) {
		return new IceCandidateGathered(this.specter, this.pc, new IceCandidate(line, "0", 0, "abcd"));
	}

	@Test
	void droppedEvents() {
		publish(new EventsDropped(this.specter, this.pc, 7, "DataChannelMessage"));
		assertThat(counter(SpecterMetrics.EVENTS_DROPPED)).isEqualTo(7);
	}

	@Test
	void samplesAddTheirDifferences() {
		publish(new PeerConnectionReady(this.specter, this.pc));
		ConnectionStats first = StatsFixtures.stats("video-receiver");
		sampled(new ConnectionStatsSampled(this.specter, this.pc, first));
		assertThat(counter(SpecterMetrics.TRANSPORT_BYTES, "direction", "received")).isEqualTo(260119);
		assertThat(counter(SpecterMetrics.TRANSPORT_PACKETS, "direction", "sent")).isEqualTo(43);
		assertThat(counter(SpecterMetrics.RTP_PACKETS, "kind", "video", "direction", "received")).isEqualTo(234);
		assertThat(counter(SpecterMetrics.RTP_BYTES, "kind", "video", "direction", "received")).isEqualTo(249826);
		assertThat(counter(SpecterMetrics.RTP_FRAMES_DECODED, "kind", "video")).isEqualTo(14);
		assertThat(this.registry.find(SpecterMetrics.RTP_PACKETS_LOST).counters()).isEmpty();
		assertThat(this.registry.get(SpecterMetrics.RTP_JITTER).tag("kind", "video").timer().max(TimeUnit.MILLISECONDS))
			.isEqualTo(50);
		assertThat(this.registry.get(SpecterMetrics.ICE_ROUND_TRIP_TIME).timer().count()).isEqualTo(1);

		ConnectionStats.InboundRtp stream = first.inboundRtp().get(0);
		ConnectionStats second = new ConnectionStats(first.timestamp().plusSeconds(1),
				new ConnectionStats.Transport(43, 300000, 50, 280), first.selectedCandidatePair(), first.dataChannels(),
				List.of(), List.of(new ConnectionStats.InboundRtp("video", stream.ssrc(), 270, 290000, 5,
						Duration.ofMillis(20), 20L)));
		sampled(new ConnectionStatsSampled(this.specter, this.pc, second));
		ConnectionStats third = new ConnectionStats(second.timestamp().plusSeconds(1), second.transport(), null,
				second.dataChannels(), List.of(),
				List.of(new ConnectionStats.InboundRtp("video", stream.ssrc(), 270, 290000, 3, null, 20L)));
		sampled(new ConnectionStatsSampled(this.specter, this.pc, third));

		assertThat(counter(SpecterMetrics.TRANSPORT_BYTES, "direction", "received")).isEqualTo(300000);
		assertThat(counter(SpecterMetrics.RTP_PACKETS, "kind", "video", "direction", "received")).isEqualTo(270);
		assertThat(counter(SpecterMetrics.RTP_FRAMES_DECODED, "kind", "video")).isEqualTo(20);
		// packetsLost went 0 -> 5 -> 3: the decrease is not subtracted
		assertThat(counter(SpecterMetrics.RTP_PACKETS_LOST, "kind", "video")).isEqualTo(5);
		assertThat(this.registry.get(SpecterMetrics.RTP_JITTER).timer().count()).isEqualTo(2);
		assertThat(this.registry.get(SpecterMetrics.ICE_ROUND_TRIP_TIME).timer().count()).isEqualTo(2);
		assertThat(counter(SpecterMetrics.EVENTS, "type", "ConnectionStatsSampled")).isEqualTo(3);
	}

	@Test
	void sentMediaFromASample() {
		publish(new PeerConnectionReady(this.specter, this.pc));
		this.metrics
			.onStatsSampled(new ConnectionStatsSampled(this.specter, this.pc, StatsFixtures.stats("video-sender")));
		assertThat(counter(SpecterMetrics.RTP_PACKETS, "kind", "video", "direction", "sent")).isEqualTo(234);
		assertThat(counter(SpecterMetrics.RTP_BYTES, "kind", "video", "direction", "sent")).isEqualTo(249826);
		assertThat(counter(SpecterMetrics.RTP_FRAMES_ENCODED, "kind", "video")).isEqualTo(14);
		assertThat(counter(SpecterMetrics.TRANSPORT_BYTES, "direction", "sent")).isEqualTo(260119);
	}

	@Test
	void samplesOfClosedOrUnknownConnectionsAreIgnored() {
		ConnectionStats stats = StatsFixtures.stats("data-channel-sender");
		this.metrics.onStatsSampled(new ConnectionStatsSampled(this.specter, this.pc, stats));
		publish(new PeerConnectionReady(this.specter, this.pc));
		publish(new PeerConnectionClosed(this.specter, this.pc));
		this.metrics.onStatsSampled(new ConnectionStatsSampled(this.specter, this.pc, stats));
		assertThat(this.registry.find(SpecterMetrics.TRANSPORT_BYTES).counters()).isEmpty();
	}

	/**
	 * Spring delivers a sample to both listeners of {@link SpecterMetrics}: the generic
	 * one and the sample one.
	 */
	private void sampled(ConnectionStatsSampled sample) {
		this.metrics.onEvent(sample);
		this.metrics.onStatsSampled(sample);
	}

}
