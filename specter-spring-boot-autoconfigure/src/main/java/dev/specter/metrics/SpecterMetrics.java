package dev.specter.metrics;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;

import dev.specter.PeerConnectionId;
import dev.specter.SpecterListener;
import dev.specter.event.ConnectionStateChanged;
import dev.specter.event.ConnectionStatsSampled;
import dev.specter.event.DataChannelMessage;
import dev.specter.event.EventsDropped;
import dev.specter.event.IceCandidateError;
import dev.specter.event.IceCandidateGathered;
import dev.specter.event.PeerConnectionClosed;
import dev.specter.event.PeerConnectionReady;
import dev.specter.event.SpecterEvent;
import dev.specter.signaling.ConnectionState;
import dev.specter.stats.ConnectionStats;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.BaseUnits;
import org.jspecify.annotations.Nullable;

/**
 * Micrometer meters fed by Specter's events and by {@link ConnectionStatsSampled}
 * samples. Every meter name starts with {@code specter.}; the names and tags are
 * constants of this class.
 * <p>
 * Counters of sampled statistics ({@code specter.transport.*}, {@code specter.rtp.*}) add
 * the difference between two samples of a connection, so they lag by at most one sampling
 * interval and miss what a connection transferred after its last sample. Data-channel
 * bytes and messages sent are counted by a {@link dev.specter.SpecterObserver} as each
 * message (or chunk of a large payload) is handed to libwebrtc; received ones from
 * {@link DataChannelMessage} events.
 */
public final class SpecterMetrics {

	/** Gauge of live peer connections, tagged {@code state}. */
	public static final String CONNECTIONS = "specter.connections";

	/** Counter of peer connections created. */
	public static final String CONNECTIONS_OPENED = "specter.connections.opened";

	/** Counter of peer connections closed. */
	public static final String CONNECTIONS_CLOSED = "specter.connections.closed";

	/** Counter of transitions to the {@code failed} connection state. */
	public static final String CONNECTIONS_FAILED = "specter.connections.failed";

	/**
	 * Timer from creation to the first of connected, failed or closed, tagged
	 * {@code outcome}.
	 */
	public static final String CONNECTIONS_ESTABLISHMENT = "specter.connections.establishment";

	/** Counter of events published, tagged {@code type}. */
	public static final String EVENTS = "specter.events";

	/** Counter of events dropped because a connection's mailbox was full. */
	public static final String EVENTS_DROPPED = "specter.events.dropped";

	/**
	 * Counter of {@code @SpecterListener} failures, tagged {@code event},
	 * {@code listener}, {@code exception}.
	 */
	public static final String LISTENER_FAILURES = "specter.listener.failures";

	/** Timer of asynchronous operations, tagged {@code operation} and {@code outcome}. */
	public static final String OPERATIONS = "specter.operations";

	/** Counter of data-channel messages, tagged {@code direction}. */
	public static final String DATACHANNEL_MESSAGES = "specter.datachannel.messages";

	/** Counter of data-channel payload bytes, tagged {@code direction}. */
	public static final String DATACHANNEL_BYTES = "specter.datachannel.bytes";

	/**
	 * Counter of local ICE candidates gathered, tagged {@code type} and {@code protocol}.
	 */
	public static final String ICE_CANDIDATES = "specter.ice.candidates";

	/**
	 * Counter of STUN/TURN servers that failed during gathering
	 * ({@code IceCandidateError}), tagged {@code code} (the STUN error code, {@code 701}
	 * for unreachable, {@code other} outside 300 to 799).
	 */
	public static final String ICE_CANDIDATE_ERRORS = "specter.ice.candidate.errors";

	/** Timer of the selected candidate pair's round-trip time, one record per sample. */
	public static final String ICE_ROUND_TRIP_TIME = "specter.ice.round.trip.time";

	/** Counter of transport bytes (payload and overhead), tagged {@code direction}. */
	public static final String TRANSPORT_BYTES = "specter.transport.bytes";

	/** Counter of transport packets, tagged {@code direction}. */
	public static final String TRANSPORT_PACKETS = "specter.transport.packets";

	/** Counter of RTP packets, tagged {@code kind} and {@code direction}. */
	public static final String RTP_PACKETS = "specter.rtp.packets";

	/** Counter of RTP payload bytes, tagged {@code kind} and {@code direction}. */
	public static final String RTP_BYTES = "specter.rtp.bytes";

	/** Counter of received RTP packets lost, tagged {@code kind}. */
	public static final String RTP_PACKETS_LOST = "specter.rtp.packets.lost";

	/** Timer of the interarrival jitter of received RTP streams, tagged {@code kind}. */
	public static final String RTP_JITTER = "specter.rtp.jitter";

	/** Counter of video frames encoded. */
	public static final String RTP_FRAMES_ENCODED = "specter.rtp.frames.encoded";

	/** Counter of video frames decoded. */
	public static final String RTP_FRAMES_DECODED = "specter.rtp.frames.decoded";

	private static final Map<String, String> SAMPLED_DESCRIPTIONS = Map.of(TRANSPORT_BYTES,
			"Transport bytes, overhead included (sampled)", TRANSPORT_PACKETS, "Transport packets (sampled)",
			RTP_PACKETS, "RTP packets (sampled)", RTP_BYTES, "RTP payload bytes (sampled)", RTP_PACKETS_LOST,
			"RTP packets lost (sampled)", RTP_FRAMES_ENCODED, "Video frames encoded (sampled)", RTP_FRAMES_DECODED,
			"Video frames decoded (sampled)");

	/** States that a live connection can be in, each with its gauge. */
	static final List<ConnectionState> LIVE_STATES = List.of(ConnectionState.NEW, ConnectionState.CONNECTING,
			ConnectionState.CONNECTED, ConnectionState.DISCONNECTED, ConnectionState.FAILED);

	private final MeterRegistry registry;

	private final Map<PeerConnectionId, ConnectionMeters> connections = new ConcurrentHashMap<>();

	private final Map<Class<?>, Counter> eventCounters = new ConcurrentHashMap<>();

	private final Counter opened;

	private final Counter closed;

	private final Counter failed;

	private final Counter dropped;

	private final Counter messagesReceived;

	private final Counter bytesReceived;

	/**
	 * Registers the gauges and counters.
	 * @param registry the registry
	 * @param tracker the live connections, read by the {@value #CONNECTIONS} gauges
	 */
	public SpecterMetrics(MeterRegistry registry, ConnectionTracker tracker) {
		this.registry = registry;
		for (ConnectionState state : LIVE_STATES) {
			Gauge.builder(CONNECTIONS, tracker, (connections) -> connections.count(state))
				.description("Live peer connections")
				.tag("state", state.value())
				.baseUnit(BaseUnits.CONNECTIONS)
				.register(registry);
		}
		this.opened = Counter.builder(CONNECTIONS_OPENED).description("Peer connections created").register(registry);
		this.closed = Counter.builder(CONNECTIONS_CLOSED).description("Peer connections closed").register(registry);
		this.failed = Counter.builder(CONNECTIONS_FAILED)
			.description("Peer connections that reached the failed state")
			.register(registry);
		this.dropped = Counter.builder(EVENTS_DROPPED)
			.description("Events dropped because a connection's mailbox was full")
			.register(registry);
		this.messagesReceived = dataChannelMessages(registry, "received");
		this.bytesReceived = dataChannelBytes(registry, "received");
	}

	static Counter dataChannelMessages(MeterRegistry registry, String direction) {
		return Counter.builder(DATACHANNEL_MESSAGES)
			.description("Data-channel messages")
			.tag("direction", direction)
			.baseUnit(BaseUnits.MESSAGES)
			.register(registry);
	}

	static Counter dataChannelBytes(MeterRegistry registry, String direction) {
		return Counter.builder(DATACHANNEL_BYTES)
			.description("Data-channel payload bytes")
			.tag("direction", direction)
			.baseUnit(BaseUnits.BYTES)
			.register(registry);
	}

	/**
	 * Counts an event and updates the meters it concerns.
	 * @param event any Specter event
	 */
	@SpecterListener
	public void onEvent(SpecterEvent event) {
		countEvent(event);
		PeerConnectionId id = event.peerConnection();
		if (event instanceof PeerConnectionReady) {
			this.opened.increment();
			this.connections.put(id, new ConnectionMeters(System.nanoTime()));
			return;
		}
		if (event instanceof PeerConnectionClosed) {
			this.closed.increment();
			ConnectionMeters meters = this.connections.remove(id);
			if (meters != null) {
				meters.establishment(this.registry, "closed");
			}
			return;
		}
		// A connection whose ready event was not seen still gets its sample deltas.
		ConnectionMeters meters = this.connections.computeIfAbsent(id, (key) -> new ConnectionMeters(-1));
		if (event instanceof ConnectionStateChanged changed) {
			if (changed.state() == ConnectionState.CONNECTED) {
				meters.establishment(this.registry, "connected");
			}
			else if (changed.state() == ConnectionState.FAILED) {
				this.failed.increment();
				meters.establishment(this.registry, "failed");
			}
		}
		else if (event instanceof DataChannelMessage message) {
			this.messagesReceived.increment();
			this.bytesReceived.increment(message.size());
		}
		else if (event instanceof IceCandidateGathered gathered && !gathered.candidate().isEndOfCandidates()) {
			String line = gathered.candidate().candidate();
			Counter.builder(ICE_CANDIDATES)
				.description("Local ICE candidates gathered")
				.tag("type", CandidateFields.type(line))
				.tag("protocol", CandidateFields.protocol(line))
				.register(this.registry)
				.increment();
		}
		else if (event instanceof IceCandidateError error) {
			Counter.builder(ICE_CANDIDATE_ERRORS)
				.description("STUN and TURN servers that failed during ICE gathering")
				.tag("code",
						(error.errorCode() >= 300 && error.errorCode() < 800) ? Integer.toString(error.errorCode())
								: "other")
				.register(this.registry)
				.increment();
		}
		else if (event instanceof EventsDropped eventsDropped) {
			this.dropped.increment(eventsDropped.count());
		}
	}

	/**
	 * Adds a sample's differences to the transport, round-trip-time and media meters.
	 * @param sampled the sample
	 */
	@SpecterListener
	public void onStatsSampled(ConnectionStatsSampled sampled) {
		ConnectionMeters meters = this.connections.get(sampled.peerConnection());
		if (meters == null) {
			// Closed meanwhile: its last sample is not counted.
			return;
		}
		ConnectionStats current = sampled.stats();
		ConnectionStats previous = meters.lastSample.getAndSet(current);
		ConnectionStats.Transport before = (previous != null) ? previous.transport()
				: new ConnectionStats.Transport(0, 0, 0, 0);
		ConnectionStats.Transport now = current.transport();
		add(TRANSPORT_BYTES, Tags.of("direction", "sent"), now.bytesSent() - before.bytesSent());
		add(TRANSPORT_BYTES, Tags.of("direction", "received"), now.bytesReceived() - before.bytesReceived());
		add(TRANSPORT_PACKETS, Tags.of("direction", "sent"), now.packetsSent() - before.packetsSent());
		add(TRANSPORT_PACKETS, Tags.of("direction", "received"), now.packetsReceived() - before.packetsReceived());
		ConnectionStats.CandidatePair pair = current.selectedCandidatePair();
		if (pair != null && pair.currentRoundTripTime() != null) {
			Timer.builder(ICE_ROUND_TRIP_TIME)
				.description("Round-trip time of the selected candidate pair")
				.register(this.registry)
				.record(pair.currentRoundTripTime());
		}
		for (ConnectionStats.OutboundRtp stream : current.outboundRtp()) {
			ConnectionStats.OutboundRtp old = (previous != null) ? find(previous.outboundRtp(),
					(other) -> other.ssrc() == stream.ssrc() && other.kind().equals(stream.kind())) : null;
			Tags tags = Tags.of("kind", stream.kind(), "direction", "sent");
			add(RTP_PACKETS, tags, stream.packetsSent() - ((old != null) ? old.packetsSent() : 0));
			add(RTP_BYTES, tags, stream.bytesSent() - ((old != null) ? old.bytesSent() : 0));
			add(RTP_FRAMES_ENCODED, Tags.of("kind", stream.kind()),
					value(stream.framesEncoded()) - ((old != null) ? value(old.framesEncoded()) : 0));
		}
		for (ConnectionStats.InboundRtp stream : current.inboundRtp()) {
			ConnectionStats.InboundRtp old = (previous != null) ? find(previous.inboundRtp(),
					(other) -> other.ssrc() == stream.ssrc() && other.kind().equals(stream.kind())) : null;
			Tags tags = Tags.of("kind", stream.kind(), "direction", "received");
			add(RTP_PACKETS, tags, stream.packetsReceived() - ((old != null) ? old.packetsReceived() : 0));
			add(RTP_BYTES, tags, stream.bytesReceived() - ((old != null) ? old.bytesReceived() : 0));
			add(RTP_PACKETS_LOST, Tags.of("kind", stream.kind()),
					stream.packetsLost() - ((old != null) ? old.packetsLost() : 0));
			add(RTP_FRAMES_DECODED, Tags.of("kind", stream.kind()),
					value(stream.framesDecoded()) - ((old != null) ? value(old.framesDecoded()) : 0));
			Duration jitter = stream.jitter();
			if (jitter != null) {
				Timer.builder(RTP_JITTER)
					.description("Interarrival jitter of received RTP streams")
					.tag("kind", stream.kind())
					.register(this.registry)
					.record(jitter);
			}
		}
	}

	private void countEvent(Object event) {
		this.eventCounters
			.computeIfAbsent(event.getClass(),
					(type) -> Counter.builder(EVENTS)
						.description("Specter events published")
						.tag("type", type.getSimpleName())
						.register(this.registry))
			.increment();
	}

	private void add(String name, Tags tags, long delta) {
		// Counters only grow: a W3C counter may go down (packetsLost does), which is not
		// counted.
		if (delta > 0) {
			Counter.builder(name)
				.tags(tags)
				.description(SAMPLED_DESCRIPTIONS.get(name))
				.baseUnit(name.endsWith(".bytes") ? BaseUnits.BYTES : null)
				.register(this.registry)
				.increment(delta);
		}
	}

	private static <T> @Nullable T find(List<T> streams, Predicate<T> same) {
		for (T stream : streams) {
			if (same.test(stream)) {
				return stream;
			}
		}
		return null;
	}

	private static long value(@Nullable Long number) {
		return (number != null) ? number : 0;
	}

	/** What the meters remember about one live connection. */
	private static final class ConnectionMeters {

		private final long createdNanos;

		private volatile boolean established;

		private final AtomicReference<ConnectionStats> lastSample = new AtomicReference<>();

		ConnectionMeters(long createdNanos) {
			this.createdNanos = createdNanos;
		}

		/**
		 * Records the establishment time once; events of one connection never run
		 * concurrently.
		 */
		void establishment(MeterRegistry registry, String outcome) {
			if (this.established || this.createdNanos < 0) {
				return;
			}
			this.established = true;
			Timer.builder(CONNECTIONS_ESTABLISHMENT)
				.description("Time from creating a peer connection to connected, failed or closed")
				.tag("outcome", outcome)
				.register(registry)
				.record(Duration.ofNanos(System.nanoTime() - this.createdNanos));
		}

	}

}
