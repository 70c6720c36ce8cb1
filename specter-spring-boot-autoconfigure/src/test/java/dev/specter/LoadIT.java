package dev.specter;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import dev.specter.event.DataChannelMessage;
import dev.specter.signaling.ConnectionState;
import dev.specter.test.ConnectedPair;
import dev.specter.test.SpecterIntegrationTest;
import dev.specter.test.SpecterIntegrationTestSupport;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * 100 pairs (200 connections) negotiated concurrently through the public API: all
 * connect, and every one of 100 messages per pair arrives, in order.
 * {@code -Dspecter.load.pairs} changes the number of pairs.
 */
@SpecterIntegrationTest
class LoadIT extends SpecterIntegrationTestSupport {

	private static final int PAIRS = Integer.getInteger("specter.load.pairs", 100);

	private static final int MESSAGES = 100;

	@Test
	void hundredPairsConnectAndDeliverEveryMessageInOrder() throws Exception {
		long started = System.nanoTime();
		ExecutorService pool = Executors.newFixedThreadPool(16);
		List<Future<ConnectedPair>> opening = new ArrayList<>();
		for (int i = 0; i < PAIRS; i++) {
			opening.add(pool.submit(() -> ConnectedPair.open(this.specter, this.events, this.relay)));
		}
		List<ConnectedPair> pairs = new ArrayList<>();
		for (Future<ConnectedPair> pair : opening) {
			pairs.add(pair.get(120, TimeUnit.SECONDS));
		}
		pool.shutdown();
		double connectSeconds = (System.nanoTime() - started) / 1e9;
		assertThat(pairs).hasSize(PAIRS);
		assertThat(this.specter.peerConnections()).hasSizeGreaterThanOrEqualTo(2 * PAIRS);
		for (ConnectedPair pair : pairs) {
			assertThat(this.specter.connectionState(pair.a())).isEqualTo(ConnectionState.CONNECTED);
			assertThat(this.specter.connectionState(pair.b())).isEqualTo(ConnectionState.CONNECTED);
		}
		List<CompletableFuture<Void>> sends = new ArrayList<>();
		for (int m = 0; m < MESSAGES; m++) {
			for (ConnectedPair pair : pairs) {
				sends.add(this.specter.sendText(pair.a(), pair.channelA(), "msg-" + m));
			}
		}
		CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
		Awaitility.await()
			.atMost(Duration.ofSeconds(60))
			.pollInterval(Duration.ofMillis(200))
			.until(() -> this.events.events(DataChannelMessage.class, null).size() >= PAIRS * MESSAGES);
		for (ConnectedPair pair : pairs) {
			List<String> received = pair.received(this.events);
			assertThat(received).hasSize(MESSAGES);
			for (int m = 0; m < MESSAGES; m++) {
				assertThat(received.get(m)).isEqualTo("msg-" + m);
			}
		}
		System.out.printf("Load: %d pairs connected in %.1f s; %d messages delivered in order%n", PAIRS, connectSeconds,
				PAIRS * MESSAGES);
		pairs.forEach(ConnectedPair::close);
	}

}
