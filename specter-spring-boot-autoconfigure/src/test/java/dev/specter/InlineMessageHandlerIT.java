package dev.specter;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;

import dev.specter.datachannel.DataChannelState;
import dev.specter.datachannel.InlineHandlerRegistration;
import dev.specter.datachannel.InlineReply;
import dev.specter.event.DataChannelMessage;
import dev.specter.event.DataChannelStateChanged;
import dev.specter.event.SpecterEvent;
import dev.specter.test.ConnectedPair;
import dev.specter.test.SpecterIntegrationTest;
import dev.specter.test.SpecterIntegrationTestSupport;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Inline message handlers on real peer connections: they run on the engine's thread,
 * reply without a hand-off, never block it, and what they do wrong is refused or
 * reported, not fatal.
 */
@SpecterIntegrationTest
@Import(InlineMessageHandlerIT.Failures.class)
@ExtendWith(OutputCaptureExtension.class)
class InlineMessageHandlerIT extends SpecterIntegrationTestSupport {

	private final Failures failures;

	ConnectedPair pair;

	InlineMessageHandlerIT(Failures failures) {
		this.failures = failures;
	}

	@AfterEach
	void close() {
		if (this.pair != null) {
			this.pair.close();
		}
		this.events.clear();
		this.failures.failed.clear();
	}

	@Test
	void echoesOnTheEngineThreadInOrderInsteadOfPublishingEvents() throws Exception {
		this.pair = ConnectedPair.open(this.specter, this.events, this.relay);
		Set<String> threads = ConcurrentHashMap.newKeySet();
		InlineHandlerRegistration registration = this.specter.handleMessagesInline(this.pair.b(), this.pair.channelB(),
				(message, reply) -> {
					threads.add(Thread.currentThread().getName());
					reply.sendText("echo: " + message.text());
				});
		int count = 2000;
		for (int i = 0; i < count; i++) {
			this.specter.sendText(this.pair.a(), this.pair.channelA(), "m" + i);
		}
		Awaitility.await()
			.atMost(Duration.ofSeconds(30))
			.until(() -> this.events.events(DataChannelMessage.class, this.pair.a()).size() >= count);
		List<DataChannelMessage> echoes = this.events.events(DataChannelMessage.class, this.pair.a());
		assertThat(echoes).hasSize(count);
		for (int i = 0; i < count; i++) {
			assertThat(echoes.get(i).text()).isEqualTo("echo: m" + i);
		}
		assertThat(registration.handled()).isEqualTo(count);
		assertThat(registration.failed()).isZero();
		assertThat(registration.isActive()).isTrue();
		// The handler took the messages: the answerer published none of them as events.
		assertThat(this.events.events(DataChannelMessage.class, this.pair.b())).isEmpty();
		// It ran on webrtc-java's thread, not on a Specter dispatch thread nor the
		// test's.
		assertThat(threads).isNotEmpty()
			.noneMatch((name) -> name.startsWith("specter-dispatch-") || name.equals(Thread.currentThread().getName()));
	}

	@Test
	void aThrowingHandlerIsReportedAndKeepsItsChannelAndOthersWorking() throws Exception {
		this.pair = ConnectedPair.open(this.specter, this.events, this.relay);
		ConnectedPair other = ConnectedPair.open(this.specter, this.events, this.relay);
		try {
			InlineHandlerRegistration registration = this.specter.handleMessagesInline(this.pair.b(),
					this.pair.channelB(), (message, reply) -> {
						if (message.text().equals("boom")) {
							throw new IllegalStateException("handler bug");
						}
						reply.sendText("ok: " + message.text());
					});
			this.specter.sendText(this.pair.a(), this.pair.channelA(), "boom").get(5, TimeUnit.SECONDS);
			this.specter.sendText(this.pair.a(), this.pair.channelA(), "after").get(5, TimeUnit.SECONDS);
			this.events.await(DataChannelMessage.class, this.pair.a(), (m) -> m.text().equals("ok: after"));
			Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> !this.failures.failed.isEmpty());
			Failure failure = this.failures.failed.get(0);
			assertThat(failure.failure()).isInstanceOf(IllegalStateException.class).hasMessage("handler bug");
			assertThat(failure.event()).isInstanceOfSatisfying(DataChannelMessage.class,
					(m) -> assertThat(m.text()).isEqualTo("boom"));
			assertThat(failure.handler()).contains("inline message handler").contains(this.pair.channelB().toString());
			// The error handler is application code too: it ran on a dispatch thread.
			assertThat(failure.thread()).startsWith("specter-dispatch-");
			assertThat(registration.failed()).isEqualTo(1);
			assertThat(registration.handled()).isEqualTo(1);
			other.roundTrip(this.events, "unaffected");
		}
		finally {
			other.close();
		}
	}

	@Test
	void callsIntoSpecterFromTheHandlerAreRefusedInsteadOfDeadlocking() throws Exception {
		this.pair = ConnectedPair.open(this.specter, this.events, this.relay);
		AtomicReference<Throwable> refused = new AtomicReference<>();
		this.specter.handleMessagesInline(this.pair.b(), this.pair.channelB(), (message, reply) -> {
			try {
				// Would take locks an application thread may hold while it waits for this
				// thread.
				this.specter.sendText(this.pair.b(), this.pair.channelB(), "through the facade");
			}
			catch (Throwable ex) {
				refused.set(ex);
			}
			reply.sendText("through the reply");
		});
		this.specter.sendText(this.pair.a(), this.pair.channelA(), "go").get(5, TimeUnit.SECONDS);
		this.events.await(DataChannelMessage.class, this.pair.a(), (m) -> m.text().equals("through the reply"));
		assertThat(refused.get()).isInstanceOf(OperationRejectedException.class)
			.hasMessageContaining("cannot be called from inline message handler")
			.hasMessageContaining("InlineReply");
		assertThat(this.events.events(DataChannelMessage.class, this.pair.a()))
			.noneMatch((m) -> m.text().equals("through the facade"));
	}

	@Test
	void repliesWhileAnotherThreadSendsLargePayloadsAreNeitherBlockedNorLost() throws Exception {
		// The application's large sends hold the channel's send lock while they ask the
		// engine
		// (through its native thread) for the buffered amount: a reply that waited for
		// the lock
		// there would deadlock the engine. Replies then go through the hand-off queue.
		this.pair = ConnectedPair.open(this.specter, this.events, this.relay);
		this.specter.handleMessagesInline(this.pair.b(), this.pair.channelB(),
				(message, reply) -> reply.sendText("echo: " + message.text()));
		byte[] bulk = new byte[256 * 1024];
		List<CompletableFuture<Void>> bulkSends = new CopyOnWriteArrayList<>();
		Thread bulkSender = new Thread(() -> {
			for (int i = 0; i < 40; i++) {
				bulkSends.add(this.specter.sendBinary(this.pair.b(), this.pair.channelB(), bulk));
			}
		});
		bulkSender.start();
		int count = 3000;
		for (int i = 0; i < count; i++) {
			this.specter.sendText(this.pair.a(), this.pair.channelA(), "m" + i);
		}
		bulkSender.join(60_000);
		CompletableFuture.allOf(bulkSends.toArray(new CompletableFuture<?>[0])).get(60, TimeUnit.SECONDS);
		Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> texts(this.pair.a()).size() >= count);
		List<String> echoes = texts(this.pair.a());
		assertThat(echoes).hasSize(count);
		for (int i = 0; i < count; i++) {
			assertThat(echoes.get(i)).isEqualTo("echo: m" + i);
		}
		Awaitility.await()
			.atMost(Duration.ofSeconds(60))
			.until(() -> this.events.events(DataChannelMessage.class, this.pair.a())
				.stream()
				.filter(DataChannelMessage::binary)
				.mapToLong(DataChannelMessage::size)
				.sum() >= 40L * bulk.length);
		assertThat(this.specter.dataChannelState(this.pair.b(), this.pair.channelB())).isEqualTo(DataChannelState.OPEN);
	}

	@Test
	void closingTheRegistrationRestoresEventsAndClosingTheChannelEndsIt() throws Exception {
		this.pair = ConnectedPair.open(this.specter, this.events, this.relay);
		assertThatThrownBy(() -> this.specter.handleMessagesInline(this.pair.b(), this.pair.channelB(), null))
			.isInstanceOfSatisfying(InvalidInputException.class,
					(ex) -> assertThat(ex.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT));
		InlineHandlerRegistration first = this.specter.handleMessagesInline(this.pair.b(), this.pair.channelB(),
				(message, reply) -> reply.sendText("inline"));
		assertThatThrownBy(
				() -> this.specter.handleMessagesInline(this.pair.b(), this.pair.channelB(), (message, reply) -> {
				}))
			.isInstanceOf(OperationRejectedException.class)
			.hasMessageContaining("already has an inline message handler");
		this.specter.sendText(this.pair.a(), this.pair.channelA(), "one").get(5, TimeUnit.SECONDS);
		this.events.await(DataChannelMessage.class, this.pair.a(), (m) -> m.text().equals("inline"));

		first.close();
		first.close();
		assertThat(first.isActive()).isFalse();
		this.specter.sendText(this.pair.a(), this.pair.channelA(), "two").get(5, TimeUnit.SECONDS);
		this.events.await(DataChannelMessage.class, this.pair.b(), (m) -> m.text().equals("two"));
		assertThat(first.handled()).isEqualTo(1);

		InlineHandlerRegistration second = this.specter.handleMessagesInline(this.pair.b(), this.pair.channelB(),
				(message, reply) -> {
				});
		assertThat(second.isActive()).isTrue();
		// The remote peer closes the channel: the registration ends with it.
		this.specter.closeDataChannel(this.pair.a(), this.pair.channelA());
		Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> !second.isActive());
		assertThat(this.specter.dataChannelState(this.pair.b(), this.pair.channelB()))
			.isEqualTo(DataChannelState.CLOSED);
		assertThatThrownBy(() -> this.specter.handleMessagesInline(this.pair.b(), this.pair.channelB(), (m, r) -> {
		})).isInstanceOf(OperationRejectedException.class).hasMessageContaining("closed");

		// A connection that closes ends the registrations of its channels.
		DataChannelId extra = this.specter.createDataChannel(this.pair.b(), "extra").get(5, TimeUnit.SECONDS);
		this.events.await(DataChannelStateChanged.class, this.pair.b(),
				(e) -> e.channel().equals(extra) && e.state() == DataChannelState.OPEN);
		InlineHandlerRegistration third = this.specter.handleMessagesInline(this.pair.b(), extra, (message, reply) -> {
		});
		assertThat(third.isActive()).isTrue();
		this.specter.closePeerConnection(this.pair.b()).get(10, TimeUnit.SECONDS);
		Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> !third.isActive());
	}

	@Test
	void aSlowHandlerIsNamedInAWarningAndItsReplyWorksFromOtherThreads(CapturedOutput output) throws Exception {
		this.pair = ConnectedPair.open(this.specter, this.events, this.relay);
		AtomicReference<InlineReply> kept = new AtomicReference<>();
		this.specter.handleMessagesInline(this.pair.b(), this.pair.channelB(), (message, reply) -> {
			kept.set(reply);
			if (message.text().equals("slow")) {
				Thread.sleep(30); // what a handler must not do: every connection of the
									// JVM waits
			}
		});
		this.specter.sendText(this.pair.a(), this.pair.channelA(), "slow").get(5, TimeUnit.SECONDS);
		Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> kept.get() != null);
		// In process the handler holds webrtc-java's native thread; in worker mode, the
		// thread that reads the worker's socket. Either way the warning names the
		// handler.
		String held = "(webrtc-java's native thread"
				+ "|the thread that reads worker \\d+ \\(pid \\d+\\) \\(worker mode\\))";
		Pattern warning = Pattern.compile("inline message handler \\S+ of data channel " + this.pair.channelB()
				+ " held " + held + " for \\d+ ms");
		Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> warning.matcher(output.getOut()).find());
		// Kept and used later from an application thread, the reply is an ordinary send.
		kept.get().sendText("later, from " + Thread.currentThread().getName());
		this.events.await(DataChannelMessage.class, this.pair.a(), (m) -> m.text().startsWith("later, from "));
	}

	private List<String> texts(PeerConnectionId pc) {
		return this.events.events(DataChannelMessage.class, pc)
			.stream()
			.filter((m) -> !m.binary())
			.map(DataChannelMessage::text)
			.toList();
	}

	record Failure(SpecterEvent event, String handler, Throwable failure, String thread) {
	}

	static class Failures {

		final List<Failure> failed = new CopyOnWriteArrayList<>();

		@Bean
		SpecterErrorHandler recordingErrorHandler() {
			return (event, handler, failure) -> this.failed
				.add(new Failure(event, handler, failure, Thread.currentThread().getName()));
		}

	}

}
