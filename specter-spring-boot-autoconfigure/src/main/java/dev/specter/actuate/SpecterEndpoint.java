package dev.specter.actuate;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import dev.specter.InvalidInputException;
import dev.specter.PeerConnectionId;
import dev.specter.Specter;
import dev.specter.SpecterException;
import dev.specter.SpecterFactory;
import dev.specter.metrics.ConnectionTracker;
import dev.specter.stats.ConnectionStats;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.Access;
import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.actuate.endpoint.OperationResponseBody;
import org.springframework.boot.actuate.endpoint.annotation.DeleteOperation;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;

/**
 * The {@code specter} Actuator endpoint: the live peer connections of every Specter
 * instance, with their states, age, transport and data-channel byte counts and selected
 * candidate pair; and a delete operation that closes one connection.
 * <p>
 * A request never does work that grows without bound with the number of connections: the
 * listing shows the oldest {@value #MAX_LISTED} connections (and the total), each with
 * the statistics the {@link dev.specter.metrics.ConnectionStatsSampler} last sampled
 * (none unless {@code specter.stats.interval} is set); reading one connection by id asks
 * the engine for its statistics.
 * <p>
 * It shows no ICE credentials, certificates or SDP. It does show connection ids, which
 * act as capability tokens, and the addresses of the selected candidate pair: expose it
 * only to operators. Its default access is read-only; closing needs
 * {@code management.endpoint.specter.access=unrestricted}.
 */
@Endpoint(id = "specter", defaultAccess = Access.READ_ONLY)
public final class SpecterEndpoint {

	/** The most connections one listing shows. */
	public static final int MAX_LISTED = 100;

	private final SpecterFactory specterFactory;

	private final ConnectionTracker tracker;

	private final Duration statsTimeout;

	private final Clock clock;

	/**
	 * Creates the endpoint.
	 * @param specterFactory the source of the Specter instances
	 * @param tracker when each connection was created
	 * @param statsTimeout how long a request waits for the statistics of its connections;
	 * a connection whose statistics are late is listed with {@code stats: null}
	 * @param clock the clock that ages connections
	 */
	public SpecterEndpoint(SpecterFactory specterFactory, ConnectionTracker tracker, Duration statsTimeout,
			Clock clock) {
		this.specterFactory = specterFactory;
		this.tracker = tracker;
		this.statsTimeout = statsTimeout;
		this.clock = clock;
	}

	/**
	 * Lists the live connections, at most {@value #MAX_LISTED} of them.
	 * @return the connections, oldest first
	 */
	@ReadOperation
	public ConnectionsDescriptor connections() {
		List<Listed> all = new ArrayList<>();
		List<Specter> instances = List.copyOf(this.specterFactory.instances());
		for (Specter specter : instances) {
			for (PeerConnectionId id : specter.peerConnections()) {
				all.add(new Listed(specter, id, createdAt(id)));
			}
		}
		all.sort(Comparator.comparing(Listed::createdAt, Comparator.nullsLast(Comparator.<Instant>naturalOrder()))
			.thenComparing((connection) -> connection.id().toString()));
		List<ConnectionDescriptor> connections = new ArrayList<>();
		for (Listed connection : all.subList(0, Math.min(all.size(), MAX_LISTED))) {
			StatsDescriptor stats = this.tracker.latestStats(connection.id()).map(StatsDescriptor::of).orElse(null);
			describe(connection.specter(), connection.id(), stats).ifPresent(connections::add);
		}
		return new ConnectionsDescriptor(instances.size(), all.size(), connections);
	}

	@ReadOperation
	public @Nullable ConnectionDescriptor connection(@Selector String id) {
		PeerConnectionId peerConnection = parse(id);
		Specter owner = owner(peerConnection);
		if (owner == null) {
			return null;
		}
		CompletableFuture<String> stats = statsOf(owner, peerConnection);
		try {
			stats.get(this.statsTimeout.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		catch (ExecutionException | TimeoutException ex) {
			// Described without statistics.
		}
		return describe(owner, peerConnection, stats(stats)).orElse(null);
	}

	/**
	 * Closes a connection, as {@link Specter#closePeerConnection} does.
	 * @param id the connection's id
	 * @return the closed connection's id, or {@code null} (404) if it is not live
	 */
	@DeleteOperation
	public @Nullable ClosedConnection close(@Selector String id) {
		PeerConnectionId peerConnection = parse(id);
		Specter owner = owner(peerConnection);
		if (owner == null) {
			return null;
		}
		try {
			owner.closePeerConnection(peerConnection);
		}
		catch (SpecterException ex) {
			// Closed by someone else meanwhile.
			return null;
		}
		return new ClosedConnection(peerConnection.toString(), owner.id().toString());
	}

	private static PeerConnectionId parse(String id) {
		try {
			return PeerConnectionId.of(id);
		}
		catch (InvalidInputException ex) {
			throw new InvalidEndpointRequestException("not a peer connection id: " + ex.getMessage(),
					"not a peer connection id");
		}
	}

	private @Nullable Specter owner(PeerConnectionId peerConnection) {
		for (Specter specter : this.specterFactory.instances()) {
			if (specter.peerConnectionExists(peerConnection)) {
				return specter;
			}
		}
		return null;
	}

	private static CompletableFuture<String> statsOf(Specter specter, PeerConnectionId id) {
		try {
			return specter.getStats(id);
		}
		catch (SpecterException ex) {
			return CompletableFuture.failedFuture(ex);
		}
	}

	private Optional<ConnectionDescriptor> describe(Specter specter, PeerConnectionId id,
			@Nullable StatsDescriptor stats) {
		String state;
		String iceConnectionState;
		String signalingState;
		try {
			state = specter.connectionState(id).value();
			iceConnectionState = specter.iceConnectionState(id).value();
			signalingState = specter.signalingState(id).value();
		}
		catch (SpecterException ex) {
			return Optional.empty();
		}
		Instant createdAt = createdAt(id);
		Double age = (createdAt != null) ? Duration.between(createdAt, this.clock.instant()).toMillis() / 1000.0 : null;
		return Optional.of(new ConnectionDescriptor(id.toString(), specter.id().toString(), state, iceConnectionState,
				signalingState, (createdAt != null) ? createdAt.toString() : null, age, stats));
	}

	private @Nullable Instant createdAt(PeerConnectionId id) {
		return this.tracker.get(id).map(ConnectionTracker.TrackedConnection::createdAt).orElse(null);
	}

	private static @Nullable StatsDescriptor stats(CompletableFuture<String> future) {
		if (!future.isDone() || future.isCompletedExceptionally()) {
			return null;
		}
		try {
			return StatsDescriptor.of(ConnectionStats.fromJson(future.join()));
		}
		catch (RuntimeException ex) {
			return null;
		}
	}

	private record Listed(Specter specter, PeerConnectionId id, @Nullable Instant createdAt) {
	}

	/**
	 * The endpoint's answer to a listing.
	 *
	 * @param instances how many Specter instances exist
	 * @param total how many live connections they hold
	 * @param connections the oldest live connections, at most
	 * {@value SpecterEndpoint#MAX_LISTED}
	 */
	public record ConnectionsDescriptor(int instances, int total,
			List<ConnectionDescriptor> connections) implements OperationResponseBody {
	}

	/**
	 * A live peer connection.
	 *
	 * @param id the connection's id
	 * @param specter the id of the Specter instance that owns it
	 * @param state the connection state ({@code new}, {@code connecting},
	 * {@code connected}, ...)
	 * @param iceConnectionState the ICE connection state
	 * @param signalingState the signaling state
	 * @param createdAt when it was created (ISO-8601), or {@code null} if not seen
	 * @param ageSeconds seconds since it was created, or {@code null} if not seen
	 * @param stats its statistics, or {@code null} if they did not arrive in time
	 */
	public record ConnectionDescriptor(String id, String specter, String state, String iceConnectionState,
			String signalingState, @Nullable String createdAt, @Nullable Double ageSeconds,
			@Nullable StatsDescriptor stats) implements OperationResponseBody {
	}

	/**
	 * Statistics of a connection, with libwebrtc's names and units (seconds for times).
	 *
	 * @param transport transport totals, overhead included
	 * @param dataChannels data-channel payload totals
	 * @param selectedCandidatePair the selected pair, or {@code null} before ICE selects
	 * one
	 * @param outboundRtp sent media streams
	 * @param inboundRtp received media streams
	 */
	public record StatsDescriptor(ConnectionStats.Transport transport, ConnectionStats.DataChannels dataChannels,
			@Nullable CandidatePairDescriptor selectedCandidatePair, List<OutboundRtpDescriptor> outboundRtp,
			List<InboundRtpDescriptor> inboundRtp) {

		static StatsDescriptor of(ConnectionStats stats) {
			ConnectionStats.CandidatePair pair = stats.selectedCandidatePair();
			return new StatsDescriptor(stats.transport(), stats.dataChannels(),
					(pair != null)
							? new CandidatePairDescriptor(pair.state(), pair.local(), pair.remote(),
									seconds(pair.currentRoundTripTime()), pair.bytesSent(), pair.bytesReceived())
							: null,
					stats.outboundRtp()
						.stream()
						.map((rtp) -> new OutboundRtpDescriptor(rtp.kind(), rtp.packetsSent(), rtp.bytesSent(),
								rtp.framesEncoded()))
						.toList(),
					stats.inboundRtp()
						.stream()
						.map((rtp) -> new InboundRtpDescriptor(rtp.kind(), rtp.packetsReceived(), rtp.bytesReceived(),
								rtp.packetsLost(), seconds(rtp.jitter()), rtp.framesDecoded()))
						.toList());
		}

		private static @Nullable Double seconds(@Nullable Duration duration) {
			return (duration != null) ? duration.toNanos() / 1e9 : null;
		}

	}

	/**
	 * The selected candidate pair.
	 *
	 * @param state the pair's state
	 * @param local the local candidate
	 * @param remote the remote candidate
	 * @param currentRoundTripTime the latest round-trip time in seconds, or {@code null}
	 * @param bytesSent bytes sent on the pair
	 * @param bytesReceived bytes received on the pair
	 */
	public record CandidatePairDescriptor(String state, ConnectionStats.@Nullable Candidate local,
			ConnectionStats.@Nullable Candidate remote, @Nullable Double currentRoundTripTime, long bytesSent,
			long bytesReceived) {
	}

	/**
	 * A sent media stream.
	 *
	 * @param kind {@code audio} or {@code video}
	 * @param packetsSent packets sent
	 * @param bytesSent payload bytes sent
	 * @param framesEncoded frames encoded (video), or {@code null}
	 */
	public record OutboundRtpDescriptor(String kind, long packetsSent, long bytesSent, @Nullable Long framesEncoded) {
	}

	/**
	 * A received media stream.
	 *
	 * @param kind {@code audio} or {@code video}
	 * @param packetsReceived packets received
	 * @param bytesReceived payload bytes received
	 * @param packetsLost packets lost
	 * @param jitter the interarrival jitter in seconds, or {@code null}
	 * @param framesDecoded frames decoded (video), or {@code null}
	 */
	public record InboundRtpDescriptor(String kind, long packetsReceived, long bytesReceived, long packetsLost,
			@Nullable Double jitter, @Nullable Long framesDecoded) {
	}

	/**
	 * The answer to a close.
	 *
	 * @param id the closed connection's id
	 * @param specter the id of the Specter instance that owned it
	 */
	public record ClosedConnection(String id, String specter) implements OperationResponseBody {
	}

}
