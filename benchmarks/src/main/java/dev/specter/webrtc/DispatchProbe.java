package dev.specter.webrtc;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

import dev.specter.SpecterListener;
import dev.specter.event.DataChannelMessage;
import dev.specter.event.EventsDropped;

/**
 * The receiving end of the dispatch benchmarks. Each message carries (connection index,
 * sequence number); {@link #handle(byte[])} counts it and checks that every connection's
 * messages arrive in order. The starter reaches it through a {@code @SpecterListener}
 * method; the raw baseline calls it straight from its {@code RTCDataChannelObserver}.
 */
public class DispatchProbe {

	static final int MAX_CONNECTIONS = 64;

	final AtomicLong received = new AtomicLong();

	final AtomicLong outOfOrder = new AtomicLong();

	final LongAdder dropped = new LongAdder();

	private final long[] lastSequence = new long[MAX_CONNECTIONS];

	volatile long target = Long.MAX_VALUE;

	volatile Thread waiter;

	@SpecterListener
	public void onMessage(DataChannelMessage message) {
		handle(message.data());
	}

	@SpecterListener
	public void onDropped(EventsDropped event) {
		this.dropped.add(event.count());
	}

	void handle(byte[] data) {
		int connection = ((data[0] & 0xff) << 24) | ((data[1] & 0xff) << 16) | ((data[2] & 0xff) << 8)
				| (data[3] & 0xff);
		long sequence = 0;
		for (int i = 4; i < 12; i++) {
			sequence = (sequence << 8) | (data[i] & 0xff);
		}
		if (sequence != this.lastSequence[connection] + 1) {
			this.outOfOrder.incrementAndGet();
		}
		this.lastSequence[connection] = sequence;
		if (this.received.incrementAndGet() >= this.target) {
			Thread thread = this.waiter;
			if (thread != null) {
				LockSupport.unpark(thread);
			}
		}
	}

}
