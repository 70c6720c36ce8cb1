package dev.specter.dispatch;

import java.time.Duration;
import java.util.Iterator;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import dev.specter.SpecterErrorHandler;
import dev.specter.event.SpecterEvent;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationEventPublisher;

/**
 * Delivers Specter events to the application, off webrtc-java's native thread. Each peer
 * connection gets a serial {@link Mailbox} over one shared pool of daemon threads: events
 * of one connection are published in order, connections run in parallel. Futures complete
 * on the same pool, outside any mailbox, so a listener may wait on a future of its own
 * connection.
 */
public final class EventDispatcher implements AutoCloseable {

	private static final Log logger = LogFactory.getLog(EventDispatcher.class);

	private final ApplicationEventPublisher publisher;

	private final ExecutorService executor;

	private final ScheduledExecutorService timer;

	private final int mailboxCapacity;

	/** Where mailboxes run: the pool, or the posting thread ({@link #forwarding}). */
	private final Executor mailboxExecutor;

	/** Whether futures complete on the calling thread ({@link #forwarding}). */
	private final boolean inline;

	private final SpecterErrorHandler errorHandler;

	private final AtomicLong published = new AtomicLong();

	private final @Nullable ListenerInterest interest;

	/**
	 * Futures with a deadline, swept by the timer every {@link #SWEEP_MILLIS}. Cheaper
	 * than a timer task per operation: scheduling one signals the timer thread whenever
	 * the queue was empty (every operation of a sequential negotiation) and cancelling it
	 * takes the timer's lock, on the thread that starts or completes the operation.
	 */
	private final ConcurrentLinkedQueue<Deadline> deadlines = new ConcurrentLinkedQueue<>();

	/** How often deadlines are checked: an operation times out at most this much late. */
	static final long SWEEP_MILLIS = 100;

	/**
	 * Creates a dispatcher.
	 * @param publisher where events go (the application context)
	 * @param threads the number of dispatch threads
	 * @param mailboxCapacity the most events one connection may have waiting
	 */
	public EventDispatcher(ApplicationEventPublisher publisher, int threads, int mailboxCapacity) {
		this(publisher, threads, mailboxCapacity, EventDispatcher::logFailure);
	}

	/**
	 * Creates a dispatcher.
	 * @param publisher where events go (the application context)
	 * @param threads the number of dispatch threads
	 * @param mailboxCapacity the most events one connection may have waiting
	 * @param errorHandler receives what
	 * {@link dev.specter.datachannel.InlineMessageHandler}s throw, on a dispatch thread
	 */
	public EventDispatcher(ApplicationEventPublisher publisher, int threads, int mailboxCapacity,
			SpecterErrorHandler errorHandler) {
		this(publisher, threads, mailboxCapacity, errorHandler, false);
	}

	private EventDispatcher(ApplicationEventPublisher publisher, int threads, int mailboxCapacity,
			SpecterErrorHandler errorHandler, boolean inlineMailboxes) {
		this.publisher = publisher;
		this.interest = ListenerInterest.of(publisher);
		this.errorHandler = errorHandler;
		this.executor = new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
				daemonThreads("specter-dispatch-"));
		this.timer = new ScheduledThreadPoolExecutor(1, daemonThreads("specter-timer-"));
		((ScheduledThreadPoolExecutor) this.timer).setRemoveOnCancelPolicy(true);
		this.timer.scheduleWithFixedDelay(this::expireDeadlines, SWEEP_MILLIS, SWEEP_MILLIS, TimeUnit.MILLISECONDS);
		this.mailboxCapacity = mailboxCapacity;
		this.mailboxExecutor = inlineMailboxes ? InlineExecutor.INSTANCE : this.executor;
		this.inline = inlineMailboxes;
	}

	/**
	 * Creates a dispatcher for a process that runs no application code (a worker
	 * forwarding its events and results to the application, which publishes them and
	 * completes its futures through its own dispatcher): each connection's events are
	 * published on the thread that posts them, still one at a time and in order, and
	 * futures complete on the thread that completes them, saving a thread hand-off per
	 * event and per result. What runs there is the engine's bookkeeping and the
	 * forwarding, which never blocks for long. Timers and {@link #runAsync} tasks still
	 * run on the pool.
	 * @param publisher where events go
	 * @param threads the number of threads that complete futures
	 * @param mailboxCapacity the most events one connection may have waiting
	 * @return the dispatcher
	 */
	public static EventDispatcher forwarding(ApplicationEventPublisher publisher, int threads, int mailboxCapacity) {
		return new EventDispatcher(publisher, threads, mailboxCapacity, EventDispatcher::logFailure, true);
	}

	/**
	 * Daemon threads with the context class loader of the thread that creates the
	 * dispatcher (the application's). Pool threads are started lazily, by whichever
	 * thread submits first, often webrtc-java's native thread, whose context class loader
	 * is the system class loader: in an executable Spring Boot jar that one cannot see
	 * the application's classes, and listener code that loads through the context class
	 * loader (service loaders, some JSON and XML libraries) would fail only there.
	 */
	private static ThreadFactory daemonThreads(String prefix) {
		AtomicInteger count = new AtomicInteger();
		ClassLoader contextClassLoader = Thread.currentThread().getContextClassLoader();
		return (runnable) -> {
			Thread thread = new Thread(runnable, prefix + count.incrementAndGet());
			thread.setDaemon(true);
			thread.setContextClassLoader(contextClassLoader);
			return thread;
		};
	}

	public Mailbox newMailbox(String name) {
		return new Mailbox(name, this.mailboxExecutor, this.mailboxCapacity);
	}

	public Executor executor() {
		return this.executor;
	}

	/**
	 * Returns how many events have been published.
	 * @return the count since start
	 */
	public long publishedCount() {
		return this.published.get();
	}

	/**
	 * Returns whether an event is worth posting: {@code false} only when the application
	 * context is known to have no listener for its class (see {@link ListenerInterest}).
	 * Cheap enough for webrtc-java's native thread.
	 * @param event the event about to be posted
	 * @return whether to post it
	 */
	public boolean wants(SpecterEvent event) {
		ListenerInterest current = this.interest;
		return current == null || !current.unwanted(event.getClass());
	}

	public void publish(SpecterEvent event) {
		try {
			this.published.incrementAndGet();
			SpecterApplicationEvent applicationEvent = new SpecterApplicationEvent(this.publisher, event);
			this.publisher.publishEvent(applicationEvent);
			ListenerInterest current = this.interest;
			if (current != null) {
				current.learn(applicationEvent, applicationEvent.getResolvableType(), event.getClass());
			}
		}
		catch (Throwable ex) {
			// A plain @EventListener (not @SpecterListener) threw: keep the mailbox
			// alive.
			logger.error("An event listener failed on " + event.getClass().getSimpleName() + " of peer connection "
					+ event.peerConnection(), ex);
		}
	}

	/**
	 * Reports what a handler threw to the error handler, on a dispatch thread (the
	 * handler may have run on the native thread, where no application code may run).
	 */
	public void reportFailure(SpecterEvent event, String handler, Throwable failure) {
		try {
			this.executor.execute(() -> {
				try {
					this.errorHandler.handleListenerFailure(event, handler, failure);
				}
				catch (Throwable ex) {
					logger.error("The SpecterErrorHandler threw while handling a failure of " + handler, ex);
				}
			});
		}
		catch (Throwable ex) {
			// Shutting down: nobody is left to tell.
			logger.debug("Dropped a handler failure report at shutdown", failure);
		}
	}

	private static void logFailure(SpecterEvent event, String handler, Throwable failure) {
		logger.error(handler + " failed on " + event.getClass().getSimpleName() + " of peer connection "
				+ event.peerConnection(), failure);
	}

	/**
	 * Completes a future on a dispatch thread, never on the caller's (native) thread
	 * (except in a {@link #forwarding} dispatcher).
	 */
	public <T> void complete(CompletableFuture<T> future, T value) {
		if (this.inline) {
			future.complete(value);
			return;
		}
		this.executor.execute(() -> future.complete(value));
	}

	public <T> void fail(CompletableFuture<T> future, Throwable failure) {
		if (this.inline) {
			future.completeExceptionally(failure);
			return;
		}
		this.executor.execute(() -> future.completeExceptionally(failure));
	}

	public void runAsync(Runnable task) {
		this.executor.execute(() -> {
			try {
				task.run();
			}
			catch (Throwable ex) {
				logger.error("A Specter task failed", ex);
			}
		});
	}

	public void runLater(Runnable task, long delayMillis) {
		try {
			this.timer.schedule(() -> runAsync(task), delayMillis, TimeUnit.MILLISECONDS);
		}
		catch (RejectedExecutionException ex) {
			// shutting down
		}
	}

	/**
	 * Fails the future with the supplied exception if it is not complete after the
	 * timeout (checked every {@value #SWEEP_MILLIS} ms, so up to that much later).
	 */
	public <T> void timeout(CompletableFuture<T> future, Duration timeout, Supplier<? extends Throwable> failure) {
		if (!future.isDone()) {
			this.deadlines.add(new Deadline(future, System.nanoTime() + timeout.toNanos(), failure));
		}
	}

	/**
	 * Runs on the timer thread: forgets completed futures, fails expired ones on a
	 * dispatch thread.
	 */
	private void expireDeadlines() {
		try {
			long now = System.nanoTime();
			for (Iterator<Deadline> it = this.deadlines.iterator(); it.hasNext();) {
				Deadline deadline = it.next();
				if (deadline.future().isDone()) {
					it.remove();
				}
				else if (now - deadline.at() >= 0) {
					it.remove();
					this.executor.execute(() -> deadline.future().completeExceptionally(deadline.failure().get()));
				}
			}
		}
		catch (Throwable ex) {
			// Never let the periodic task die (a rejected execution at shutdown ends it
			// anyway).
			logger.debug("Expiring operation deadlines failed", ex);
		}
	}

	/** Returns how many deadlines are tracked (completed ones until the next sweep). */
	public int trackedDeadlines() {
		return this.deadlines.size();
	}

	private record Deadline(CompletableFuture<?> future, long at, Supplier<? extends Throwable> failure) {
	}

	/**
	 * Stops the dispatch threads after the events already queued, waiting up to 5
	 * seconds.
	 */
	@Override
	public void close() {
		this.timer.shutdownNow();
		this.executor.shutdown();
		try {
			if (!this.executor.awaitTermination(5, TimeUnit.SECONDS)) {
				this.executor.shutdownNow();
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			this.executor.shutdownNow();
		}
	}

}
