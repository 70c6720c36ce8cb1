package dev.specter;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.specter.datachannel.DataChannelState;
import dev.specter.event.DataChannelMessage;
import dev.specter.event.DataChannelReceived;
import dev.specter.signaling.ConnectionState;
import dev.specter.test.RawChannel;
import dev.specter.test.RawFactory;
import dev.specter.test.RawOfferer;
import dev.specter.test.SpecterIntegrationTest;
import dev.specter.test.SpecterIntegrationTestSupport;
import dev.specter.webrtc.DefaultSpecterFactory;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * A raw webrtc-java peer (nothing of Specter) opens data channels on a Specter connection
 * as a hostile remote would: more than the per-connection limit at once, and open/close
 * loops. Specter accepts at most {@code 256} live remote channels, closes the rest, and
 * keeps only a bounded number of closed channels (and their native objects) per
 * connection. The native count is only visible in-process; in worker mode the other
 * assertions still run.
 */
@SpecterIntegrationTest
class RemoteDataChannelLimitsIT extends SpecterIntegrationTestSupport {

	private static final int LIMIT = 256;

	@RegisterExtension
	static final RawFactory rawFactory = new RawFactory();

	private final SpecterFactory factory;

	private RawOfferer raw;

	private PeerConnectionId pc;

	RemoteDataChannelLimitsIT(SpecterFactory factory) {
		this.factory = factory;
	}

	@AfterEach
	void close() {
		if (this.pc != null) {
			this.specter.closePeerConnection(this.pc);
		}
		if (this.raw != null) {
			this.raw.close();
		}
		this.events.clear();
	}

	@Test
	void channelsBeyondTheLimitAreClosedAndTheConnectionKeepsWorking() throws Exception {
		connect();
		long before = openDataChannels();
		List<RawChannel> opened = new ArrayList<>();
		for (int i = 0; i < 300; i++) {
			opened.add(this.raw.open("c" + i));
		}
		// The first channel counts: 255 of the 300 are accepted, 45 refused.
		int refused = 300 - (LIMIT - 1);
		Awaitility.await("refused channels closed on the raw side")
			.atMost(Duration.ofSeconds(60))
			.pollInterval(Duration.ofMillis(50))
			.until(() -> opened.stream().filter(RawChannel::isClosed).count() >= refused);
		Awaitility.await("received channels announced")
			.atMost(Duration.ofSeconds(30))
			.until(() -> this.events.events(DataChannelReceived.class, this.pc).size() >= LIMIT);
		Thread.sleep(500);
		assertThat(this.events.events(DataChannelReceived.class, this.pc)).hasSize(LIMIT);
		assertThat(opened.stream().filter(RawChannel::isClosed).count()).isEqualTo(refused);
		assertThat(opened.subList(0, LIMIT - 1)).allMatch(RawChannel::isOpen);
		if (this.factory instanceof DefaultSpecterFactory) {
			assertThat(openDataChannels() - before).as("native channels held").isLessThanOrEqualTo(LIMIT - 1);
		}
		assertThat(this.specter.connectionState(this.pc)).isEqualTo(ConnectionState.CONNECTED);
		opened.get(7).send("still here");
		this.events.await(DataChannelMessage.class, this.pc, (m) -> m.text().equals("still here"),
				Duration.ofSeconds(20));
		// Closing accepted channels makes room again.
		for (int i = 0; i < 10; i++) {
			opened.get(i).close();
		}
		Awaitility.await()
			.atMost(Duration.ofSeconds(30))
			.until(() -> opened.subList(0, 10).stream().allMatch(RawChannel::isClosed));
		List<DataChannelId> firstTen = this.events.events(DataChannelReceived.class, this.pc)
			.stream()
			.filter((e) -> e.label().matches("c\\d"))
			.map(DataChannelReceived::channel)
			.toList();
		assertThat(firstTen).hasSize(10);
		Awaitility.await("the closed channels closed in Specter")
			.atMost(Duration.ofSeconds(30))
			.until(() -> firstTen.stream()
				.allMatch((id) -> this.specter.dataChannelState(this.pc, id) == DataChannelState.CLOSED));
		RawChannel late = this.raw.open("late");
		late.opened().get(30, TimeUnit.SECONDS);
		this.events.await(DataChannelReceived.class, this.pc, (e) -> e.label().equals("late"), Duration.ofSeconds(20));
	}

	@Test
	void openCloseLoopsKeepABoundedNumberOfChannels() throws Exception {
		connect();
		long before = openDataChannels();
		int cycles = 600;
		int batch = 10;
		for (int done = 0; done < cycles; done += batch) {
			List<RawChannel> round = new ArrayList<>();
			for (int i = 0; i < batch; i++) {
				round.add(this.raw.open("loop" + (done + i)));
			}
			for (RawChannel channel : round) {
				channel.opened().get(30, TimeUnit.SECONDS);
			}
			for (RawChannel channel : round) {
				channel.close();
			}
			for (RawChannel channel : round) {
				channel.closed().get(30, TimeUnit.SECONDS);
			}
			for (RawChannel channel : round) {
				channel.dispose();
			}
		}
		DataChannelReceived last = this.events.await(DataChannelReceived.class, this.pc,
				(e) -> e.label().equals("loop" + (cycles - 1)), Duration.ofSeconds(30));
		Awaitility.await("the last loop channel closed in Specter")
			.atMost(Duration.ofSeconds(30))
			.until(() -> this.specter.dataChannelState(this.pc, last.channel()) == DataChannelState.CLOSED);
		List<DataChannelReceived> received = this.events.events(DataChannelReceived.class, this.pc);
		assertThat(received).hasSize(cycles + 1);
		if (this.factory instanceof DefaultSpecterFactory) {
			long held = openDataChannels() - before;
			System.out.printf("Remote open/close loop: %d channels opened and closed, %d native channels held%n",
					cycles, held);
			assertThat(held).as("native channels held after %d open/close cycles", cycles)
				.isLessThanOrEqualTo(2L * LIMIT + 16);
		}
		// The oldest closed channels are forgotten; the newest still answer CLOSED.
		DataChannelId oldest = received.stream()
			.filter((e) -> e.label().equals("loop0"))
			.findFirst()
			.orElseThrow()
			.channel();
		Awaitility.await("the oldest closed channel forgotten")
			.atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> assertThatExceptionOfType(NotFoundException.class)
				.isThrownBy(() -> this.specter.dataChannelState(this.pc, oldest)));
		assertThat(this.specter.dataChannelState(this.pc, last.channel())).isEqualTo(DataChannelState.CLOSED);
		assertThat(this.specter.connectionState(this.pc)).isEqualTo(ConnectionState.CONNECTED);
		this.raw.first().send("after the loop");
		this.events.await(DataChannelMessage.class, this.pc, (m) -> m.text().equals("after the loop"),
				Duration.ofSeconds(20));
	}

	private long openDataChannels() {
		return (this.factory instanceof DefaultSpecterFactory inProcess) ? inProcess.resources().openDataChannels() : 0;
	}

	/** Connects a raw offerer to a new Specter connection, without trickle. */
	private void connect() throws Exception {
		this.raw = RawOfferer.connect(rawFactory.get(), this.specter, this.events, "first");
		this.pc = this.raw.remote();
	}

}
