package dev.specter;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import dev.specter.datachannel.DataChannelState;
import dev.specter.event.DataChannelBufferedAmountLow;
import dev.specter.event.DataChannelStateChanged;
import dev.specter.test.ConnectedPair;
import dev.specter.test.SpecterIntegrationTest;
import dev.specter.test.SpecterIntegrationTestSupport;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The bound of a data channel's send queue
 * ({@code specter.data-channel.max-queued-bytes}), between two real peer connections: a
 * flood of small sends made faster than loopback SCTP takes them is refused past the
 * bound with {@code LIMIT_EXCEEDED}, every accepted message arrives once and in order,
 * and the channel keeps working; a sender that follows the documented pattern (watch
 * {@code bufferedAmount}, wait for {@link DataChannelBufferedAmountLow}) is never
 * refused.
 */
@SpecterIntegrationTest(properties = "specter.data-channel.max-queued-bytes=1MB")
class DataChannelBackPressureIT extends SpecterIntegrationTestSupport {

	private static final long BOUND = 1024 * 1024;

	private static final int MESSAGE = 8 * 1024;

	private ConnectedPair pair;

	@AfterEach
	void close() {
		if (this.pair != null) {
			this.pair.close();
		}
		this.events.clear();
	}

	@Test
	void aFloodPastTheBoundIsRefusedAndNothingAcceptedIsLost() throws Exception {
		this.pair = ConnectedPair.open(this.specter, this.events, this.relay);
		List<Integer> arrived = receive();
		// 160 MB of 8 KiB messages, sent without waiting: far more than loopback takes
		// while the loop runs.
		int count = 20_000;
		List<CompletableFuture<Void>> sends = new ArrayList<>(count);
		// The queue is sampled from another thread, so that the flood never waits: in
		// worker mode bufferedAmount is a round trip to the worker, which sampled from
		// the
		// sending loop paced the flood enough for the worker to keep up.
		AtomicLong peak = new AtomicLong();
		AtomicBoolean flooding = new AtomicBoolean(true);
		Thread sampler = new Thread(() -> {
			while (flooding.get()) {
				peak.accumulateAndGet(this.specter.bufferedAmount(this.pair.a(), this.pair.channelA()), Math::max);
			}
		}, "buffered-amount-sampler");
		sampler.start();
		try {
			for (int i = 0; i < count; i++) {
				sends.add(this.specter.sendBinary(this.pair.a(), this.pair.channelA(), message(i)));
			}
		}
		finally {
			flooding.set(false);
			sampler.join();
		}
		List<Integer> accepted = new ArrayList<>();
		int refused = 0;
		for (int i = 0; i < count; i++) {
			try {
				sends.get(i).get(120, TimeUnit.SECONDS);
				accepted.add(i);
			}
			catch (ExecutionException ex) {
				assertThat(ex.getCause()).isInstanceOfSatisfying(InvalidInputException.class, (refusal) -> {
					assertThat(refusal.code()).isEqualTo(ErrorCode.LIMIT_EXCEEDED);
					assertThat(refusal.getMessage()).contains("specter.data-channel.max-queued-bytes")
						.contains("limit of " + BOUND + " bytes");
				});
				refused++;
			}
		}
		System.out.printf("back-pressure flood: %d sends of %d B, %d refused, peak buffered %d B (bound %d B)%n", count,
				MESSAGE, refused, peak.get(), BOUND);
		assertThat(refused).as("sends refused past the bound").isPositive();
		// What Specter holds (the bound) plus what the engine holds (up to the high
		// watermark, 1 MiB, plus one message).
		assertThat(peak.get()).isLessThanOrEqualTo(BOUND + 1024 * 1024 + MESSAGE);
		Awaitility.await()
			.atMost(Duration.ofSeconds(120))
			.pollInterval(Duration.ofMillis(100))
			.until(() -> arrived.size() >= accepted.size());
		assertThat(List.copyOf(arrived)).as("every accepted message, once, in order").isEqualTo(accepted);
		// The channel keeps working.
		this.events.await(DataChannelBufferedAmountLow.class, this.pair.a());
		this.specter.sendBinary(this.pair.a(), this.pair.channelA(), message(count)).get(10, TimeUnit.SECONDS);
		Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> arrived.contains(count));
		assertThat(this.specter.dataChannelState(this.pair.a(), this.pair.channelA())).isEqualTo(DataChannelState.OPEN);
		assertThat(this.events.events(DataChannelStateChanged.class, this.pair.a()))
			.noneMatch((e) -> e.state() == DataChannelState.CLOSED || e.state() == DataChannelState.CLOSING);
	}

	@Test
	void aSenderThatWaitsForTheLowEventIsNeverRefused() throws Exception {
		this.pair = ConnectedPair.open(this.specter, this.events, this.relay);
		List<Integer> arrived = receive();
		int count = 6_000;
		List<CompletableFuture<Void>> sends = new ArrayList<>(count);
		for (int i = 0; i < count; i++) {
			if (this.specter.bufferedAmount(this.pair.a(), this.pair.channelA()) > BOUND / 2) {
				int lows = this.events.events(DataChannelBufferedAmountLow.class, this.pair.a()).size();
				Awaitility.await()
					.atMost(Duration.ofSeconds(30))
					.pollInterval(Duration.ofMillis(1))
					.until(() -> this.events.events(DataChannelBufferedAmountLow.class, this.pair.a()).size() > lows
							|| this.specter.bufferedAmount(this.pair.a(), this.pair.channelA()) <= BOUND / 2);
			}
			sends.add(this.specter.sendBinary(this.pair.a(), this.pair.channelA(), message(i)));
		}
		try {
			CompletableFuture.allOf(sends.toArray(new CompletableFuture<?>[0])).join();
		}
		catch (CompletionException ex) {
			throw new AssertionError("a paced send was refused", ex.getCause());
		}
		Awaitility.await()
			.atMost(Duration.ofSeconds(120))
			.pollInterval(Duration.ofMillis(100))
			.until(() -> arrived.size() >= count);
		List<Integer> expected = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			expected.add(i);
		}
		assertThat(List.copyOf(arrived)).isEqualTo(expected);
	}

	/**
	 * Records the answerer's messages on the engine's thread (a slow dispatch cannot drop
	 * them): what is under test is the sending side.
	 */
	private List<Integer> receive() {
		List<Integer> arrived = Collections.synchronizedList(new ArrayList<>());
		this.specter.handleMessagesInline(this.pair.b(), this.pair.channelB(),
				(message, reply) -> arrived.add(ByteBuffer.wrap(message.data()).getInt()));
		return arrived;
	}

	private static byte[] message(int sequence) {
		byte[] bytes = new byte[MESSAGE];
		ByteBuffer.wrap(bytes).putInt(sequence);
		return bytes;
	}

}
