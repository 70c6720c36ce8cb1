package dev.specter;

import java.security.MessageDigest;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import dev.specter.event.DataChannelMessage;
import dev.specter.event.IceCandidateError;
import dev.specter.event.IceCandidateGathered;
import dev.specter.event.IceGatheringStateChanged;
import dev.specter.ice.IceServer;
import dev.specter.ice.IceTransportPolicy;
import dev.specter.metrics.SpecterMetrics;
import dev.specter.signaling.IceGatheringState;
import dev.specter.signaling.SessionDescription;
import dev.specter.stats.IceStats;
import dev.specter.test.CandidateRelay;
import dev.specter.test.ConnectedPair;
import dev.specter.test.EventRecorder;
import dev.specter.test.Peers;
import dev.specter.test.SpecterIntegrationTest;
import dev.specter.test.TurnServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Relay-only connections through a real TURN server (coturn, started here on this
 * machine's interface address), over UDP and over TCP to the server, and a wrong
 * credential reported as an {@link IceCandidateError} event and meter instead of silence.
 */
@SpecterIntegrationTest
@Import(TurnRelayIT.Meters.class)
class TurnRelayIT {

	private static final int MIB = 1024 * 1024;

	private static TurnServer turn;

	private final SpecterFactory factory;

	private final EventRecorder events;

	private final CandidateRelay relay;

	private final SimpleMeterRegistry registry;

	private Specter custom;

	TurnRelayIT(SpecterFactory factory, EventRecorder events, CandidateRelay relay, SimpleMeterRegistry registry) {
		this.factory = factory;
		this.events = events;
		this.relay = relay;
		this.registry = registry;
	}

	@BeforeAll
	static void startTurn() throws Exception {
		turn = TurnServer.start();
		System.out.println("TURN: coturn pid " + turn.pid() + " on " + turn.address() + ":" + turn.port());
	}

	@AfterAll
	static void stopTurn() {
		if (turn != null) {
			turn.close();
		}
	}

	@AfterEach
	void closeCustom() {
		if (this.custom != null) {
			this.custom.close();
		}
		this.events.clear();
	}

	@Test
	void relayOnlyOverUdpCarriesOneMebibyteIntact() throws Exception {
		relayOnlyCarriesOneMebibyte("udp");
	}

	@Test
	void relayOnlyOverTcpCarriesOneMebibyteIntact() throws Exception {
		relayOnlyCarriesOneMebibyte("tcp");
	}

	private void relayOnlyCarriesOneMebibyte(String transport) throws Exception {
		this.custom = relayOnly(TurnServer.CREDENTIAL, transport);
		ConnectedPair pair = ConnectedPair.open(this.custom, this.events, this.relay);
		// every candidate either side gathered is a relay candidate on the TURN server
		for (PeerConnectionId pc : List.of(pair.a(), pair.b())) {
			assertThat(this.events.events(IceCandidateGathered.class, pc)).isNotEmpty()
				.allSatisfy((e) -> assertThat(e.candidate().candidate()).contains(" typ relay ")
					.contains(" " + turn.address() + " "));
			assertThat(this.events.events(IceCandidateError.class, pc)).isEmpty();
		}
		byte[] payload = new byte[MIB];
		new Random(42).nextBytes(payload);
		long before = pair.receivedByAnswerer(this.events);
		long started = System.nanoTime();
		this.custom.sendBinary(pair.a(), pair.channelA(), payload).get(60, TimeUnit.SECONDS);
		Awaitility.await("1 MiB over TURN/" + transport)
			.atMost(Duration.ofSeconds(60))
			.until(() -> pair.receivedByAnswerer(this.events) - before >= MIB);
		System.out.println("TURN/" + transport + ": 1 MiB relayed in "
				+ TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started) + " ms");
		MessageDigest received = MessageDigest.getInstance("SHA-256");
		long bytes = 0;
		for (DataChannelMessage message : this.events.events(DataChannelMessage.class, pair.b())) {
			if (message.binary()) {
				received.update(message.data());
				bytes += message.size();
			}
		}
		assertThat(bytes).isEqualTo(MIB);
		assertThat(received.digest()).isEqualTo(MessageDigest.getInstance("SHA-256").digest(payload));
		for (PeerConnectionId pc : List.of(pair.a(), pair.b())) {
			IceStats stats = this.custom.getIceStats(pc).get(10, TimeUnit.SECONDS);
			IceStats.CandidatePair selected = stats.candidatePairs()
				.stream()
				.filter(IceStats.CandidatePair::selected)
				.findFirst()
				.orElseThrow(() -> new AssertionError("no selected pair in " + stats));
			assertThat(selected.localType()).isEqualTo("relay");
			assertThat(selected.remoteType()).isEqualTo("relay");
			assertThat(selected.localAddress()).startsWith(turn.address() + ":");
			assertThat(selected.bytesSent() + selected.bytesReceived()).isGreaterThan(MIB);
		}
		pair.close();
	}

	@Test
	void wrongCredentialIsReportedWithinTwoSeconds() throws Exception {
		for (String transport : List.of("udp", "tcp")) {
			this.custom = relayOnly("wrong-secret", transport);
			PeerConnectionId pc = Peers.newPeerConnection(this.custom);
			this.custom.createDataChannel(pc, "d").get(10, TimeUnit.SECONDS);
			SessionDescription offer = this.custom.createOffer(pc).get(10, TimeUnit.SECONDS);
			double countedBefore = counted("401");
			long started = System.nanoTime();
			this.custom.setLocalDescription(pc, offer).get(10, TimeUnit.SECONDS);
			IceCandidateError error = this.events.await(IceCandidateError.class, pc, (e) -> true,
					Duration.ofSeconds(2));
			long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
			System.out.println("TURN/" + transport + ": wrong credential reported after " + millis + " ms: " + error);
			assertThat(error.errorCode()).isEqualTo(401);
			assertThat(error.url()).isEqualTo(turn.url(transport));
			assertThat(error.errorText()).isNotBlank();
			assertThat(error.toString()).doesNotContain("wrong-secret").doesNotContain(TurnServer.USER);
			this.events.await(IceGatheringStateChanged.class, pc, (e) -> e.state() == IceGatheringState.COMPLETE,
					Duration.ofSeconds(20));
			assertThat(this.events.events(IceCandidateGathered.class, pc)).isEmpty();
			Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> counted("401") > countedBefore);
			this.custom.close();
			this.custom = null;
		}
	}

	private double counted(String code) {
		var counter = this.registry.find(SpecterMetrics.ICE_CANDIDATE_ERRORS).tag("code", code).counter();
		return (counter != null) ? counter.count() : 0;
	}

	private Specter relayOnly(String credential, String transport) {
		IceServer server = new IceServer(List.of(turn.url(transport)), TurnServer.USER, credential);
		return this.factory.create(new SpecterConfig(List.of(server), IceTransportPolicy.RELAY, null, null));
	}

	static class Meters {

		@Bean
		SimpleMeterRegistry simpleMeterRegistry() {
			return new SimpleMeterRegistry();
		}

	}

}
