package dev.specter.metrics;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import dev.specter.PeerConnectionId;
import dev.specter.Specter;
import dev.specter.SpecterException;
import dev.specter.SpecterFactory;
import dev.specter.SpecterListener;
import dev.specter.event.ConnectionStatsSampled;
import dev.specter.event.PeerConnectionClosed;
import dev.specter.event.StatsReported;
import dev.specter.signaling.ConnectionState;
import dev.specter.stats.ConnectionStats;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.SmartLifecycle;

/**
 * Samples the statistics of every connected peer connection of every Specter instance at
 * a fixed interval and publishes each result as a {@link ConnectionStatsSampled} event,
 * which also feeds the transport, round-trip-time and media meters.
 * <p>
 * Only connections in the {@code connected} or {@code disconnected} state are sampled; a
 * connection whose previous sample has not completed yet is skipped, so a slow engine
 * never accumulates requests. Samples use {@link Specter#getStats}, which also publishes
 * its {@link dev.specter.event.StatsReported} event. Sampling runs on one daemon thread;
 * results are published on Specter's dispatch threads.
 */
public final class ConnectionStatsSampler implements SmartLifecycle {

	private static final Log logger = LogFactory.getLog(ConnectionStatsSampler.class);

	private static final Set<ConnectionState> SAMPLED = EnumSet.of(ConnectionState.CONNECTED,
			ConnectionState.DISCONNECTED);

	private final SpecterFactory specterFactory;

	private final ApplicationEventPublisher publisher;

	private final Duration interval;

	/**
	 * Connections with a sample requested and not yet published, with the request time.
	 */
	private final Map<PeerConnectionId, Long> inFlight = new ConcurrentHashMap<>();

	private volatile @Nullable ScheduledExecutorService executor;

	/**
	 * Creates a sampler.
	 * @param specterFactory the source of the Specter instances to sample
	 * @param publisher where the events go
	 * @param interval the time between two samples of a connection
	 */
	public ConnectionStatsSampler(SpecterFactory specterFactory, ApplicationEventPublisher publisher,
			Duration interval) {
		if (interval.isZero() || interval.isNegative()) {
			throw new IllegalArgumentException("interval must be positive");
		}
		this.specterFactory = specterFactory;
		this.publisher = publisher;
		this.interval = interval;
	}

	/**
	 * Returns the sampling interval.
	 * @return the interval
	 */
	public Duration interval() {
		return this.interval;
	}

	/**
	 * Samples every eligible connection once, now.
	 * @return a future that completes when every sample of this round is published (or
	 * failed)
	 */
	public CompletableFuture<Void> sampleNow() {
		List<CompletableFuture<?>> samples = new ArrayList<>();
		for (Specter specter : this.specterFactory.instances()) {
			for (PeerConnectionId peerConnection : specter.peerConnections()) {
				CompletableFuture<?> sample = sample(specter, peerConnection);
				if (sample != null) {
					samples.add(sample);
				}
			}
		}
		return CompletableFuture.allOf(samples.toArray(CompletableFuture[]::new));
	}

	private @Nullable CompletableFuture<?> sample(Specter specter, PeerConnectionId peerConnection) {
		try {
			if (!SAMPLED.contains(specter.connectionState(peerConnection)) || !request(peerConnection)) {
				return null;
			}
			return specter.getStats(peerConnection).handle((json, failure) -> {
				if (failure != null) {
					this.inFlight.remove(peerConnection);
				}
				return null;
			});
		}
		catch (SpecterException ex) {
			// Closed between listing and sampling.
			this.inFlight.remove(peerConnection);
			return null;
		}
	}

	/**
	 * Marks a sample as requested unless one is pending (a lost one counts as pending for
	 * 10 intervals).
	 */
	private boolean request(PeerConnectionId peerConnection) {
		long now = System.nanoTime();
		long stale = now - 10 * this.interval.toNanos();
		Long previous = this.inFlight.putIfAbsent(peerConnection, now);
		return previous == null || (previous < stale && this.inFlight.replace(peerConnection, previous, now));
	}

	/**
	 * Turns the stats report of a requested sample into a {@link ConnectionStatsSampled}
	 * event. It runs in the connection's mailbox, so the sample takes its place among the
	 * connection's events: never after its {@code PeerConnectionClosed}.
	 * @param report the report
	 */
	/**
	 * Forgets a closed connection's pending sample.
	 * @param closed the connection's last event
	 */
	@SpecterListener
	public void onClosed(PeerConnectionClosed closed) {
		this.inFlight.remove(closed.peerConnection());
	}

	@SpecterListener
	public void onStatsReported(StatsReported report) {
		if (this.inFlight.remove(report.peerConnection()) == null) {
			return;
		}
		try {
			this.publisher.publishEvent(new ConnectionStatsSampled(report.specter(), report.peerConnection(),
					ConnectionStats.fromJson(report.json())));
		}
		catch (Throwable ex) {
			logger.warn("Publishing the statistics of peer connection " + report.peerConnection() + " failed", ex);
		}
	}

	@Override
	public void start() {
		ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, (runnable) -> {
			Thread thread = new Thread(runnable, "specter-stats");
			thread.setDaemon(true);
			return thread;
		});
		long millis = this.interval.toMillis();
		timer.scheduleWithFixedDelay(this::sampleQuietly, millis, Math.max(1, millis), TimeUnit.MILLISECONDS);
		this.executor = timer;
	}

	private void sampleQuietly() {
		try {
			sampleNow();
		}
		catch (Throwable ex) {
			// A failing round must not cancel the schedule.
			logger.warn("Sampling Specter statistics failed", ex);
		}
	}

	@Override
	public void stop() {
		ScheduledExecutorService timer = this.executor;
		if (timer != null) {
			timer.shutdownNow();
			this.executor = null;
		}
	}

	@Override
	public boolean isRunning() {
		return this.executor != null;
	}

}
