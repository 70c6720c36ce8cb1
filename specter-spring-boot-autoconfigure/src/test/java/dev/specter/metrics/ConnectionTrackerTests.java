package dev.specter.metrics;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

import dev.specter.PeerConnectionId;
import dev.specter.SpecterId;
import dev.specter.event.ConnectionStateChanged;
import dev.specter.event.ConnectionStatsSampled;
import dev.specter.event.NegotiationNeeded;
import dev.specter.event.PeerConnectionClosed;
import dev.specter.event.PeerConnectionReady;
import dev.specter.signaling.ConnectionState;
import dev.specter.stats.ConnectionStats;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ConnectionTrackerTests {

	private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-01-01T00:00:00Z"));

	private final ConnectionTracker tracker = new ConnectionTracker(new Clock() {

		@Override
		public Instant instant() {
			return ConnectionTrackerTests.this.now.get();
		}

		@Override
		public ZoneId getZone() {
			return ZoneOffset.UTC;
		}

		@Override
		public Clock withZone(ZoneId zone) {
			return this;
		}

	});

	private final SpecterId specter = SpecterId.random();

	@Test
	void followsAConnectionFromReadyToClosed() {
		PeerConnectionId pc = PeerConnectionId.random();
		this.tracker.onEvent(new PeerConnectionReady(this.specter, pc));
		assertThat(this.tracker.get(pc)).hasValueSatisfying((tracked) -> {
			assertThat(tracked.state()).isEqualTo(ConnectionState.NEW);
			assertThat(tracked.createdAt()).isEqualTo(Instant.parse("2026-01-01T00:00:00Z"));
			assertThat(tracked.connectedAt()).isNull();
			assertThat(tracked.specter()).isEqualTo(this.specter);
		});
		this.now.set(Instant.parse("2026-01-01T00:00:02Z"));
		this.tracker.onEvent(new ConnectionStateChanged(this.specter, pc, ConnectionState.CONNECTING));
		this.tracker.onEvent(new ConnectionStateChanged(this.specter, pc, ConnectionState.CONNECTED));
		this.now.set(Instant.parse("2026-01-01T00:00:05Z"));
		this.tracker.onEvent(new ConnectionStateChanged(this.specter, pc, ConnectionState.DISCONNECTED));
		this.tracker.onEvent(new ConnectionStateChanged(this.specter, pc, ConnectionState.CONNECTED));
		assertThat(this.tracker.get(pc)).hasValueSatisfying((tracked) -> {
			assertThat(tracked.state()).isEqualTo(ConnectionState.CONNECTED);
			assertThat(tracked.connectedAt()).isEqualTo(Instant.parse("2026-01-01T00:00:02Z"));
			assertThat(tracked.createdAt()).isEqualTo(Instant.parse("2026-01-01T00:00:00Z"));
		});
		this.tracker.onEvent(new PeerConnectionClosed(this.specter, pc));
		assertThat(this.tracker.get(pc)).isEmpty();
		assertThat(this.tracker.connections()).isEmpty();
	}

	@Test
	void keepsTheLatestSampleOfALiveConnectionOnly() {
		PeerConnectionId pc = PeerConnectionId.random();
		assertThat(this.tracker.latestStats(pc)).isEmpty();
		this.tracker.onEvent(new PeerConnectionReady(this.specter, pc));
		ConnectionStats first = StatsFixtures.stats("video-receiver");
		ConnectionStats second = StatsFixtures.stats("video-sender");
		this.tracker.onEvent(new ConnectionStatsSampled(this.specter, pc, first));
		this.tracker.onEvent(new ConnectionStatsSampled(this.specter, pc, second));
		assertThat(this.tracker.latestStats(pc)).containsSame(second);
		this.tracker.onEvent(new PeerConnectionClosed(this.specter, pc));
		assertThat(this.tracker.latestStats(pc)).isEmpty();
		// a sample of an unknown or closed connection is not kept, nor does it track the
		// connection
		this.tracker.onEvent(new ConnectionStatsSampled(this.specter, pc, first));
		assertThat(this.tracker.latestStats(pc)).isEmpty();
		assertThat(this.tracker.get(pc)).isEmpty();
	}

	@Test
	void tracksAConnectionWhoseReadyEventWasMissed() {
		PeerConnectionId pc = PeerConnectionId.random();
		this.tracker.onEvent(new NegotiationNeeded(this.specter, pc));
		assertThat(this.tracker.get(pc)).map(ConnectionTracker.TrackedConnection::state).contains(ConnectionState.NEW);
	}

	@Test
	void countsByState() {
		PeerConnectionId a = PeerConnectionId.random();
		PeerConnectionId b = PeerConnectionId.random();
		PeerConnectionId c = PeerConnectionId.random();
		this.tracker.onEvent(new PeerConnectionReady(this.specter, a));
		this.tracker.onEvent(new PeerConnectionReady(this.specter, b));
		this.tracker.onEvent(new PeerConnectionReady(this.specter, c));
		this.tracker.onEvent(new ConnectionStateChanged(this.specter, b, ConnectionState.CONNECTED));
		this.tracker.onEvent(new ConnectionStateChanged(this.specter, c, ConnectionState.FAILED));
		assertThat(this.tracker.count(ConnectionState.NEW)).isEqualTo(1);
		assertThat(this.tracker.countByState()).containsEntry(ConnectionState.CONNECTED, 1L)
			.containsEntry(ConnectionState.FAILED, 1L)
			.containsEntry(ConnectionState.CONNECTING, 0L)
			.hasSize(ConnectionState.values().length);
	}

}
