package dev.specter.metrics;

import java.time.Duration;
import java.time.Instant;

import dev.specter.ErrorCode;
import dev.specter.InvalidInputException;
import dev.specter.stats.ConnectionStats;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Reading real libwebrtc reports into {@link ConnectionStats}. */
class ConnectionStatsTests {

	@Test
	void dataChannelSender() {
		ConnectionStats stats = StatsFixtures.stats("data-channel-sender");
		assertThat(stats.timestamp()).isEqualTo(Instant.parse("2026-11-22T03:49:02.548939Z"));
		assertThat(stats.transport()).isEqualTo(new ConnectionStats.Transport(2366, 1257, 10, 9));
		assertThat(stats.dataChannels()).isEqualTo(new ConnectionStats.DataChannels(1, 2, 1011, 0, 0));
		ConnectionStats.CandidatePair pair = stats.selectedCandidatePair();
		assertThat(pair).isNotNull();
		assertThat(pair.state()).isEqualTo("succeeded");
		assertThat(pair.local()).isEqualTo(new ConnectionStats.Candidate("host", "udp", "fd00::2", 47321));
		assertThat(pair.remote()).isEqualTo(new ConnectionStats.Candidate("host", "udp", "fd00::2", 48149));
		assertThat(pair.currentRoundTripTime()).isEqualTo(Duration.ofMillis(1));
		assertThat(stats.outboundRtp()).isEmpty();
		assertThat(stats.inboundRtp()).isEmpty();
	}

	@Test
	void dataChannelReceiver() {
		ConnectionStats stats = StatsFixtures.stats("data-channel-receiver");
		assertThat(stats.dataChannels()).isEqualTo(new ConnectionStats.DataChannels(1, 0, 0, 2, 1011));
		assertThat(stats.transport().bytesReceived()).isEqualTo(2366);
	}

	@Test
	void videoSender() {
		ConnectionStats stats = StatsFixtures.stats("video-sender");
		assertThat(stats.outboundRtp())
			.containsExactly(new ConnectionStats.OutboundRtp("video", 2124725370L, 234, 249826, 14L));
		assertThat(stats.inboundRtp()).isEmpty();
		assertThat(stats.dataChannels().channels()).isZero();
		ConnectionStats.CandidatePair pair = stats.selectedCandidatePair();
		assertThat(pair).isNotNull();
		assertThat(pair.bytesSent()).isEqualTo(260119);
		// libwebrtc hides a peer-reflexive remote candidate's address
		assertThat(pair.remote()).isEqualTo(new ConnectionStats.Candidate("prflx", "udp", null, 34395));
	}

	@Test
	void videoReceiver() {
		ConnectionStats stats = StatsFixtures.stats("video-receiver");
		assertThat(stats.inboundRtp()).containsExactly(
				new ConnectionStats.InboundRtp("video", 2124725370L, 234, 249826, 0, Duration.ofMillis(50), 14L));
		assertThat(stats.outboundRtp()).isEmpty();
	}

	@Test
	void keepsNoCredentialOrCertificate() {
		String text = StatsFixtures.stats("data-channel-sender").toString();
		assertThat(StatsFixtures.json("data-channel-sender")).contains("yXdX", "base64Certificate");
		assertThat(text).doesNotContain("yXdX", "MIIB", "EB:67:90", "usernameFragment");
	}

	@Test
	void rejectsWhatIsNotAReport() {
		assertThatThrownBy(() -> ConnectionStats.fromJson("{\"timestamp\": 1}"))
			.isInstanceOf(InvalidInputException.class)
			.satisfies((ex) -> assertThat(((InvalidInputException) ex).code()).isEqualTo(ErrorCode.INVALID_JSON));
		assertThatThrownBy(() -> ConnectionStats.fromJson("not json")).isInstanceOf(InvalidInputException.class);
	}

}
