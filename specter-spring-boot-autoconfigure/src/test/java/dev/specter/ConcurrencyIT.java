package dev.specter;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import dev.specter.event.PeerConnectionClosed;
import dev.specter.signaling.IceCandidate;
import dev.specter.signaling.SessionDescription;
import dev.specter.test.ConnectedPair;
import dev.specter.test.EngineResources;
import dev.specter.test.SpecterIntegrationTest;
import dev.specter.test.SpecterIntegrationTestSupport;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Many threads drive one connected pair at once (offers, answers, descriptions,
 * candidates, sends, stats, ICE restarts) and one of them closes it midway: no crash, no
 * deadlock, every call ends with a result or a typed error, and the final state is
 * consistent.
 */
@SpecterIntegrationTest(properties = "specter.operation-timeout=5s")
class ConcurrencyIT extends SpecterIntegrationTestSupport {

	private final SpecterFactory factory;

	ConcurrencyIT(SpecterFactory factory) {
		this.factory = factory;
	}

	@Test
	void manyThreadsOnOneConnectionWhileItCloses() throws Exception {
		long openBefore = EngineResources.of(this.factory).openConnections();
		ConnectedPair pair = ConnectedPair.open(this.specter, this.events, this.relay);
		SessionDescription offer = this.specter.createOffer(pair.a()).get(5, TimeUnit.SECONDS);
		int threads = 16;
		ExecutorService pool = Executors.newFixedThreadPool(threads);
		CountDownLatch start = new CountDownLatch(1);
		List<CompletableFuture<?>> futures = new CopyOnWriteArrayList<>();
		Map<String, AtomicInteger> outcomes = new ConcurrentHashMap<>();
		List<Throwable> unexpected = new CopyOnWriteArrayList<>();
		for (int t = 0; t < threads; t++) {
			int seed = t;
			pool.execute(() -> {
				Random random = new Random(seed);
				try {
					start.await();
					for (int i = 0; i < 300; i++) {
						if (seed == 0 && i == 150) {
							this.specter.closePeerConnection(pair.a());
							continue;
						}
						PeerConnectionId pc = random.nextBoolean() ? pair.a() : pair.b();
						try {
							CompletableFuture<?> future = switch (random.nextInt(8)) {
								case 0 -> this.specter.createOffer(pc);
								case 1 -> this.specter.createAnswer(pc);
								case 2 -> this.specter.setRemoteDescription(pc, offer);
								case 3 -> this.specter.getStats(pc);
								case 4 -> this.specter.sendText(pair.a(), pair.channelA(), "x" + i);
								case 5 -> this.specter.addIceCandidate(pc, new IceCandidate(
										"candidate:1 1 udp 2122260223 192.0.2.2 9 typ host", "0", 0, null));
								case 6 -> this.specter.getIceStats(pc);
								default -> {
									this.specter.connectionState(pc);
									this.specter.localDescription(pc);
									this.specter.restartIce(pc);
									yield CompletableFuture.completedFuture(null);
								}
							};
							futures.add(future);
						}
						catch (SpecterException ex) {
							outcomes.computeIfAbsent("thrown " + ex.code(), (k) -> new AtomicInteger())
								.incrementAndGet();
						}
					}
				}
				catch (Throwable ex) {
					unexpected.add(ex);
				}
			});
		}
		start.countDown();
		pool.shutdown();
		assertThat(pool.awaitTermination(60, TimeUnit.SECONDS)).as("no deadlock").isTrue();
		assertThat(unexpected).isEmpty();
		for (CompletableFuture<?> future : new ArrayList<>(futures)) {
			try {
				future.get(15, TimeUnit.SECONDS);
				outcomes.computeIfAbsent("ok", (k) -> new AtomicInteger()).incrementAndGet();
			}
			catch (ExecutionException ex) {
				assertThat(ex.getCause()).isInstanceOf(SpecterException.class);
				outcomes
					.computeIfAbsent("failed " + ((SpecterException) ex.getCause()).code(), (k) -> new AtomicInteger())
					.incrementAndGet();
			}
		}
		System.out.println("Concurrency outcomes: " + outcomes);
		assertThat(outcomes).containsKeys("ok", "thrown NOT_FOUND");
		// Consistent final state: a is gone, exactly one closed event, b still answers
		// queries.
		this.events.await(PeerConnectionClosed.class, pair.a());
		assertThat(this.specter.peerConnectionExists(pair.a())).isFalse();
		assertThat(this.events.events(PeerConnectionClosed.class, pair.a())).hasSize(1);
		assertThat(this.specter.signalingState(pair.b())).isNotNull();
		this.specter.closePeerConnection(pair.b());
		this.events.await(PeerConnectionClosed.class, pair.b(), (e) -> true, Duration.ofSeconds(10));
		assertThat(EngineResources.of(this.factory).openConnections()).isEqualTo(openBefore);
	}

}
