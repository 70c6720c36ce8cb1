package dev.specter;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import dev.specter.event.ConnectionStateChanged;
import dev.specter.event.PeerConnectionClosed;
import dev.specter.signaling.ConnectionState;
import dev.specter.signaling.OfferOptions;
import dev.specter.signaling.SessionDescription;
import dev.specter.test.ConnectedPair;
import dev.specter.test.Peers;
import dev.specter.test.SpecterIntegrationTest;
import dev.specter.test.SpecterIntegrationTestSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The limits of one Specter instance: its total of peer connections, freed at once by a
 * close (also under races), and the reaping of connections that failed or never
 * connected.
 */
@SpecterIntegrationTest(properties = { "specter.limits.max-peer-connections=6",
		"specter.limits.failed-connection-timeout=6s", "specter.limits.connect-timeout=10s" })
class ConnectionLimitsIT extends SpecterIntegrationTestSupport {

	private static final int LIMIT = 6;

	private static final Duration GRACE = Duration.ofSeconds(6);

	private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

	private final SpecterFactory factory;

	private Specter custom;

	ConnectionLimitsIT(SpecterFactory factory) {
		this.factory = factory;
	}

	@AfterEach
	void closeCustom() {
		if (this.custom != null) {
			this.custom.close();
		}
	}

	@Test
	void totalIsEnforcedAndACloseFreesItsSlotAtOnce() {
		this.custom = this.factory.create(this.specter.config());
		ApiId api = Peers.newApi(this.custom);
		List<PeerConnectionId> held = new ArrayList<>();
		for (int i = 0; i < LIMIT; i++) {
			held.add(this.custom.newPeerConnection(api));
		}
		assertThatExceptionOfType(InvalidInputException.class).isThrownBy(() -> this.custom.newPeerConnection(api))
			.satisfies((ex) -> assertThat(ex.code()).isEqualTo(ErrorCode.LIMIT_EXCEEDED))
			.withMessageContaining("specter.limits.max-peer-connections");
		int refusals = 0;
		for (int i = 0; i < 300; i++) {
			this.custom.closePeerConnection(held.remove(0));
			try {
				held.add(this.custom.newPeerConnection(api));
			}
			catch (InvalidInputException ex) {
				refusals++;
			}
		}
		assertThat(refusals).isZero();
		assertThat(this.custom.peerConnections()).hasSize(LIMIT);
	}

	@Test
	void racingClosesAndConnectsNeverExceedTheLimitNorLeakASlot() throws Exception {
		this.custom = this.factory.create(this.specter.config());
		ApiId api = Peers.newApi(this.custom);
		int threads = 8;
		ExecutorService pool = Executors.newFixedThreadPool(threads);
		CountDownLatch start = new CountDownLatch(1);
		AtomicInteger created = new AtomicInteger();
		AtomicInteger refused = new AtomicInteger();
		AtomicInteger overLimit = new AtomicInteger();
		List<Future<?>> done = new ArrayList<>();
		for (int t = 0; t < threads; t++) {
			done.add(pool.submit(() -> {
				start.await();
				for (int i = 0; i < 60; i++) {
					PeerConnectionId pc;
					try {
						pc = this.custom.newPeerConnection(api);
						created.incrementAndGet();
					}
					catch (InvalidInputException ex) {
						assertThat(ex.code()).isEqualTo(ErrorCode.LIMIT_EXCEEDED);
						refused.incrementAndGet();
						continue;
					}
					if (this.custom.peerConnections().size() > LIMIT) {
						overLimit.incrementAndGet();
					}
					// two threads close the same connection: the slot is given back once
					Thread other = new Thread(() -> closeQuietly(pc));
					other.start();
					closeQuietly(pc);
					other.join();
				}
				return null;
			}));
		}
		start.countDown();
		for (Future<?> future : done) {
			future.get(120, TimeUnit.SECONDS);
		}
		pool.shutdown();
		assertThat(overLimit).hasValue(0);
		assertThat(created.get()).isPositive();
		assertThat(created.get() + refused.get()).isEqualTo(threads * 60);
		assertThat(this.custom.peerConnections()).isEmpty();
		// every slot came back, and no more than the limit
		for (int i = 0; i < LIMIT; i++) {
			this.custom.newPeerConnection(api);
		}
		assertThatExceptionOfType(InvalidInputException.class).isThrownBy(() -> this.custom.newPeerConnection(api));
	}

	private void closeQuietly(PeerConnectionId pc) {
		// Idempotent: whichever thread closes first, the other's close changes nothing.
		this.custom.closePeerConnection(pc);
	}

	@Test
	void aConnectionWhosePeerVanishedIsClosedAfterTheGrace() throws Exception {
		ConnectedPair pair = ConnectedPair.open(this.specter, this.events, this.relay);
		this.specter.closePeerConnection(pair.b());
		ConnectionStateChanged failed = this.events.await(ConnectionStateChanged.class, pair.a(),
				(e) -> e.state() == ConnectionState.FAILED, Duration.ofSeconds(90));
		Instant failedAt = Instant.now();
		PeerConnectionClosed closed = this.events.await(PeerConnectionClosed.class, pair.a(), (e) -> true,
				GRACE.plusSeconds(30));
		assertThat(closed.reason()).isEqualTo(PeerConnectionClosed.Reason.FAILED);
		assertThat(Duration.between(failedAt, Instant.now())).isGreaterThan(GRACE.minusSeconds(1));
		assertThat(failed).isNotNull();
		assertThat(this.specter.peerConnectionExists(pair.a())).isFalse();
	}

	@Test
	void aConnectionRevivedByAnIceRestartWithinTheGraceIsKept() throws Exception {
		ConnectedPair pair = ConnectedPair.open(this.specter, this.events, this.relay);
		this.specter.closePeerConnection(pair.b());
		this.events.await(ConnectionStateChanged.class, pair.a(), (e) -> e.state() == ConnectionState.FAILED,
				Duration.ofSeconds(90));
		Instant failedAt = Instant.now();
		// the browser comes back (a new peer, as after a reload) and the server restarts
		// ICE
		PeerConnectionId back = Peers.newPeerConnection(this.specter);
		this.relay.link(this.specter, pair.a(), this.specter, back);
		int statesBefore = this.events.events(ConnectionStateChanged.class, pair.a()).size();
		SessionDescription offer = this.specter.createOffer(pair.a(), OfferOptions.ICE_RESTART)
			.get(10, TimeUnit.SECONDS);
		this.specter.setLocalDescription(pair.a(), offer).get(10, TimeUnit.SECONDS);
		this.specter.setRemoteDescription(back, offer).get(10, TimeUnit.SECONDS);
		SessionDescription answer = this.specter.createAnswer(back).get(10, TimeUnit.SECONDS);
		this.specter.setLocalDescription(back, answer).get(10, TimeUnit.SECONDS);
		this.specter.setRemoteDescription(pair.a(), answer).get(10, TimeUnit.SECONDS);
		org.awaitility.Awaitility.await()
			.atMost(Duration.ofSeconds(20))
			.until(() -> this.events.events(ConnectionStateChanged.class, pair.a())
				.stream()
				.skip(statesBefore)
				.anyMatch((e) -> e.state() == ConnectionState.CONNECTED));
		// past the grace of the failure: still open
		Thread
			.sleep(Math.max(0, GRACE.plusSeconds(3).toMillis() - Duration.between(failedAt, Instant.now()).toMillis()));
		assertThat(this.specter.peerConnectionExists(pair.a())).isTrue();
		assertThat(this.specter.connectionState(pair.a())).isEqualTo(ConnectionState.CONNECTED);
		assertThat(this.events.events(PeerConnectionClosed.class, pair.a())).isEmpty();
		this.specter.closePeerConnection(pair.a());
		this.specter.closePeerConnection(back);
		assertThat(this.events.await(PeerConnectionClosed.class, pair.a()).reason())
			.isEqualTo(PeerConnectionClosed.Reason.CLOSED);
	}

	@Test
	void aConnectionThatNeverConnectsIsClosedAfterTheConnectTimeoutAndAConnectedOneIsKept() throws Exception {
		PeerConnectionId idle = Peers.newPeerConnection(this.specter);
		Instant created = Instant.now();
		ConnectedPair pair = ConnectedPair.open(this.specter, this.events, this.relay);
		PeerConnectionClosed closed = this.events.await(PeerConnectionClosed.class, idle, (e) -> true,
				CONNECT_TIMEOUT.plusSeconds(30));
		assertThat(closed.reason()).isEqualTo(PeerConnectionClosed.Reason.CONNECT_TIMEOUT);
		assertThat(Duration.between(created, Instant.now())).isGreaterThan(CONNECT_TIMEOUT.minusSeconds(1));
		assertThat(this.specter.peerConnectionExists(idle)).isFalse();
		assertThat(this.specter.peerConnectionExists(pair.a())).isTrue();
		assertThat(this.specter.peerConnectionExists(pair.b())).isTrue();
		pair.roundTrip(this.events, "still here");
		pair.close();
	}

}
