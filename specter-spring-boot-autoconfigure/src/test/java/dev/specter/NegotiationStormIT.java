package dev.specter;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import dev.specter.event.OperationFailed;
import dev.specter.signaling.SdpType;
import dev.specter.signaling.SessionDescription;
import dev.specter.test.ConnectedPair;
import dev.specter.test.SpecterIntegrationTest;
import dev.specter.test.SpecterIntegrationTestSupport;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A peer that floods its connection with ICE-restart offers (each a fresh ufrag, answered
 * the way a signaling handler answers: setRemoteDescription, createAnswer,
 * setLocalDescription). Every restart makes libwebrtc gather anew on the one signaling
 * thread all connections share, so an unbounded flood stalls everybody. Specter admits a
 * few restarts per connection and refuses the rest with LIMIT_EXCEEDED before they reach
 * the engine.
 */
@SpecterIntegrationTest
class NegotiationStormIT extends SpecterIntegrationTestSupport {

	@Test
	void iceRestartFloodFromOnePeerIsRefusedAndOthersKeepTalking() throws Exception {
		ConnectedPair victim = ConnectedPair.open(this.specter, this.events, this.relay);
		ConnectedPair bystander = ConnectedPair.open(this.specter, this.events, this.relay);
		SessionDescription genuine = this.specter.localDescription(victim.a()).orElseThrow();
		long filesBefore = openFiles();

		// The bystander keeps a message in flight all along; the slowest round trip is
		// recorded.
		AtomicBoolean storming = new AtomicBoolean(true);
		AtomicLong slowestRoundTrip = new AtomicLong();
		AtomicInteger roundTrips = new AtomicInteger();
		Thread chatter = new Thread(() -> {
			while (storming.get()) {
				long t0 = System.nanoTime();
				try {
					bystander.roundTrip(this.events, "still here " + roundTrips.get());
				}
				catch (Exception ex) {
					return;
				}
				slowestRoundTrip.accumulateAndGet(System.nanoTime() - t0, Math::max);
				roundTrips.incrementAndGet();
			}
		});
		chatter.start();

		int threads = 8;
		int perThread = 25;
		Map<String, AtomicInteger> outcomes = new ConcurrentHashMap<>();
		ExecutorService pool = Executors.newFixedThreadPool(threads);
		long t0 = System.nanoTime();
		List<Future<?>> runs = Stream.<Future<?>>generate(() -> pool.submit(() -> {
			Random random = new Random();
			for (int i = 0; i < perThread; i++) {
				SessionDescription restart = new SessionDescription(SdpType.OFFER,
						genuine.sdp()
							.replaceAll("a=ice-ufrag:\\S+", "a=ice-ufrag:" + token(random, 8))
							.replaceAll("a=ice-pwd:\\S+", "a=ice-pwd:" + token(random, 24)));
				String outcome;
				try {
					this.specter.setRemoteDescription(victim.b(), restart).get(30, TimeUnit.SECONDS);
					SessionDescription answer = this.specter.createAnswer(victim.b()).get(30, TimeUnit.SECONDS);
					this.specter.setLocalDescription(victim.b(), answer).get(30, TimeUnit.SECONDS);
					outcome = "answered";
				}
				catch (ExecutionException ex) {
					outcome = (ex.getCause() instanceof SpecterException specter) ? specter.code().name()
							: ex.getCause().getClass().getSimpleName();
				}
				catch (SpecterException ex) {
					outcome = ex.code().name();
				}
				catch (Exception ex) {
					outcome = ex.getClass().getSimpleName();
				}
				outcomes.computeIfAbsent(outcome, (k) -> new AtomicInteger()).incrementAndGet();
			}
			return null;
		})).limit(threads).toList();
		for (Future<?> run : runs) {
			run.get(5, TimeUnit.MINUTES);
		}
		double seconds = (System.nanoTime() - t0) / 1e9;
		pool.shutdown();
		// The refused offers cost so little that the flood may end within a round trip:
		// let the
		// bystander complete a few before it stops.
		Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> roundTrips.get() >= 3 || !chatter.isAlive());
		storming.set(false);
		chatter.join(10_000);
		long filesAfter = openFiles();
		System.out.printf(
				"Storm: %d restart offers in %.1f s, outcomes %s; open files %d -> %d; bystander %d round trips, "
						+ "slowest %.0f ms%n",
				threads * perThread, seconds, outcomes, filesBefore, filesAfter, roundTrips.get(),
				slowestRoundTrip.get() / 1e6);

		int answered = count(outcomes, "answered");
		int refused = count(outcomes, "LIMIT_EXCEEDED");
		// Admitted offers end answered, or REJECTED by the engine when concurrent offers
		// race.
		int admitted = answered + count(outcomes, "REJECTED");
		assertThat(admitted + refused).as("only typed outcomes: " + outcomes).isEqualTo(threads * perThread);
		// A burst of 3, then one every 6 s (10 a minute): the rest are refused before the
		// engine.
		int allowance = 3 + (int) Math.ceil(seconds / 6);
		assertThat(admitted).as(outcomes.toString()).isBetween(1, allowance);
		assertThat(refused).as(outcomes.toString()).isGreaterThanOrEqualTo(threads * perThread - allowance);
		assertThat(this.events.events(OperationFailed.class, victim.b()))
			.anyMatch((e) -> e.code() == ErrorCode.LIMIT_EXCEEDED && e.message().contains("ICE restart"));
		// The bystander never stopped, and the flood did not leave sockets behind.
		assertThat(roundTrips.get()).isGreaterThanOrEqualTo(3);
		assertThat(filesAfter - filesBefore).isLessThan(200);
		// The victim's own connection survived the flood: a genuine exchange still works.
		bystander.roundTrip(this.events, "after the storm");
		victim.close();
		bystander.close();
	}

	private static int count(Map<String, AtomicInteger> outcomes, String key) {
		AtomicInteger value = outcomes.get(key);
		return (value != null) ? value.get() : 0;
	}

	private static String token(Random random, int length) {
		String alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+/";
		StringBuilder token = new StringBuilder(length);
		for (int i = 0; i < length; i++) {
			token.append(alphabet.charAt(random.nextInt(alphabet.length())));
		}
		return token.toString();
	}

	private static long openFiles() throws Exception {
		try (Stream<Path> files = Files.list(Path.of("/proc/self/fd"))) {
			return files.count();
		}
	}

}
