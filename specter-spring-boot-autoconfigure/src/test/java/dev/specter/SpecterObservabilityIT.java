package dev.specter;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import javax.management.MBeanServer;
import javax.management.ObjectName;

import dev.specter.actuate.SpecterEndpoint;
import dev.specter.actuate.SpecterEndpoint.ConnectionDescriptor;
import dev.specter.actuate.SpecterHealthIndicator;
import dev.specter.event.ConnectionStatsSampled;
import dev.specter.event.DataChannelMessage;
import dev.specter.event.IceCandidateGathered;
import dev.specter.event.PeerConnectionClosed;
import dev.specter.event.SpecterEvent;
import dev.specter.metrics.SpecterMetrics;
import dev.specter.signaling.ConnectionState;
import dev.specter.test.ConnectedPair;
import dev.specter.test.Peers;
import dev.specter.test.SpecterIntegrationTest;
import dev.specter.test.SpecterIntegrationTestSupport;
import dev.specter.webrtc.DefaultSpecterFactory;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.aop.support.AopUtils;
import org.springframework.boot.health.actuate.endpoint.HealthEndpoint;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.context.event.EventListener;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Issue 8 against real connections: two webrtc-java peer connections in this JVM,
 * connected over host candidates, exchange data-channel messages; the meters (read from a
 * {@link SimpleMeterRegistry}), the sampled statistics, the {@code specter} endpoint (as
 * a bean and over JMX, through Actuator's own operation invoker) and the health indicator
 * must report what was actually sent.
 */
@SpecterIntegrationTest(properties = { "specter.stats.interval=200ms", "spring.jmx.enabled=true",
		"management.endpoints.jmx.exposure.include=specter", "management.endpoint.specter.access=unrestricted" })
@Import(SpecterObservabilityIT.Listeners.class)
@ExtendWith(OutputCaptureExtension.class)
class SpecterObservabilityIT extends SpecterIntegrationTestSupport {

	private static final Duration TIMEOUT = Duration.ofSeconds(20);

	private final SimpleMeterRegistry registry;

	private final SpecterEndpoint endpoint;

	private final SpecterHealthIndicator health;

	private final HealthEndpoint healthEndpoint;

	private final SampleRecorder samples;

	private final SpecterFactory factory;

	SpecterObservabilityIT(SimpleMeterRegistry registry, SpecterEndpoint endpoint, SpecterHealthIndicator health,
			HealthEndpoint healthEndpoint, SampleRecorder samples, SpecterFactory factory) {
		this.factory = factory;
		this.registry = registry;
		this.endpoint = endpoint;
		this.health = health;
		this.healthEndpoint = healthEndpoint;
		this.samples = samples;
	}

	@Test
	void metersSamplesAndEndpointReportTheBytesActuallySent() throws Exception {
		assertThat(AopUtils.isAopProxy(this.specter)).as("observed through SpecterObserver, not a proxy").isFalse();
		ConnectedPair pair = ConnectedPair.open(this.specter, this.events, this.relay);
		double bytesSent = counter(SpecterMetrics.DATACHANNEL_BYTES, "direction", "sent");
		double bytesReceived = counter(SpecterMetrics.DATACHANNEL_BYTES, "direction", "received");
		double messagesSent = counter(SpecterMetrics.DATACHANNEL_MESSAGES, "direction", "sent");
		double messagesReceived = counter(SpecterMetrics.DATACHANNEL_MESSAGES, "direction", "received");
		long sends = timerCount(SpecterMetrics.OPERATIONS, "operation", "send", "outcome", "success");

		String text = "héllo wörld ✓";
		byte[] binary = new byte[100_000];
		new Random(8).nextBytes(binary);
		long total = text.getBytes(StandardCharsets.UTF_8).length + binary.length;
		this.specter.sendText(pair.a(), pair.channelA(), text).get(10, TimeUnit.SECONDS);
		this.specter.sendBinary(pair.a(), pair.channelA(), binary).get(10, TimeUnit.SECONDS);
		await().atMost(TIMEOUT).until(() -> pair.receivedByAnswerer(this.events) == total);
		int receivedMessages = this.events.events(DataChannelMessage.class, pair.b()).size();

		// Meters: payload bytes counted on both sides match what was sent.
		await().atMost(TIMEOUT).untilAsserted(() -> {
			assertThat(counter(SpecterMetrics.DATACHANNEL_BYTES, "direction", "sent") - bytesSent).isEqualTo(total);
			assertThat(counter(SpecterMetrics.DATACHANNEL_BYTES, "direction", "received") - bytesReceived)
				.isEqualTo(total);
			// Messages are counted as handed to libwebrtc: the 100 kB payload is three
			// chunks on both sides.
			assertThat(counter(SpecterMetrics.DATACHANNEL_MESSAGES, "direction", "sent") - messagesSent)
				.isEqualTo(receivedMessages);
			assertThat(counter(SpecterMetrics.DATACHANNEL_MESSAGES, "direction", "received") - messagesReceived)
				.isEqualTo(receivedMessages);
			assertThat(timerCount(SpecterMetrics.OPERATIONS, "operation", "send", "outcome", "success") - sends)
				.isEqualTo(2);
		});
		assertThat(receivedMessages).as("100 kB is split into 64 KiB chunks").isEqualTo(3);

		// Events by type and candidates by type equal what a listener saw.
		await().atMost(TIMEOUT).untilAsserted(() -> {
			for (Class<?> type : this.events.events().stream().map(Object::getClass).distinct().toList()) {
				@SuppressWarnings("unchecked")
				Class<SpecterEvent> eventType = (Class<SpecterEvent>) type;
				assertThat(counter(SpecterMetrics.EVENTS, "type", type.getSimpleName())).as(type.getSimpleName())
					.isEqualTo(this.events.events(eventType, null).size());
			}
			long hostUdp = this.events.events(IceCandidateGathered.class, null)
				.stream()
				.map((gathered) -> gathered.candidate().candidate().split(" "))
				.filter((fields) -> fields[2].equalsIgnoreCase("udp") && fields[7].equals("host"))
				.count();
			assertThat(hostUdp).isPositive();
			assertThat(counter(SpecterMetrics.ICE_CANDIDATES, "type", "host", "protocol", "udp")).isEqualTo(hostUdp);
		});

		// Live connections by state equal what the engine says.
		await().atMost(TIMEOUT).untilAsserted(() -> assertThat(gauge("connected")).isEqualTo(connectedNow()));
		assertThat(gauge("connected")).isGreaterThanOrEqualTo(2);
		assertThat(timerCount(SpecterMetrics.CONNECTIONS_ESTABLISHMENT, "outcome", "connected"))
			.isGreaterThanOrEqualTo(2);
		assertThat(timerCount(SpecterMetrics.OPERATIONS, "operation", "create_offer", "outcome", "success"))
			.isPositive();
		assertThat(timerCount(SpecterMetrics.OPERATIONS, "operation", "set_remote_description", "outcome", "success"))
			.isPositive();

		// The scheduled sampler publishes the data-channel totals and feeds the transport
		// meters.
		ConnectionStatsSampled sample = await().atMost(TIMEOUT)
			.until(() -> this.samples.latest(pair.a()),
					(latest) -> latest != null && latest.stats().dataChannels().bytesSent() == total);
		assertThat(sample.specter()).isEqualTo(this.specter.id());
		assertThat(sample.stats().transport().bytesSent()).isGreaterThan(total);
		assertThat(sample.stats().selectedCandidatePair()).isNotNull();
		await().atMost(TIMEOUT)
			.untilAsserted(() -> assertThat(counter(SpecterMetrics.TRANSPORT_BYTES, "direction", "sent"))
				.isGreaterThanOrEqualTo(sample.stats().transport().bytesSent()));
		assertThat(this.registry.get(SpecterMetrics.ICE_ROUND_TRIP_TIME).timer().count()).isPositive();

		// The endpoint reads the same totals from the engine.
		ConnectionDescriptor offerer = this.endpoint.connection(pair.a().toString());
		ConnectionDescriptor answerer = this.endpoint.connection(pair.b().toString());
		assertThat(offerer).isNotNull();
		assertThat(answerer).isNotNull();
		assertThat(offerer.state()).isEqualTo("connected");
		assertThat(offerer.specter()).isEqualTo(this.specter.id().toString());
		assertThat(offerer.createdAt()).isNotNull();
		assertThat(offerer.ageSeconds()).isPositive();
		assertThat(offerer.stats().dataChannels().bytesSent()).isEqualTo(total);
		assertThat(answerer.stats().dataChannels().bytesReceived()).isEqualTo(total);
		assertThat(offerer.stats().transport().bytesSent()).isGreaterThan(total);
		assertThat(offerer.stats().selectedCandidatePair().local().type()).isEqualTo("host");
		assertThat(this.endpoint.connections().connections()).extracting(ConnectionDescriptor::id)
			.contains(pair.a().toString(), pair.b().toString());
		pair.close();
	}

	@Test
	void endpointOverJmxShowsNoCredentialAndClosesAConnection() throws Exception {
		ConnectedPair pair = ConnectedPair.open(this.specter, this.events, this.relay);
		MBeanServer server = ManagementFactory.getPlatformMBeanServer();
		Set<ObjectName> names = server
			.queryNames(new ObjectName("org.springframework.boot:type=Endpoint,name=Specter,*"), null);
		assertThat(names).hasSize(1);
		ObjectName name = names.iterator().next();

		// The listing shows sampled statistics (specter.stats.interval=200ms): wait for
		// the first.
		String json = await().atMost(TIMEOUT).until(() -> {
			Object listing = server.invoke(name, "connections", new Object[0], new String[0]);
			assertThat(listing).isInstanceOf(Map.class);
			return JsonMapper.builder().build().writeValueAsString(listing);
		}, (listed) -> listed.contains("\"selectedCandidatePair\""));
		assertThat(json).contains(pair.a().toString(), "\"selectedCandidatePair\"", "\"dataChannels\"",
				"\"ageSeconds\"");
		String sdp = this.specter.localDescription(pair.a()).orElseThrow().sdp();
		String password = attribute(sdp, "a=ice-pwd:");
		String fingerprint = attribute(sdp, "a=fingerprint:").split(" ")[1];
		assertThat(password).hasSizeGreaterThan(20);
		assertThat(json).doesNotContain(password, fingerprint, "a=ice", "v=0", "Certificate", "sdp");

		double closed = counter(SpecterMetrics.CONNECTIONS_CLOSED);
		Object answer = server.invoke(name, "close", new Object[] { pair.a().toString() },
				new String[] { String.class.getName() });
		assertThat(answer).isInstanceOf(Map.class);
		assertThat(((Map<?, ?>) answer).get("id")).isEqualTo(pair.a().toString());
		this.events.await(PeerConnectionClosed.class, pair.a());
		assertThat(this.specter.peerConnectionExists(pair.a())).isFalse();
		await().atMost(TIMEOUT)
			.untilAsserted(() -> assertThat(counter(SpecterMetrics.CONNECTIONS_CLOSED)).isEqualTo(closed + 1));
		assertThat(this.endpoint.connection(pair.a().toString())).isNull();
		assertThat(this.endpoint.close(pair.a().toString())).isNull();
		pair.close();
	}

	@Test
	void healthIsUpWithTheRealLibraryAndCountsConnectionsByState() throws Exception {
		ConnectedPair pair = ConnectedPair.open(this.specter, this.events, this.relay);
		Health health = this.health.health();
		assertThat(health.getStatus()).isEqualTo(Status.UP);
		assertThat(health.getDetails()).containsEntry("nativeLibrary", "loaded");
		if (this.factory instanceof DefaultSpecterFactory) {
			// the engine details describe in-process mode only (README, crash
			// containment)
			assertThat((Integer) health.getDetails().get("factories")).isPositive();
		}
		assertThat((Integer) health.getDetails().get("instances")).isPositive();
		@SuppressWarnings("unchecked")
		Map<String, Integer> connections = (Map<String, Integer>) health.getDetails().get("connections");
		assertThat(connections.get("connected")).isEqualTo(connectedNow()).isGreaterThanOrEqualTo(2);
		assertThat(this.healthEndpoint.healthForPath("specter").getStatus()).isEqualTo(Status.UP);
		pair.close();
	}

	@Test
	void listenerFailuresAreCountedAndStillHandled(CapturedOutput output) throws Exception {
		ConnectedPair pair = ConnectedPair.open(this.specter, this.events, this.relay);
		double before = failures();
		this.specter.sendText(pair.a(), pair.channelA(), Listeners.FAIL).get(10, TimeUnit.SECONDS);
		await().atMost(TIMEOUT).untilAsserted(() -> assertThat(failures()).isEqualTo(before + 1));
		await().atMost(TIMEOUT)
			.untilAsserted(() -> assertThat(output)
				.contains("@SpecterListener FailingListener.onMessage failed on DataChannelMessage"));
		pair.close();
	}

	@Test
	void failedOperationsAreTimedWithTheirOutcome() throws Exception {
		PeerConnectionId pc = Peers.newPeerConnection(this.specter);
		long notFound = timerCount(SpecterMetrics.OPERATIONS, "operation", "create_offer", "outcome", "not_found");
		// Arguments refused at once throw to the caller and start no operation: nothing
		// to time.
		assertThatThrownBy(() -> this.specter.createOffer(PeerConnectionId.random()))
			.isInstanceOf(NotFoundException.class);
		assertThat(timerCount(SpecterMetrics.OPERATIONS, "operation", "create_offer", "outcome", "not_found"))
			.isEqualTo(notFound);

		// An answer without a remote offer is refused by the engine.
		ExecutionException failure = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
				() -> this.specter.createAnswer(pc).get(10, TimeUnit.SECONDS));
		String outcome = ((SpecterException) failure.getCause()).code().name().toLowerCase(Locale.ROOT);
		await().atMost(TIMEOUT)
			.untilAsserted(() -> assertThat(
					timerCount(SpecterMetrics.OPERATIONS, "operation", "create_answer", "outcome", outcome))
				.isPositive());
		this.specter.closePeerConnection(pc);
	}

	// ---- helpers
	// ------------------------------------------------------------------------

	private long connectedNow() {
		return this.specter.peerConnections()
			.stream()
			.filter((pc) -> this.specter.connectionState(pc) == ConnectionState.CONNECTED)
			.count();
	}

	private double counter(String name, String... tags) {
		Counter counter = this.registry.find(name).tags(tags).counter();
		return (counter != null) ? counter.count() : 0;
	}

	private double failures() {
		return counter(SpecterMetrics.LISTENER_FAILURES, "event", "DataChannelMessage", "listener",
				"FailingListener.onMessage", "exception", "IllegalStateException");
	}

	private long timerCount(String name, String... tags) {
		Timer timer = this.registry.find(name).tags(tags).timer();
		return (timer != null) ? timer.count() : 0;
	}

	private double gauge(String state) {
		return this.registry.get(SpecterMetrics.CONNECTIONS).tag("state", state).gauge().value();
	}

	private static String attribute(String sdp, String prefix) {
		return sdp.lines()
			.filter((line) -> line.startsWith(prefix))
			.findFirst()
			.orElseThrow()
			.substring(prefix.length());
	}

	@Configuration(proxyBeanMethods = false)
	static class Listeners {

		static final String FAIL = "fail, please";

		@Bean
		SimpleMeterRegistry simpleMeterRegistry() {
			return new SimpleMeterRegistry();
		}

		@Bean
		SampleRecorder sampleRecorder() {
			return new SampleRecorder();
		}

		@Bean
		FailingListener failingListener() {
			return new FailingListener();
		}

	}

	static class SampleRecorder {

		private final List<ConnectionStatsSampled> samples = new CopyOnWriteArrayList<>();

		@EventListener
		void on(ConnectionStatsSampled sampled) {
			this.samples.add(sampled);
		}

		ConnectionStatsSampled latest(PeerConnectionId pc) {
			ConnectionStatsSampled latest = null;
			for (ConnectionStatsSampled sampled : this.samples) {
				if (sampled.peerConnection().equals(pc)) {
					latest = sampled;
				}
			}
			return latest;
		}

	}

	static class FailingListener {

		@SpecterListener
		void onMessage(DataChannelMessage message) {
			if (message.text().equals(Listeners.FAIL)) {
				throw new IllegalStateException("failing on purpose");
			}
		}

	}

}
