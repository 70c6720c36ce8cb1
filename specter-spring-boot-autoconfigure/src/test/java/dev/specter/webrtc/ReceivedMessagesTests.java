package dev.specter.webrtc;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;

import dev.specter.DataChannelId;
import dev.specter.PeerConnectionId;
import dev.specter.SpecterId;
import dev.specter.dispatch.Mailbox;
import dev.specter.event.DataChannelMessage;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The bytes of received messages waiting for listeners: bounded per connection and in
 * total over the connections sharing a {@link ReceivedBytes}. Real mailboxes whose
 * executor runs only when the test says so (a busy listener).
 */
class ReceivedMessagesTests {

	private final Queue<Runnable> executor = new ArrayDeque<>();

	private final List<String> log = new ArrayList<>();

	@Test
	void theTotalDropsWhatOneConnectionsBoundWouldAccept() {
		ReceivedBytes total = new ReceivedBytes(100);
		Connection a = new Connection("a", 60, total);
		Connection b = new Connection("b", 60, total);
		assertThat(a.post(30)).isTrue();
		assertThat(a.post(30)).isTrue();
		assertThat(a.post(30)).as("past a's own bound").isFalse();
		assertThat(b.post(30)).isTrue();
		assertThat(total.queuedBytes()).isEqualTo(90);
		assertThat(b.post(30)).as("within b's bound, past the total").isFalse();
		assertThat(total.queuedBytes()).isEqualTo(90);
		assertThat(a.received.queuedBytes()).isEqualTo(60);
		assertThat(b.received.queuedBytes()).isEqualTo(30);
		runAll();
		assertThat(this.log).containsExactly("a:30", "a:30", "a:dropped 1", "b:30", "b:dropped 1");
		assertThat(total.queuedBytes()).isZero();
		assertThat(b.post(30)).as("the total freed once published").isTrue();
		assertThat(b.post(30)).isTrue();
	}

	@Test
	void aConnectionWithNothingWaitingAlwaysTakesOneMessage() {
		ReceivedBytes total = new ReceivedBytes(100);
		Connection hog = new Connection("hog", 100, total);
		Connection other = new Connection("other", 100, total);
		assertThat(hog.post(100)).isTrue();
		assertThat(hog.post(1)).isFalse();
		assertThat(other.post(40)).as("alone in its own budget: passes the full total").isTrue();
		assertThat(total.queuedBytes()).isEqualTo(140);
		assertThat(other.post(1)).as("one message at a time while the total is full").isFalse();
		runAll();
		assertThat(this.log).containsExactly("hog:100", "hog:dropped 1", "other:40", "other:dropped 1");
		assertThat(total.queuedBytes()).isZero();
	}

	@Test
	void aMessageTheMailboxRefusesGivesItsBytesBack() {
		ReceivedBytes total = new ReceivedBytes(100);
		Connection a = new Connection("a", 100, total);
		a.mailbox.seal(() -> this.log.add("a:closed"));
		assertThat(a.post(50)).isFalse();
		assertThat(a.received.queuedBytes()).isZero();
		assertThat(total.queuedBytes()).isZero();
	}

	@Test
	void withoutATotalOnlyTheConnectionsBoundApplies() {
		Connection a = new Connection("a", 60, null);
		assertThat(a.post(60)).isTrue();
		assertThat(a.post(1)).isFalse();
		runAll();
		assertThat(this.log).containsExactly("a:60", "a:dropped 1");
	}

	@Test
	void theTotalMustBePositive() {
		assertThatIllegalArgumentException().isThrownBy(() -> new ReceivedBytes(0));
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new RuntimeSettings(RuntimeSettings.DEFAULTS.operationTimeout(), 1024, 1024, 1024, 1024,
					1024, 1024, 0, 1, 1, 0));
		assertThat(RuntimeSettings.DEFAULTS.maxQueuedBytesTotal()).isEqualTo(256L * 1024 * 1024);
	}

	private void runAll() {
		Runnable task;
		while ((task = this.executor.poll()) != null) {
			task.run();
		}
	}

	private final class Connection {

		final String name;

		final Mailbox mailbox;

		final ReceivedMessages received;

		Connection(String name, long max, ReceivedBytes total) {
			this.name = name;
			this.mailbox = new Mailbox(name, ReceivedMessagesTests.this.executor::add, 10_000);
			this.received = (total != null)
					? new ReceivedMessages(this.mailbox, max, total, (count) -> log.add(name + ":dropped " + count))
					: new ReceivedMessages(this.mailbox, max, (count) -> log.add(name + ":dropped " + count));
		}

		boolean post(int size) {
			DataChannelMessage message = new DataChannelMessage(SpecterId.random(), PeerConnectionId.random(),
					DataChannelId.random(), true, new byte[size]);
			return this.received.post(message, () -> log.add(this.name + ":" + size));
		}

	}

}
