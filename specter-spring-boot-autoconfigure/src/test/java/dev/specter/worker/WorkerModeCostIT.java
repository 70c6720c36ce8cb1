package dev.specter.worker;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import dev.specter.ApiId;
import dev.specter.DataChannelId;
import dev.specter.PeerConnectionId;
import dev.specter.Specter;
import dev.specter.SpecterConfig;
import dev.specter.SpecterFactory;
import dev.specter.SpecterObserver;
import dev.specter.datachannel.DataChannelState;
import dev.specter.dispatch.EventDispatcher;
import dev.specter.event.DataChannelMessage;
import dev.specter.event.DataChannelReceived;
import dev.specter.event.DataChannelStateChanged;
import dev.specter.event.IceCandidateGathered;
import dev.specter.event.SpecterEvent;
import dev.specter.test.Peers;
import dev.specter.webrtc.ConnectionLimits;
import dev.specter.webrtc.DefaultSpecterFactory;
import dev.specter.webrtc.PeerConnectionFactoryPool;
import dev.specter.webrtc.RuntimeSettings;
import org.junit.jupiter.api.Test;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.PayloadApplicationEvent;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What worker mode costs, measured in one run against in-process mode with the same
 * workload: set-up of a connected pair with an open data channel, a 32-byte echo round
 * trip through events, and a 32 MiB transfer. Prints the figures; asserts only that every
 * step completed (speed is not asserted on a shared machine). Both peers of a pair are
 * connections of the measured instance (in worker mode, on different workers).
 */
class WorkerModeCostIT {

	private static final int SETUP_WARMUP = 100;

	private static final int SETUP_PAIRS = 40;

	private static final int RTT_WARMUP = 5000;

	private static final int RTT_ITERATIONS = 5000;

	private static final int PAYLOAD = 32 * 1024 * 1024;

	@Test
	void setUpRoundTripAndThroughputInBothModes() throws Exception {
		Figures inProcess;
		try (Harness harness = new Harness(false)) {
			inProcess = harness.measure();
		}
		Figures workers;
		try (Harness harness = new Harness(true)) {
			workers = harness.measure();
		}
		System.out.printf(
				"Worker mode cost (in-process -> workers, ratio):%n  set-up %.2f -> %.2f ms (%.2fx)%n"
						+ "  round trip median %.0f -> %.0f us (%.2fx), p99 %.0f -> %.0f us (%.2fx)%n"
						+ "  32 MiB %.1f -> %.1f MiB/s (%.2fx)%n",
				inProcess.setUpMillis(), workers.setUpMillis(), workers.setUpMillis() / inProcess.setUpMillis(),
				inProcess.rttMedianMicros(), workers.rttMedianMicros(),
				workers.rttMedianMicros() / inProcess.rttMedianMicros(), inProcess.rttP99Micros(),
				workers.rttP99Micros(), workers.rttP99Micros() / inProcess.rttP99Micros(), inProcess.mibPerSecond(),
				workers.mibPerSecond(), workers.mibPerSecond() / inProcess.mibPerSecond());
		assertThat(workers.setUpMillis()).isPositive();
		assertThat(inProcess.setUpMillis()).isPositive();
	}

	record Figures(double setUpMillis, double rttMedianMicros, double rttP99Micros, double mibPerSecond) {
	}

	/** One Specter of one mode, with the signaling and echo a real application does. */
	static final class Harness implements ApplicationEventPublisher, AutoCloseable {

		private final AutoCloseable factory;

		private final Specter specter;

		private final Map<PeerConnectionId, PeerConnectionId> peers = new ConcurrentHashMap<>();

		private final Map<PeerConnectionId, CompletableFuture<DataChannelId>> open = new ConcurrentHashMap<>();

		private final Map<PeerConnectionId, DataChannelId> echoChannels = new ConcurrentHashMap<>();

		private volatile PeerConnectionId echoing;

		private volatile CompletableFuture<String> reply = new CompletableFuture<>();

		private final AtomicLong received = new AtomicLong();

		Harness(boolean workers) {
			EventDispatcher dispatcher = new EventDispatcher(this, 8, 100_000);
			SpecterFactory created = workers
					? new WorkerSpecterFactory(WorkerOptions.of(2), dispatcher, RuntimeSettings.DEFAULTS,
							ConnectionLimits.DEFAULTS, SpecterObserver.NONE)
					: new DefaultSpecterFactory(new PeerConnectionFactoryPool(), dispatcher, RuntimeSettings.DEFAULTS);
			this.factory = (AutoCloseable) created;
			this.specter = created.create(SpecterConfig.ofUrls());
		}

		@Override
		public void publishEvent(Object event) {
			SpecterEvent specterEvent = (SpecterEvent) ((PayloadApplicationEvent<?>) event).getPayload();
			PeerConnectionId pc = specterEvent.peerConnection();
			if (specterEvent instanceof IceCandidateGathered candidate) {
				PeerConnectionId peer = this.peers.get(pc);
				if (peer != null && this.specter.peerConnectionExists(peer)) {
					this.specter.addIceCandidate(peer, candidate.candidate());
				}
			}
			else if (specterEvent instanceof DataChannelReceived channel) {
				this.echoChannels.put(pc, channel.channel());
			}
			else if (specterEvent instanceof DataChannelStateChanged state && state.state() == DataChannelState.OPEN) {
				this.open.computeIfAbsent(pc, (id) -> new CompletableFuture<>()).complete(state.channel());
			}
			else if (specterEvent instanceof DataChannelMessage message) {
				if (pc.equals(this.echoing)) {
					this.specter.sendText(pc, message.channel(), message.text());
				}
				else if (message.binary()) {
					this.received.addAndGet(message.size());
				}
				else {
					this.reply.complete(message.text());
				}
			}
		}

		Figures measure() throws Exception {
			ApiId api = Peers.newApi(this.specter);
			for (int i = 0; i < SETUP_WARMUP; i++) {
				close(pair(api));
			}
			long started = System.nanoTime();
			for (int i = 0; i < SETUP_PAIRS; i++) {
				close(pair(api));
			}
			double setUp = (System.nanoTime() - started) / 1e6 / SETUP_PAIRS;
			PeerConnectionId[] pair = pair(api);
			DataChannelId channel = this.open.get(pair[0]).get(10, TimeUnit.SECONDS);
			this.echoing = pair[1];
			long[] rtts = new long[RTT_ITERATIONS];
			for (int i = 0; i < RTT_WARMUP + RTT_ITERATIONS; i++) {
				this.reply = new CompletableFuture<>();
				String text = String.format("%032d", i);
				long sent = System.nanoTime();
				this.specter.sendText(pair[0], channel, text);
				assertThat(this.reply.get(10, TimeUnit.SECONDS)).isEqualTo(text);
				if (i >= RTT_WARMUP) {
					rtts[i - RTT_WARMUP] = System.nanoTime() - sent;
				}
			}
			Arrays.sort(rtts);
			this.echoing = null;
			PeerConnectionId receiver = pair[1];
			this.echoing = null;
			long before = this.received.get();
			long start = System.nanoTime();
			this.specter.sendBinary(pair[0], channel, new byte[PAYLOAD]).get(120, TimeUnit.SECONDS);
			while (this.received.get() - before < PAYLOAD) {
				Thread.sleep(1);
				assertThat(System.nanoTime() - start).isLessThan(TimeUnit.SECONDS.toNanos(120));
			}
			double seconds = (System.nanoTime() - start) / 1e9;
			close(pair);
			assertThat(receiver).isNotNull();
			return new Figures(setUp, rtts[rtts.length / 2] / 1e3, rtts[(int) (rtts.length * 0.99)] / 1e3,
					PAYLOAD / 1024.0 / 1024.0 / seconds);
		}

		private PeerConnectionId[] pair(ApiId api) throws Exception {
			PeerConnectionId a = this.specter.newPeerConnection(api);
			PeerConnectionId b = this.specter.newPeerConnection(api);
			this.peers.put(a, b);
			this.peers.put(b, a);
			this.open.computeIfAbsent(a, (id) -> new CompletableFuture<>());
			this.open.computeIfAbsent(b, (id) -> new CompletableFuture<>());
			this.specter.createDataChannel(a, "cost").get(10, TimeUnit.SECONDS);
			Peers.negotiate(this.specter, a, this.specter, b);
			this.open.get(a).get(20, TimeUnit.SECONDS);
			this.open.get(b).get(20, TimeUnit.SECONDS);
			return new PeerConnectionId[] { a, b };
		}

		private void close(PeerConnectionId[] pair) throws Exception {
			List<CompletableFuture<Void>> closed = new ArrayList<>();
			for (PeerConnectionId pc : pair) {
				closed.add(this.specter.closePeerConnection(pc));
				this.peers.remove(pc);
				this.open.remove(pc);
				this.echoChannels.remove(pc);
			}
			CompletableFuture.allOf(closed.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
		}

		@Override
		public void close() throws Exception {
			this.specter.close();
			this.factory.close();
		}

	}

}
