package dev.specter.webrtc;

import java.util.concurrent.atomic.AtomicLong;

import dev.specter.ErrorCode;
import dev.specter.InvalidInputException;
import dev.specter.OperationRejectedException;
import dev.specter.datachannel.InlineHandlerRegistration;
import dev.specter.datachannel.InlineMessageHandler;
import dev.specter.datachannel.InlineReply;
import dev.specter.dispatch.EventDispatcher;
import dev.specter.dispatch.HandlerClock;
import dev.specter.dispatch.SlowHandlerWarning;
import dev.specter.event.DataChannelMessage;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * An {@link InlineMessageHandler} registered on one data channel, and the
 * {@link InlineReply} it is given. The native thread calls {@link #deliver}; while the
 * handler runs, this thread is marked, so that a reply sends without waiting and a call
 * into the Specter facade is refused (it could wait for the very thread it runs on).
 */
final class InlineRegistration implements InlineHandlerRegistration, InlineReply {

	private static final Log logger = LogFactory.getLog(InlineRegistration.class);

	/** The registration whose handler runs on this thread, if any. */
	private static final ThreadLocal<InlineRegistration> RUNNING = new ThreadLocal<>();

	private final DataChannelSession channel;

	private final InlineMessageHandler handler;

	private final String description;

	private final AtomicLong handled = new AtomicLong();

	private final AtomicLong failed = new AtomicLong();

	private volatile boolean active = true;

	/**
	 * Warns when the handler held the engine's thread long enough to stall every
	 * connection of the JVM ({@link SlowHandlerWarning}).
	 */
	private final SlowHandlerWarning slowWarning;

	InlineRegistration(DataChannelSession channel, InlineMessageHandler handler) {
		this.channel = channel;
		this.handler = handler;
		this.description = "inline message handler " + handler.getClass().getName() + " of data channel " + channel.id;
		this.slowWarning = new SlowHandlerWarning(logger, this.description, "webrtc-java's native thread",
				"every peer connection");
	}

	/**
	 * Throws if the current thread runs an inline handler: a facade call from there could
	 * wait for the native thread it occupies.
	 */
	static void refuseInsideHandler() {
		InlineRegistration running = RUNNING.get();
		if (running != null) {
			throw new OperationRejectedException("Specter cannot be called from " + running.description
					+ ": it runs on the engine's thread, which the call may have to wait for; reply through its "
					+ "InlineReply, or hand the work to an executor of your own");
		}
	}

	/**
	 * Runs the handler on the native thread; what it throws goes to the error handler.
	 */
	void deliver(DataChannelMessage message, EventDispatcher dispatcher) {
		RUNNING.set(this);
		HandlerClock clock = HandlerClock.start();
		try {
			this.handler.onMessage(message, this);
			this.handled.incrementAndGet();
		}
		catch (Throwable ex) {
			this.failed.incrementAndGet();
			dispatcher.reportFailure(message, this.description, ex);
		}
		finally {
			RUNNING.remove();
			this.slowWarning.check(clock);
		}
	}

	@Override
	public void sendText(String text) {
		if (text == null) {
			throw new InvalidInputException(ErrorCode.INVALID_ARGUMENT, "text must not be null");
		}
		send(DataChannelSession.utf8(text), false);
	}

	@Override
	public void sendBinary(byte[] data) {
		send(data, true);
	}

	private void send(byte[] data, boolean binary) {
		if (RUNNING.get() != null) {
			// On the native thread (this handler's or another channel's): never wait.
			this.channel.sendInline(data, binary);
		}
		else {
			this.channel.send(data, binary);
		}
	}

	@Override
	public long handled() {
		return this.handled.get();
	}

	@Override
	public long failed() {
		return this.failed.get();
	}

	@Override
	public boolean isActive() {
		return this.active;
	}

	@Override
	public void close() {
		this.active = false;
		this.channel.unregister(this);
	}

	/** The channel ended: the registration ends with it. */
	void end() {
		this.active = false;
	}

	@Override
	public String toString() {
		return this.description;
	}

}
