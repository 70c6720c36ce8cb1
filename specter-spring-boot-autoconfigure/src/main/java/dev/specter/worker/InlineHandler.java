package dev.specter.worker;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;

import dev.specter.DataChannelId;
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
 * An {@link InlineMessageHandler} of a channel held by a worker. It runs on the worker's
 * reader thread (the counterpart of the engine's thread in process: messages of that
 * worker wait while it runs), and its replies are sent without waiting. A Specter call
 * from the handler is refused, since it would wait for the thread it runs on.
 */
final class InlineHandler implements InlineHandlerRegistration, InlineReply {

	/**
	 * Whether this thread reads a worker's socket (where no call may wait for a reply).
	 */
	private static final ThreadLocal<Boolean> READER = ThreadLocal.withInitial(() -> false);

	private final WorkerSpecter specter;

	private final Route route;

	private final DataChannelId channelId;

	private final Channel channel;

	private final InlineMessageHandler handler;

	private final String description;

	private final AtomicLong handled = new AtomicLong();

	private final AtomicLong failed = new AtomicLong();

	private volatile boolean active = true;

	/** The handler running on this thread, if any. */
	private static final ThreadLocal<InlineHandler> RUNNING = new ThreadLocal<>();

	private static final Log logger = LogFactory.getLog(InlineHandler.class);

	private final SlowHandlerWarning slowWarning;

	InlineHandler(WorkerSpecter specter, Route route, DataChannelId channelId, Channel channel,
			InlineMessageHandler handler) {
		this.specter = specter;
		this.route = route;
		this.channelId = channelId;
		this.channel = channel;
		this.handler = handler;
		this.description = "inline message handler " + handler.getClass().getName() + " of data channel " + channelId;
		this.slowWarning = new SlowHandlerWarning(logger, this.description,
				"the thread that reads " + route.worker() + " (worker mode)", "every peer connection of that worker");
	}

	/** Throws on a worker's reader thread (an inline handler). */
	static void refuseOnReader() {
		if (Frames.isReader()) {
			InlineHandler running = RUNNING.get();
			throw new OperationRejectedException("Specter cannot be called from "
					+ ((running != null) ? running.description : "the thread that reads a worker's socket")
					+ ": it runs on the thread that reads the worker's replies, which the call would wait for; "
					+ "reply through its InlineReply, or hand the work to an executor of your own");
		}
	}

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
		this.specter.sendChecked(this.route, this.channelId, false, text.getBytes(StandardCharsets.UTF_8));
	}

	@Override
	public void sendBinary(byte[] data) {
		if (data == null) {
			throw new InvalidInputException(ErrorCode.INVALID_ARGUMENT, "message must not be null");
		}
		this.specter.sendChecked(this.route, this.channelId, true, data.clone());
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
		this.channel.inline().compareAndSet(this, null);
	}

	void end() {
		this.active = false;
	}

	@Override
	public String toString() {
		return this.description;
	}

}
