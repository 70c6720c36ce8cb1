package dev.specter.worker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import dev.specter.DataChannelId;
import dev.specter.EngineFailedException;
import dev.specter.NativeLibraryUnavailableException;
import dev.specter.PeerConnectionId;
import dev.specter.Specter;
import dev.specter.SpecterConfig;
import dev.specter.SpecterFactory;
import dev.specter.SpecterObserver;
import dev.specter.datachannel.DataChannelState;
import dev.specter.dispatch.EventDispatcher;
import dev.specter.dispatch.Mailbox;
import dev.specter.event.ConnectionStateChanged;
import dev.specter.event.DataChannelMessage;
import dev.specter.event.DataChannelReceived;
import dev.specter.event.DataChannelStateChanged;
import dev.specter.event.EventsDropped;
import dev.specter.event.PeerConnectionClosed;
import dev.specter.event.RemoteTrackEnded;
import dev.specter.event.SpecterEvent;
import dev.specter.signaling.ConnectionState;
import dev.specter.webrtc.ConnectionLimits;
import dev.specter.webrtc.NativeResources;
import dev.specter.webrtc.ReceivedBytes;
import dev.specter.webrtc.ReceivedMessages;
import dev.specter.webrtc.RuntimeSettings;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * Creates {@link Specter} instances whose engine runs in worker processes
 * ({@code specter.engine.isolation=workers}): child JVMs started from the application's
 * own {@code java} and class path, each owning one webrtc-java engine, driven over Unix
 * domain sockets in a private directory. A new connection goes to the worker with the
 * fewest live connections; every later call on it goes to that worker, and its events
 * come back in order and are published through the application's dispatch (per-connection
 * mailboxes), as in process.
 * <p>
 * A worker that dies (native crash, {@code kill -9}, out of memory) is noticed at once
 * (its socket ends): each of its connections gets {@link PeerConnectionClosed} with
 * {@link PeerConnectionClosed.Reason#ENGINE_FAILED} as its last event, its pending
 * futures fail with {@link EngineFailedException}, its crash report is logged, and a new
 * worker replaces it. Connections of the other workers are not touched. A worker that is
 * alive but stops answering (a stopped process, a deadlock in native code) is found by a
 * heartbeat ({@link WorkerOptions#heartbeatInterval()}, answered by the worker's socket
 * reader between two calls), killed after {@link WorkerOptions#heartbeatTimeout()} and
 * handled the same way. {@link #counters()} and {@link #workerStatus()} show what
 * happened to the workers and what runs now. Closing the factory closes every instance
 * and stops the workers.
 */
public final class WorkerSpecterFactory implements SpecterFactory, AutoCloseable {

	private static final Log logger = LogFactory.getLog(WorkerSpecterFactory.class);

	private final WorkerOptions options;

	private final EventDispatcher dispatcher;

	private final RuntimeSettings settings;

	private final ReceivedBytes receivedTotal;

	private final ConnectionLimits limits;

	private final SpecterObserver observer;

	private final Path directory;

	private final Path settingsFile;

	private final List<WorkerProcess> workers = new CopyOnWriteArrayList<>();

	private final AtomicInteger numbers = new AtomicInteger();

	private final AtomicInteger starting = new AtomicInteger();

	private final Map<PeerConnectionId, Route> routes = new ConcurrentHashMap<>();

	private final Set<WorkerSpecter> instances = ConcurrentHashMap.newKeySet();

	private final AtomicInteger failures = new AtomicInteger();

	private final MediaStreams media = new MediaStreams(this);

	private final WorkerCounters counters = new WorkerCounters();

	private final WorkerHeartbeat heartbeat;

	private volatile boolean closed;

	/** Why no worker could start, thrown by {@link #create} as in process. */
	private volatile NativeLibraryUnavailableException nativeLibraryUnavailable;

	/**
	 * Starts the workers and waits until each one's engine is ready.
	 * @param options how many workers, and how to start them
	 * @param dispatcher publishes the events in the application (owned: closed with this
	 * factory)
	 * @param settings timeouts, limits and flow control, applied in each worker
	 * @param limits bounds on the connections of each instance
	 * @param observer told of every operation and send
	 * @throws UncheckedIOException if a worker cannot be started
	 */
	public WorkerSpecterFactory(WorkerOptions options, EventDispatcher dispatcher, RuntimeSettings settings,
			ConnectionLimits limits, SpecterObserver observer) {
		this.options = options;
		this.dispatcher = dispatcher;
		this.settings = settings;
		this.receivedTotal = new ReceivedBytes(settings.maxQueuedBytesTotal());
		this.limits = limits;
		this.observer = observer;
		try {
			this.directory = Files.createTempDirectory("specter-workers-",
					PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
			this.settingsFile = this.directory.resolve("engine.json");
			Files.writeString(this.settingsFile, WorkerCodec
				.write(new EngineSettings(settings, limits, options.dispatchThreads(), options.mailboxCapacity())));
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot create the workers' directory", ex);
		}
		List<CompletableFuture<Void>> started = new ArrayList<>();
		for (int i = 0; i < options.workers(); i++) {
			started.add(CompletableFuture.runAsync(this::startWorker));
		}
		try {
			CompletableFuture.allOf(started.toArray(CompletableFuture[]::new)).join();
		}
		catch (RuntimeException ex) {
			this.nativeLibraryUnavailable = WorkerStartFailure.find(ex);
			if (this.nativeLibraryUnavailable == null) {
				close();
				throw ex;
			}
		}
		this.heartbeat = new WorkerHeartbeat(options.heartbeatInterval(), options.heartbeatTimeout(),
				() -> this.workers, () -> this.counters.hungCounter().incrementAndGet());
	}

	private void startWorker() {
		int number = this.numbers.incrementAndGet();
		this.starting.incrementAndGet();
		try {
			WorkerProcess worker = WorkerProcess.start(number, this.directory, this.settingsFile,
					this.options.jvmOptions(), this.options.startTimeout(), new Listener());
			if (this.closed) {
				worker.stop(Duration.ofSeconds(5));
				return;
			}
			this.workers.add(worker);
			this.counters.startedCounter().incrementAndGet();
			logger.info("Started Specter " + worker);
		}
		catch (IOException ex) {
			this.counters.startFailuresCounter().incrementAndGet();
			throw new UncheckedIOException(ex);
		}
		finally {
			this.starting.decrementAndGet();
		}
	}

	@Override
	public Specter create(SpecterConfig config) {
		if (this.closed) {
			throw new IllegalStateException("The Specter factory is closed");
		}
		if (this.nativeLibraryUnavailable != null) {
			throw this.nativeLibraryUnavailable;
		}
		WorkerSpecter specter = new WorkerSpecter((config != null) ? config : SpecterConfig.defaults(), this);
		for (WorkerProcess worker : this.workers) {
			specter.state(worker);
		}
		this.instances.add(specter);
		return specter;
	}

	@Override
	public Collection<Specter> instances() {
		return List.copyOf(this.instances);
	}

	/**
	 * Returns the running workers' process ids, in the order they were started.
	 * @return a snapshot
	 */
	public List<Long> workerPids() {
		return this.workers.stream().map(WorkerProcess::pid).toList();
	}

	/**
	 * Returns the process id of the worker that holds a connection.
	 * @param peerConnection the connection
	 * @return the pid, or {@code -1} if the connection is not live
	 */
	public long workerPid(PeerConnectionId peerConnection) {
		Route route = this.routes.get(peerConnection);
		return (route != null) ? route.worker().pid() : -1;
	}

	/**
	 * Returns what the workers' engines hold (connections, data channels, closed
	 * connections and their retained native memory), summed over the live workers: what
	 * {@code DefaultSpecterFactory.resources()} says in process. Asks each worker.
	 * @return a snapshot
	 */
	public WorkerResources resources() {
		return EngineQueries.resources(List.copyOf(this.workers), this.settings.operationTimeout().plusSeconds(5));
	}

	/**
	 * Returns how many workers have died since the factory started.
	 * @return the count
	 */
	public int workerFailures() {
		return this.failures.get();
	}

	/**
	 * Returns what happened to the workers since the factory started.
	 * @return the live counters
	 */
	public WorkerCounters counters() {
		return this.counters;
	}

	/**
	 * Returns the running workers (retiring ones included), in the order they were
	 * started.
	 * @return a snapshot
	 */
	public List<WorkerStatus> workerStatus() {
		return this.workers.stream()
			.filter(WorkerProcess::alive)
			.map((worker) -> new WorkerStatus(worker.number(), worker.pid(), worker.load().get(), worker.served().get(),
					worker.retiring(), Instant.ofEpochMilli(worker.startedAt())))
			.toList();
	}

	/**
	 * Counts the live connections by the state their last event said, as the application
	 * saw it: no worker is asked.
	 * @return the count of each state that has connections
	 */
	public Map<ConnectionState, Integer> connectionStates() {
		Map<ConnectionState, Integer> counts = new EnumMap<>(ConnectionState.class);
		for (Route route : this.routes.values()) {
			if (!route.closing()) {
				counts.merge(route.state(), 1, Integer::sum);
			}
		}
		return counts;
	}

	/**
	 * Counts the connections closed in the engines of the live workers, as the
	 * application saw their closed events: webrtc-java 0.14 keeps each one's native
	 * memory (about {@link NativeResources#RETAINED_BYTES_PER_CLOSED_CONNECTION} bytes)
	 * until its worker exits, which recycling
	 * ({@code specter.engine.max-connections-per-worker}) arranges. No worker is asked.
	 * @return the count
	 */
	public long closedConnections() {
		return this.workers.stream().filter(WorkerProcess::alive).mapToLong((worker) -> worker.closed().get()).sum();
	}

	/**
	 * Returns why the workers could not start their engine when webrtc-java's native
	 * library cannot load in them (the application then starts without workers, as it
	 * does in process with lazy initialisation).
	 * @return the failure, or {@code null} when the library loaded
	 */
	public @Nullable NativeLibraryUnavailableException nativeLibraryUnavailable() {
		return this.nativeLibraryUnavailable;
	}

	/**
	 * Returns how many workers the factory keeps running.
	 * @return the configured count
	 */
	public int configuredWorkers() {
		return this.options.workers();
	}

	/**
	 * Returns whether the factory is closed (its workers stopped).
	 * @return whether closed
	 */
	public boolean isClosed() {
		return this.closed;
	}

	/**
	 * Returns the private directory of the workers (their sockets, output and crash
	 * reports).
	 * @return the directory
	 */
	public Path directory() {
		return this.directory;
	}

	/**
	 * Returns the event dispatcher.
	 * @return the dispatcher
	 */
	public EventDispatcher dispatcher() {
		return this.dispatcher;
	}

	MediaStreams media() {
		return this.media;
	}

	RuntimeSettings settings() {
		return this.settings;
	}

	ConnectionLimits limits() {
		return this.limits;
	}

	SpecterObserver observer() {
		return this.observer;
	}

	/**
	 * The live worker with the fewest connections (counting those being created), with
	 * one creation reserved on it: release it with {@link #release(WorkerProcess)} once
	 * the connection is registered (or failed). Waits for a replacement when no worker is
	 * live.
	 */
	WorkerProcess reserve() {
		leastLoaded();
		WorkerProcess worker;
		boolean retired = false;
		synchronized (this.workers) {
			worker = leastLoaded();
			worker.load().incrementAndGet();
			int max = this.options.maxConnectionsPerWorker();
			if (max > 0 && worker.served().incrementAndGet() >= max) {
				worker.retire();
				retired = true;
			}
		}
		if (retired) {
			logger.info("Recycling Specter " + worker + " after " + this.options.maxConnectionsPerWorker()
					+ " connections: a new worker takes its place");
			this.counters.recyclesCounter().incrementAndGet();
			startReplacement(null);
		}
		return worker;
	}

	void release(WorkerProcess worker) {
		worker.load().decrementAndGet();
		stopIfRetired(worker);
	}

	/** Stops a retired worker whose last connection is gone. */
	private void stopIfRetired(WorkerProcess worker) {
		if (worker.retiring() && worker.load().get() == 0 && this.workers.remove(worker)) {
			logger.info("Stopping recycled Specter " + worker);
			CompletableFuture.runAsync(() -> worker.stop(Duration.ofSeconds(10)));
		}
	}

	/** Starts a worker in the background; counts it in {@code counter} once running. */
	private void startReplacement(@Nullable AtomicLong counter) {
		CompletableFuture.runAsync(() -> {
			startWorker();
			if (counter != null && !this.closed) {
				counter.incrementAndGet();
			}
		}).exceptionally((ex) -> {
			logger.error("A replacement Specter worker could not be started", ex);
			return null;
		});
	}

	/**
	 * The live worker with the fewest connections, preferring those that answer the
	 * heartbeat in time; waits for a replacement when none is live.
	 */
	WorkerProcess leastLoaded() {
		long deadline = System.nanoTime() + this.options.startTimeout().toNanos();
		long suspectAfter = 2 * this.options.heartbeatInterval().toNanos();
		while (true) {
			long now = System.nanoTime();
			WorkerProcess best = this.workers.stream()
				.filter((worker) -> worker.alive() && !worker.retiring())
				.min(Comparator.comparing((WorkerProcess w) -> w.liveness().silentNanos(now) > suspectAfter)
					.thenComparingInt((WorkerProcess w) -> w.load().get()))
				.orElse(null);
			if (best != null) {
				return best;
			}
			if (this.closed || System.nanoTime() > deadline) {
				throw new EngineFailedException("No Specter worker is running");
			}
			try {
				Thread.sleep(10);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new EngineFailedException("Interrupted while waiting for a Specter worker");
			}
		}
	}

	/** Connections whose closed event has not been published yet. */
	int routeCount() {
		return this.routes.size();
	}

	Route route(PeerConnectionId peerConnection) {
		return this.routes.get(peerConnection);
	}

	Stream<Route> routes(WorkerSpecter owner) {
		return this.routes.values().stream().filter((route) -> route.owner() == owner);
	}

	/** Registers a connection (once: by its creation's reply or by its first event). */
	Route register(PeerConnectionId peerConnection, WorkerSpecter owner, WorkerProcess worker) {
		return this.routes.computeIfAbsent(peerConnection, (pc) -> {
			worker.load().incrementAndGet();
			Mailbox mailbox = this.dispatcher.newMailbox("peer connection " + pc);
			mailbox
				.onOverflow((count, first) -> this.dispatcher.publish(new EventsDropped(owner.id(), pc, count, first)));
			ReceivedMessages received = new ReceivedMessages(mailbox, this.settings.maxQueuedBytes(),
					this.receivedTotal, (count) -> this.dispatcher
						.publish(new EventsDropped(owner.id(), pc, count, DataChannelMessage.class.getSimpleName())));
			return new Route(pc, owner, worker, mailbox, received);
		});
	}

	/**
	 * Publishes a connection's last event and forgets it; only the first call for a
	 * connection does anything.
	 */
	void closeRoute(Route route, PeerConnectionClosed closed) {
		if (this.routes.remove(route.peerConnection(), route)) {
			route.markClosing();
			route.end();
			this.media.closed(route);
			route.worker().load().decrementAndGet();
			if (closed.reason() != PeerConnectionClosed.Reason.ENGINE_FAILED) {
				route.worker().closed().incrementAndGet();
			}
			route.mailbox().seal(() -> this.dispatcher.publish(closed));
			stopIfRetired(route.worker());
		}
	}

	void forget(WorkerSpecter specter) {
		this.instances.remove(specter);
	}

	@Override
	public void close() {
		if (this.closed) {
			return;
		}
		for (WorkerSpecter specter : List.copyOf(this.instances)) {
			specter.close();
		}
		this.closed = true;
		if (this.heartbeat != null) {
			this.heartbeat.close();
		}
		// The workers publish the closed events of the instances closed above.
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
		while (!this.routes.isEmpty() && System.nanoTime() < deadline) {
			try {
				Thread.sleep(10);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				break;
			}
		}
		for (Route route : List.copyOf(this.routes.values())) {
			closeRoute(route, new PeerConnectionClosed(route.owner().id(), route.peerConnection(),
					PeerConnectionClosed.Reason.CLOSED));
		}
		for (WorkerProcess worker : List.copyOf(this.workers)) {
			worker.stop(Duration.ofSeconds(5));
		}
		this.workers.clear();
		this.dispatcher.close();
		deleteDirectory();
	}

	private void deleteDirectory() {
		try (Stream<Path> files = Files.list(this.directory)) {
			for (Path file : files.toList()) {
				Files.deleteIfExists(file);
			}
			Files.deleteIfExists(this.directory);
		}
		catch (IOException ex) {
			logger.debug("Could not delete " + this.directory, ex);
		}
	}

	/** Reads what workers report; runs on each worker's reader thread. */
	private final class Listener implements WorkerProcess.Listener {

		@Override
		public void onEvent(WorkerProcess worker, Frames.Frame frame) {
			if (frame.type() == Frames.MEDIA) {
				WorkerSpecterFactory.this.media.deliver(frame);
				return;
			}
			SpecterEvent event;
			WorkerSpecter owner;
			if (frame.type() == Frames.MESSAGE) {
				Frames.Payload payload = frame.message();
				owner = worker.specters().get(payload.specter());
				if (owner == null) {
					return;
				}
				event = new DataChannelMessage(owner.id(), new PeerConnectionId(payload.peerConnection()),
						new DataChannelId(payload.channel()), payload.binary(), payload.data());
			}
			else {
				JsonNode node = WorkerCodec.tree(frame.payload());
				String workerSpecter = node.path("e").path("specter").path("value").asString();
				owner = worker.specters().get(UUID.fromString(workerSpecter));
				if (owner == null) {
					return;
				}
				event = WorkerCodec.event(node, owner.id().value().toString());
			}
			Route route = register(event.peerConnection(), owner, worker);
			if (route.worker() != worker || route.owner() != owner) {
				// A worker speaks only of its own connections: a corrupt frame fails the
				// worker (its reader ends it), never another worker's connection.
				throw new IllegalStateException(worker + " reported an event of a connection it does not hold");
			}
			if (event instanceof PeerConnectionClosed closed) {
				closeRoute(route, closed);
				return;
			}
			if (event instanceof ConnectionStateChanged changed) {
				route.state(changed.state());
			}
			if (event instanceof RemoteTrackEnded ended) {
				WorkerSpecterFactory.this.media.trackEnded(ended.peerConnection(), ended.track());
			}
			if (event instanceof DataChannelReceived received) {
				route.channel(received.channel(), received.options());
			}
			else if (event instanceof DataChannelStateChanged changed) {
				route.known(changed.channel()).state(changed.state());
				if (changed.state() == DataChannelState.CLOSED) {
					route.closed(changed.channel());
				}
			}
			else if (event instanceof DataChannelMessage message) {
				Channel channel = route.channels().get(message.channel());
				InlineHandler inline = (channel != null) ? channel.inline().get() : null;
				if (inline != null) {
					inline.deliver(message, WorkerSpecterFactory.this.dispatcher);
					return;
				}
				if (route.received() != null) {
					route.received().post(message, () -> WorkerSpecterFactory.this.dispatcher.publish(event));
					return;
				}
			}
			{
				route.mailbox()
					.post(() -> WorkerSpecterFactory.this.dispatcher.publish(event), true,
							event.getClass().getSimpleName());
			}
		}

		@Override
		public void onEnd(WorkerProcess worker, boolean stopped, Throwable cause) {
			WorkerSpecterFactory.this.workers.remove(worker);
			if (stopped || WorkerSpecterFactory.this.closed) {
				WorkerReports.prune(worker.directory(), worker.number());
				return;
			}
			WorkerSpecterFactory.this.failures.incrementAndGet();
			WorkerSpecterFactory.this.counters.deathsCounter().incrementAndGet();
			String hung = worker.killedBecause();
			logger.error("Specter " + worker + ((hung != null) ? " was killed as hung (" + hung + ")" : " died")
					+ "; its connections are closed (reason ENGINE_FAILED) and a new worker is started");
			if (!worker.retiring()) {
				startReplacement(WorkerSpecterFactory.this.counters.restartsCounter());
			}
			for (Route route : List.copyOf(WorkerSpecterFactory.this.routes.values())) {
				if (route.worker() == worker) {
					closeRoute(route, new PeerConnectionClosed(route.owner().id(), route.peerConnection(),
							PeerConnectionClosed.Reason.ENGINE_FAILED));
				}
			}
			report(worker);
		}

		private void report(WorkerProcess worker) {
			try {
				worker.process().waitFor(5, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			String exit = worker.process().isAlive() ? "still running (killed now)"
					: "exit code " + worker.process().exitValue();
			worker.process().destroyForcibly();
			StringBuilder report = new StringBuilder("Specter " + worker + " ended: " + exit);
			for (Path crash : WorkerReports.crashReports(worker.directory(), worker.number(), worker.pid())) {
				report.append("\nCrash report ").append(crash).append(":\n").append(WorkerReports.head(crash));
			}
			report.append("\nLast output of the worker:\n")
				.append(WorkerReports.tail(worker.directory().resolve("worker-" + worker.number() + ".log")));
			logger.error(report);
			WorkerReports.prune(worker.directory(), worker.number());
		}

	}

}
