package dev.specter.worker;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import dev.specter.datachannel.DataChannelOptions;
import dev.specter.datachannel.DataChannelState;

/**
 * What the application knows of a data channel held by a worker: enough to refuse a bad
 * send by throwing, as in process, without a round trip, and its inline handler.
 */
final class Channel {

	private volatile boolean reliableOrdered = true;

	private volatile DataChannelState state = DataChannelState.CONNECTING;

	private final AtomicReference<InlineHandler> inline = new AtomicReference<>();

	/**
	 * Bytes of sends on their way to the worker's engine (written, not yet answered): the
	 * application side of {@code specter.data-channel.max-queued-bytes}.
	 */
	private final AtomicLong inFlight = new AtomicLong();

	/** The call that arms the worker's low event (see {@link #requestLow()}). */
	static final String ARM_LOW = "armBufferedAmountLow";

	private final AtomicBoolean lowRequested = new AtomicBoolean();

	/** Sets the options the channel was created or received with. */
	Channel options(DataChannelOptions options) {
		DataChannelOptions effective = (options != null) ? options : DataChannelOptions.DEFAULT;
		this.reliableOrdered = effective.ordered() && effective.maxRetransmits() == null
				&& effective.maxPacketLifeTimeMillis() == null;
		return this;
	}

	boolean reliableOrdered() {
		return this.reliableOrdered;
	}

	DataChannelState state() {
		return this.state;
	}

	/** Follows the channel's state events (on the worker's reader thread). */
	void state(DataChannelState state) {
		this.state = state;
		if (state == DataChannelState.CLOSED) {
			InlineHandler handler = this.inline.getAndSet(null);
			if (handler != null) {
				handler.end();
			}
		}
	}

	/**
	 * Reserves room for a send on its way to the worker.
	 * @param bytes the message's size
	 * @param max the bound of bytes on their way
	 * @return whether it fits (else nothing is reserved)
	 */
	boolean reserve(long bytes, long max) {
		long now = this.inFlight.addAndGet(bytes);
		if (now > max && now != bytes) {
			this.inFlight.addAndGet(-bytes);
			return false;
		}
		return true;
	}

	/** A send the worker answered: its room is free. */
	void release(long bytes) {
		this.inFlight.addAndGet(-bytes);
	}

	long inFlight() {
		return this.inFlight.get();
	}

	/**
	 * Whether to ask the worker for a
	 * {@link dev.specter.event.DataChannelBufferedAmountLow} after a send refused here:
	 * true unless a request is already on its way.
	 */
	boolean requestLow() {
		return this.lowRequested.compareAndSet(false, true);
	}

	/** The worker has taken the request (or the connection is gone). */
	void lowRequestDone() {
		this.lowRequested.set(false);
	}

	AtomicReference<InlineHandler> inline() {
		return this.inline;
	}

	/** The connection ended: so does the handler's registration. */
	void end() {
		InlineHandler handler = this.inline.getAndSet(null);
		if (handler != null) {
			handler.end();
		}
	}

}
