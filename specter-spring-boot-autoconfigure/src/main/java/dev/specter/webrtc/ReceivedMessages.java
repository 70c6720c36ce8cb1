package dev.specter.webrtc;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntConsumer;

import dev.specter.dispatch.Mailbox;
import dev.specter.event.DataChannelMessage;
import dev.specter.event.EventsDropped;

/**
 * Bounds the bytes of one connection's received data-channel messages that wait in its
 * mailbox for the application's listeners. The mailbox bounds their number
 * ({@code specter.dispatch.mailbox-capacity}), but a remote peer decides their size: a
 * peer sending 256 KiB messages to a busy listener filled 10,000 of them, 2.5 GB of heap
 * for one connection. Past {@code max} bytes (a message arriving into an empty budget
 * always fits) a message is dropped and counted, and an {@link EventsDropped} event
 * reports the count in order, as a full mailbox does. The same happens past the total of
 * the Specter instance's connections ({@link ReceivedBytes}), which a connection with
 * nothing waiting always passes with one message, so that no other connection can starve
 * it. Inline handlers run without a queue and are not counted.
 * <p>
 * Internal to Specter: public only so that the worker package can use it; not part of the
 * API.
 */
public final class ReceivedMessages {

	private static final String DROPPED = DataChannelMessage.class.getSimpleName();

	private final Mailbox mailbox;

	private final long max;

	private final ReceivedBytes total;

	private final IntConsumer report;

	private final AtomicLong queued = new AtomicLong();

	private final AtomicInteger dropped = new AtomicInteger();

	/**
	 * A budget for one connection.
	 * @param mailbox the connection's mailbox
	 * @param max the bytes that may wait (see {@link RuntimeSettings#maxQueuedBytes()})
	 * @param report publishes an {@link EventsDropped} event with the given count (runs
	 * in the mailbox, in order)
	 */
	public ReceivedMessages(Mailbox mailbox, long max, IntConsumer report) {
		this(mailbox, max, new ReceivedBytes(Long.MAX_VALUE), report);
	}

	/**
	 * A budget for one connection within a total shared with other connections.
	 * @param mailbox the connection's mailbox
	 * @param max the bytes that may wait (see {@link RuntimeSettings#maxQueuedBytes()})
	 * @param total the budget shared by the Specter instance's connections (see
	 * {@link RuntimeSettings#maxQueuedBytesTotal()})
	 * @param report publishes an {@link EventsDropped} event with the given count (runs
	 * in the mailbox, in order)
	 */
	public ReceivedMessages(Mailbox mailbox, long max, ReceivedBytes total, IntConsumer report) {
		this.mailbox = mailbox;
		this.max = max;
		this.total = total;
		this.report = report;
	}

	/**
	 * Posts the publication of a received message to the mailbox, unless the messages
	 * waiting there already hold the budget.
	 * @param message the message
	 * @param publish publishes it (runs in the mailbox)
	 * @return whether it was posted
	 */
	public boolean post(DataChannelMessage message, Runnable publish) {
		long size = message.size();
		long now = this.queued.addAndGet(size);
		if ((now > this.max && now != size) || !this.total.reserve(size, now == size)) {
			this.queued.addAndGet(-size);
			if (this.dropped.getAndIncrement() == 0) {
				this.mailbox.post(this::reportDropped, false, EventsDropped.class.getSimpleName());
			}
			return false;
		}
		boolean posted = this.mailbox.post(() -> {
			this.queued.addAndGet(-size);
			this.total.release(size);
			publish.run();
		}, true, DROPPED);
		if (!posted) {
			this.queued.addAndGet(-size);
			this.total.release(size);
		}
		return posted;
	}

	/** Bytes of received messages waiting in the mailbox. */
	public long queuedBytes() {
		return this.queued.get();
	}

	private void reportDropped() {
		int count = this.dropped.getAndSet(0);
		if (count > 0) {
			this.report.accept(count);
		}
	}

}
