package dev.specter;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import dev.specter.datachannel.DataChannelOptions;
import dev.specter.datachannel.DataChannelState;
import dev.specter.event.DataChannelBufferedAmountLow;
import dev.specter.event.DataChannelMessage;
import dev.specter.event.DataChannelReceived;
import dev.specter.event.DataChannelStateChanged;
import dev.specter.test.ConnectedPair;
import dev.specter.test.EchoBot;
import dev.specter.test.Peers;
import dev.specter.test.SpecterIntegrationTest;
import dev.specter.test.SpecterIntegrationTestSupport;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Data channels end to end between two real peer connections in one JVM. */
@SpecterIntegrationTest
class DataChannelIT extends SpecterIntegrationTestSupport {

	private final EchoBot echo;

	ConnectedPair pair;

	DataChannelIT(EchoBot echo) {
		this.echo = echo;
	}

	@AfterEach
	void close() {
		if (this.pair != null) {
			this.pair.close();
		}
		this.events.clear();
	}

	@Test
	void channelOpenedByEachSideAndTextAndBinaryEcho() throws Exception {
		this.pair = ConnectedPair.open(this.specter, this.events, this.relay);
		this.echo.enroll(this.pair.b());
		// Opened by the offerer: the answerer received it (checked by ConnectedPair).
		// Text echo:
		this.specter.sendText(this.pair.a(), this.pair.channelA(), "héllo 👋").get(5, TimeUnit.SECONDS);
		DataChannelMessage text = this.events.await(DataChannelMessage.class, this.pair.a(),
				(m) -> m.text().equals("echo: héllo 👋"));
		assertThat(text.binary()).isFalse();
		// Binary echo:
		byte[] bytes = { 0, 1, 2, (byte) 0xff, (byte) 0x80 };
		this.specter.sendBinary(this.pair.a(), this.pair.channelA(), bytes).get(5, TimeUnit.SECONDS);
		DataChannelMessage binary = this.events.await(DataChannelMessage.class, this.pair.a(),
				DataChannelMessage::binary);
		assertThat(binary.data()).containsExactly(bytes);

		// Opened by the answerer, after connecting: the SCTP association exists, so the
		// channel is
		// announced in-band without renegotiation, and the offerer receives it.
		DataChannelId fromB = this.specter.createDataChannel(this.pair.b(), "from-b").get(5, TimeUnit.SECONDS);
		DataChannelReceived received = this.events.await(DataChannelReceived.class, this.pair.a(),
				(e) -> e.label().equals("from-b"));
		this.events.await(DataChannelStateChanged.class, this.pair.a(),
				(e) -> e.channel().equals(received.channel()) && e.state() == DataChannelState.OPEN);
		this.events.await(DataChannelStateChanged.class, this.pair.b(),
				(e) -> e.channel().equals(fromB) && e.state() == DataChannelState.OPEN);
		this.specter.sendText(this.pair.a(), received.channel(), "to b").get(5, TimeUnit.SECONDS);
		this.events.await(DataChannelMessage.class, this.pair.b(),
				(m) -> m.channel().equals(fromB) && m.text().equals("to b"));
	}

	@Test
	void sixtyFourMebibytesInOneCallArriveIntact() throws Exception {
		this.pair = ConnectedPair.open(this.specter, this.events, this.relay);
		byte[] payload = new byte[64 * 1024 * 1024];
		new Random(42).nextBytes(payload);
		byte[] expected = MessageDigest.getInstance("SHA-256").digest(payload);
		this.specter.sendBinary(this.pair.a(), this.pair.channelA(), payload).get(120, TimeUnit.SECONDS);
		Awaitility.await()
			.atMost(Duration.ofSeconds(120))
			.pollInterval(Duration.ofMillis(100))
			.until(() -> this.events.events(DataChannelMessage.class, this.pair.b())
				.stream()
				.mapToLong(DataChannelMessage::size)
				.sum() >= payload.length);
		ByteArrayOutputStream joined = new ByteArrayOutputStream(payload.length);
		List<DataChannelMessage> messages = this.events.events(DataChannelMessage.class, this.pair.b());
		for (DataChannelMessage message : messages) {
			joined.write(message.data());
		}
		assertThat(joined.size()).isEqualTo(payload.length);
		assertThat(MessageDigest.getInstance("SHA-256").digest(joined.toByteArray())).isEqualTo(expected);
		assertThat(messages).allSatisfy((m) -> assertThat(m.size()).isLessThanOrEqualTo(64 * 1024));
		assertThat(this.specter.dataChannelState(this.pair.a(), this.pair.channelA())).isEqualTo(DataChannelState.OPEN);
		assertThat(this.events.events(DataChannelStateChanged.class, this.pair.a()))
			.noneMatch((e) -> e.state() == DataChannelState.CLOSED);
		this.events.await(DataChannelBufferedAmountLow.class, this.pair.a());
		Awaitility.await()
			.atMost(Duration.ofSeconds(10))
			.until(() -> this.specter.bufferedAmount(this.pair.a(), this.pair.channelA()) == 0);
	}

	@Test
	void fortyMegabytesOfSmallMessagesKeepTheChannelOpen() throws Exception {
		// Small sends skip the engine's buffered-amount query while an upper bound of it
		// stays under
		// the low watermark. Without back-pressure, 40 MB sent back to back would
		// overfill libwebrtc's
		// 16 MiB buffer, which closes the channel. Whether a backlog builds at all
		// depends on how fast
		// this machine's loopback drains compared with the sending loop, so the loop
		// samples the
		// buffered amount: once it has been seen above the low watermark, the low event
		// must follow
		// (the bound never under-estimates, so a backlog seen here was seen by the fast
		// path too).
		this.pair = ConnectedPair.open(this.specter, this.events, this.relay);
		// What is under test is the sending side: the receiver records on the engine's
		// thread, so a
		// slow machine's event dispatch (bounded mailboxes drop what they cannot hold)
		// cannot fail it.
		List<String> arrived = Collections.synchronizedList(new ArrayList<>());
		this.specter.handleMessagesInline(this.pair.b(), this.pair.channelB(),
				(message, reply) -> arrived.add(message.text()));
		int count = 40_000;
		long lowWatermark = 256 * 1024;
		String padding = "x".repeat(990);
		long peak = 0;
		List<CompletableFuture<Void>> sends = new ArrayList<>(count);
		for (int i = 0; i < count; i++) {
			sends.add(this.specter.sendText(this.pair.a(), this.pair.channelA(), String.format("%08d", i) + padding));
			if (i % 50 == 0) {
				peak = Math.max(peak, this.specter.bufferedAmount(this.pair.a(), this.pair.channelA()));
			}
		}
		CompletableFuture.allOf(sends.toArray(new CompletableFuture<?>[0])).get(120, TimeUnit.SECONDS);
		Awaitility.await()
			.atMost(Duration.ofSeconds(120))
			.pollInterval(Duration.ofMillis(100))
			.until(() -> arrived.size() >= count);
		List<String> received = List.copyOf(arrived);
		assertThat(received).hasSize(count);
		for (int i = 0; i < count; i++) {
			assertThat(received.get(i)).isEqualTo(String.format("%08d", i) + padding);
		}
		assertThat(this.specter.dataChannelState(this.pair.a(), this.pair.channelA())).isEqualTo(DataChannelState.OPEN);
		assertThat(this.events.events(DataChannelStateChanged.class, this.pair.a()))
			.noneMatch((e) -> e.state() == DataChannelState.CLOSED || e.state() == DataChannelState.CLOSING);
		Awaitility.await()
			.atMost(Duration.ofSeconds(10))
			.until(() -> this.specter.bufferedAmount(this.pair.a(), this.pair.channelA()) == 0);
		if (peak > lowWatermark) {
			this.events.await(DataChannelBufferedAmountLow.class, this.pair.a());
		}
	}

	@Test
	void largeTextIsSplitOnCharacterBoundaries() throws Exception {
		this.pair = ConnectedPair.open(this.specter, this.events, this.relay);
		String text = "añ€😀".repeat(100_000);
		this.specter.sendText(this.pair.a(), this.pair.channelA(), text).get(30, TimeUnit.SECONDS);
		int expected = text.getBytes(StandardCharsets.UTF_8).length;
		Awaitility.await()
			.atMost(Duration.ofSeconds(30))
			.until(() -> this.events.events(DataChannelMessage.class, this.pair.b())
				.stream()
				.mapToLong(DataChannelMessage::size)
				.sum() >= expected);
		StringBuilder joined = new StringBuilder();
		this.events.events(DataChannelMessage.class, this.pair.b()).forEach((m) -> {
			assertThat(m.binary()).isFalse();
			joined.append(m.text());
		});
		assertThat(joined.toString()).isEqualTo(text);
	}

	@Test
	void partiallyReliableChannelsNegotiateTheirParameters() throws Exception {
		DataChannelOptions unordered = DataChannelOptions.DEFAULT.unordered()
			.withMaxRetransmits(3)
			.withProtocol("chat");
		this.pair = ConnectedPair.open(this.specter, this.events, this.relay, "lossy", unordered);
		DataChannelReceived received = this.events.await(DataChannelReceived.class, this.pair.b(),
				(e) -> e.label().equals("lossy"));
		assertThat(received.options().ordered()).isFalse();
		assertThat(received.options().maxRetransmits()).isEqualTo(3);
		assertThat(received.options().maxPacketLifeTimeMillis()).isNull();
		assertThat(received.options().protocol()).isEqualTo("chat");
		assertThat(received.options().reliable()).isFalse();
		this.pair.roundTrip(this.events, "over a lossy channel");
		// Payloads above the chunk size need a reliable, ordered channel.
		assertThatThrownBy(() -> this.specter.sendBinary(this.pair.a(), this.pair.channelA(), new byte[200_000]))
			.isInstanceOf(InvalidInputException.class)
			.extracting((ex) -> ((SpecterException) ex).code())
			.isEqualTo(ErrorCode.LIMIT_EXCEEDED);

		DataChannelId timed = this.specter
			.createDataChannel(this.pair.a(), "timed", DataChannelOptions.DEFAULT.withMaxPacketLifeTime(500))
			.get(5, TimeUnit.SECONDS);
		Peers.negotiate(this.specter, this.pair.a(), this.pair.b());
		DataChannelReceived timedReceived = this.events.await(DataChannelReceived.class, this.pair.b(),
				(e) -> e.label().equals("timed"));
		assertThat(timedReceived.options().maxPacketLifeTimeMillis()).isEqualTo(500);
		assertThat(timedReceived.options().maxRetransmits()).isNull();
		assertThat(timedReceived.options().ordered()).isTrue();
		assertThat(timed).isNotNull();
	}

	@Test
	void negotiatedChannelsOpenOnBothSidesWithoutAnnouncement() throws Exception {
		this.pair = ConnectedPair.open(this.specter, this.events, this.relay);
		DataChannelOptions negotiated = DataChannelOptions.DEFAULT.negotiatedWithId(42);
		DataChannelId onA = this.specter.createDataChannel(this.pair.a(), "oob", negotiated).get(5, TimeUnit.SECONDS);
		DataChannelId onB = this.specter.createDataChannel(this.pair.b(), "oob", negotiated).get(5, TimeUnit.SECONDS);
		this.events.await(DataChannelStateChanged.class, this.pair.a(),
				(e) -> e.channel().equals(onA) && e.state() == DataChannelState.OPEN);
		this.events.await(DataChannelStateChanged.class, this.pair.b(),
				(e) -> e.channel().equals(onB) && e.state() == DataChannelState.OPEN);
		this.specter.sendText(this.pair.a(), onA, "out of band").get(5, TimeUnit.SECONDS);
		this.events.await(DataChannelMessage.class, this.pair.b(), (m) -> m.channel().equals(onB));
		assertThat(this.events.events(DataChannelReceived.class, this.pair.b()))
			.noneMatch((e) -> e.label().equals("oob"));
	}

	@Test
	void closingAChannelEmitsClosingAndClosedAndLaterSendsFail() throws Exception {
		this.pair = ConnectedPair.open(this.specter, this.events, this.relay);
		this.specter.closeDataChannel(this.pair.a(), this.pair.channelA());
		this.events.await(DataChannelStateChanged.class, this.pair.a(),
				(e) -> e.channel().equals(this.pair.channelA()) && e.state() == DataChannelState.CLOSED);
		this.events.await(DataChannelStateChanged.class, this.pair.b(),
				(e) -> e.channel().equals(this.pair.channelB()) && e.state() == DataChannelState.CLOSED);
		assertThat(this.events.events(DataChannelStateChanged.class, this.pair.a()))
			.extracting(DataChannelStateChanged::state)
			.containsSubsequence(DataChannelState.OPEN, DataChannelState.CLOSING, DataChannelState.CLOSED);
		var result = this.specter.sendText(this.pair.a(), this.pair.channelA(), "too late");
		assertThatThrownBy(() -> result.get(5, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
			.cause()
			.isInstanceOf(ConnectionClosedException.class);
	}

	@Test
	void sendingOnAConnectingChannelIsAClearError() throws Exception {
		PeerConnectionId lonely = Peers.newPeerConnection(this.specter);
		DataChannelId channel = this.specter.createDataChannel(lonely, "never-open").get(5, TimeUnit.SECONDS);
		assertThat(this.specter.dataChannelState(lonely, channel)).isEqualTo(DataChannelState.CONNECTING);
		var result = this.specter.sendText(lonely, channel, "hello?");
		assertThatThrownBy(() -> result.get(5, TimeUnit.SECONDS)).cause().isInstanceOf(ChannelNotOpenException.class);
		this.specter.closePeerConnection(lonely);
	}

}
