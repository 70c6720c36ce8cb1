package dev.specter;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import dev.specter.event.AnswerCreated;
import dev.specter.event.DataChannelCreated;
import dev.specter.event.DataChannelReceived;
import dev.specter.event.IceCandidateGathered;
import dev.specter.event.LocalDescriptionSet;
import dev.specter.event.OfferCreated;
import dev.specter.event.PeerConnectionClosed;
import dev.specter.event.PeerConnectionReady;
import dev.specter.event.RemoteDescriptionSet;
import dev.specter.event.SpecterEvent;
import dev.specter.event.StatsReported;
import dev.specter.ice.IceServer;
import dev.specter.media.RtpCodecCapability;
import dev.specter.signaling.ConnectionState;
import dev.specter.signaling.IceConnectionState;
import dev.specter.signaling.IceGatheringState;
import dev.specter.signaling.SdpType;
import dev.specter.signaling.SessionDescription;
import dev.specter.signaling.SignalingState;
import dev.specter.test.Peers;
import dev.specter.test.SpecterIntegrationTest;
import dev.specter.test.SpecterIntegrationTestSupport;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The spec's iex examples (module doc lifecycle and each function's "Usage"), as Java
 * against real webrtc-java peer connections. Each {@code receive ... {:msg, ^pc, ...}} is
 * an awaited event.
 */
@SpecterIntegrationTest
class SpecterLifecycleIT extends SpecterIntegrationTestSupport {

	private final SpecterFactory specterFactory;

	SpecterLifecycleIT(SpecterFactory specterFactory) {
		this.specterFactory = specterFactory;
	}

	@Test
	void lifecycleFromTheModuleDoc() throws Exception {
		// Create a peer connection's dependencies; an API consumes its media engine and
		// registry.
		MediaEngineId mediaEngine = this.specter.newMediaEngine();
		RegistryId registry = this.specter.newRegistry(mediaEngine);
		assertThat(this.specter.mediaEngineExists(mediaEngine)).isTrue();
		assertThat(this.specter.registryExists(registry)).isTrue();
		ApiId api = this.specter.newApi(mediaEngine, registry);
		assertThat(this.specter.mediaEngineExists(mediaEngine)).isFalse();
		assertThat(this.specter.registryExists(registry)).isFalse();

		// Create a peer connection
		PeerConnectionId pc1 = this.specter.newPeerConnection(api);
		PeerConnectionReady ready = this.events.await(PeerConnectionReady.class, pc1);
		assertThat(ready.specter()).isEqualTo(this.specter.id());
		assertThat(this.specter.peerConnectionExists(pc1)).isTrue();

		// Add a thing to be negotiated
		DataChannelId channel = this.specter.createDataChannel(pc1, "data").get(5, TimeUnit.SECONDS);
		DataChannelCreated created = this.events.await(DataChannelCreated.class, pc1);
		assertThat(created.channel()).isEqualTo(channel);
		assertThat(created.label()).isEqualTo("data");

		// Create an offer
		this.specter.createOffer(pc1);
		String offer = this.events.await(OfferCreated.class, pc1).offer().toJson();
		this.specter.setLocalDescription(pc1, offer);
		assertThat(this.events.await(LocalDescriptionSet.class, pc1).type()).isEqualTo(SdpType.OFFER);

		// Create a second peer connection, to answer back
		PeerConnectionId pc2 = this.specter.newPeerConnection(Peers.newApi(this.specter));
		this.events.await(PeerConnectionReady.class, pc2);
		this.relay.link(this.specter, pc1, this.specter, pc2);

		// Begin negotiating offer/answer
		this.specter.setRemoteDescription(pc2, offer);
		assertThat(this.events.await(RemoteDescriptionSet.class, pc2).type()).isEqualTo(SdpType.OFFER);
		this.specter.createAnswer(pc2);
		String answer = this.events.await(AnswerCreated.class, pc2).answer().toJson();
		this.specter.setLocalDescription(pc2, answer);
		this.events.await(LocalDescriptionSet.class, pc2);
		this.specter.setRemoteDescription(pc1, answer);
		this.events.await(RemoteDescriptionSet.class, pc1);

		// Receive ICE candidates (trickled by the CandidateRelay listener) and connect
		IceCandidateGathered candidate = this.events.await(IceCandidateGathered.class, pc1);
		JsonNode json = JsonMapper.builder().build().readTree(candidate.candidate().toJson());
		assertThat(json.has("candidate")).isTrue();
		assertThat(json.has("sdp_mid")).isTrue();
		assertThat(json.has("sdp_mline_index")).isTrue();
		assertThat(json.has("username_fragment")).isTrue();
		this.events.await(IceCandidateGathered.class, pc2);
		Peers.awaitConnected(this.events, pc1, pc2);
		assertThat(this.specter.connectionState(pc1)).isEqualTo(ConnectionState.CONNECTED);
		assertThat(this.specter.iceConnectionState(pc2)).isIn(IceConnectionState.CONNECTED,
				IceConnectionState.COMPLETED);
		assertThat(this.specter.signalingState(pc1)).isEqualTo(SignalingState.STABLE);
		assertThat(this.specter.iceGatheringState(pc1)).isIn(IceGatheringState.GATHERING, IceGatheringState.COMPLETE);

		// Shut everything down
		this.specter.closePeerConnection(pc1);
		this.events.await(PeerConnectionClosed.class, pc1);
		assertThat(this.specter.peerConnectionExists(pc1)).isFalse();
		this.specter.closePeerConnection(pc2);
		this.events.await(PeerConnectionClosed.class, pc2);
		assertThat(this.specter.peerConnectionExists(pc2)).isFalse();
		assertThat(this.events.events(PeerConnectionClosed.class, pc1)).hasSize(1);
	}

	@Test
	void initAndConfig() {
		Specter room = this.specterFactory.create(SpecterConfig.ofUrls("stun:stun.example.com:3478"));
		try {
			assertThat(room.config().iceServers()).extracting(IceServer::urls)
				.containsExactly(List.of("stun:stun.example.com:3478"));
			assertThat(room.id()).isNotEqualTo(this.specter.id());
		}
		finally {
			room.close();
		}
	}

	@Test
	void existsIsFalseForUnknownIds() {
		assertThat(this.specter.mediaEngineExists(new MediaEngineId(UUID.randomUUID()))).isFalse();
		assertThat(this.specter.registryExists(new RegistryId(UUID.randomUUID()))).isFalse();
		assertThat(this.specter.peerConnectionExists(new PeerConnectionId(UUID.randomUUID()))).isFalse();
	}

	@Test
	void newRegistryDoesNotConsumeTheMediaEngine() {
		MediaEngineId engine = this.specter.newMediaEngine();
		this.specter.newRegistry(engine);
		assertThat(this.specter.mediaEngineExists(engine)).isTrue();
	}

	@Test
	void closeExample() throws Exception {
		PeerConnectionId pc = Peers.newPeerConnection(this.specter);
		this.events.await(PeerConnectionReady.class, pc);
		this.specter.closePeerConnection(pc).get(5, TimeUnit.SECONDS);
		this.events.await(PeerConnectionClosed.class, pc);
		assertThat(this.specter.peerConnectionExists(pc)).isFalse();
	}

	@Test
	void localDescriptionExamples() throws Exception {
		PeerConnectionId pc = Peers.newPeerConnection(this.specter);
		assertThat(this.specter.localDescription(pc)).isEmpty();
		assertThat(this.specter.pendingLocalDescription(pc)).isEmpty();
		assertThat(this.specter.currentLocalDescription(pc)).isEmpty();
		SessionDescription offer = this.specter.createOffer(pc).get(5, TimeUnit.SECONDS);
		this.specter.setLocalDescription(pc, offer.toJson()).get(5, TimeUnit.SECONDS);
		assertThat(this.specter.localDescription(pc)).contains(offer);
		assertThat(this.specter.pendingLocalDescription(pc)).contains(offer);
		assertThat(this.specter.currentLocalDescription(pc)).isEmpty();
		this.specter.closePeerConnection(pc);
	}

	@Test
	void remoteDescriptionExamples() throws Exception {
		PeerConnectionId offerer = Peers.newPeerConnection(this.specter);
		this.specter.createDataChannel(offerer, "foo").get(5, TimeUnit.SECONDS);
		SessionDescription offer = this.specter.createOffer(offerer).get(5, TimeUnit.SECONDS);
		PeerConnectionId answerer = Peers.newPeerConnection(this.specter);
		assertThat(this.specter.remoteDescription(answerer)).isEmpty();
		assertThat(this.specter.pendingRemoteDescription(answerer)).isEmpty();
		assertThat(this.specter.currentRemoteDescription(answerer)).isEmpty();
		this.specter.setRemoteDescription(answerer, offer.toJson()).get(5, TimeUnit.SECONDS);
		assertThat(this.specter.remoteDescription(answerer)).map(SessionDescription::type).contains(SdpType.OFFER);
		Optional<SessionDescription> pending = this.specter.pendingRemoteDescription(answerer);
		assertThat(pending).isPresent();
		assertThat(pending.get().sdp()).contains("a=ice-ufrag:");
		this.specter.closePeerConnection(offerer);
		this.specter.closePeerConnection(answerer);
	}

	@Test
	void getStatsExample() throws Exception {
		PeerConnectionId pc = Peers.newPeerConnection(this.specter);
		String json = this.specter.getStats(pc).get(5, TimeUnit.SECONDS);
		JsonNode stats = JsonMapper.builder().build().readTree(json);
		assertThat(stats.get("stats").isObject()).isTrue();
		StatsReported event = this.events.await(StatsReported.class, pc);
		assertThat(JsonMapper.builder().build().readTree(event.json()).has("timestamp")).isTrue();
		assertThat(stats.get("stats").properties())
			.anySatisfy((entry) -> assertThat(entry.getValue().get("type").asString()).isEqualTo("peer-connection"));
		this.specter.closePeerConnection(pc);
	}

	@Test
	void implicitLocalDescriptionsNegotiateAPair() throws Exception {
		PeerConnectionId offerer = Peers.newPeerConnection(this.specter);
		PeerConnectionId answerer = Peers.newPeerConnection(this.specter);
		this.relay.link(this.specter, offerer, this.specter, answerer);
		this.specter.createDataChannel(offerer, "implicit").get(5, TimeUnit.SECONDS);

		SessionDescription offer = this.specter.setLocalDescription(offerer).get(5, TimeUnit.SECONDS);
		assertThat(offer.type()).isEqualTo(SdpType.OFFER);
		// the applied description (it grows by the candidates gathered since)
		assertThat(this.specter.pendingLocalDescription(offerer)).get()
			.satisfies((applied) -> assertThat(applied.type()).isEqualTo(SdpType.OFFER))
			.satisfies((applied) -> assertThat(applied.sdp()).contains(iceUfragLine(offer)));
		assertThat(this.specter.signalingState(offerer)).isEqualTo(SignalingState.HAVE_LOCAL_OFFER);
		// the same events as createOffer + setLocalDescription, in that order
		assertThat(this.events.await(OfferCreated.class, offerer).offer()).isEqualTo(offer);
		assertThat(this.events.await(LocalDescriptionSet.class, offerer).type()).isEqualTo(SdpType.OFFER);
		assertThat(eventIndex(OfferCreated.class, offerer)).isLessThan(eventIndex(LocalDescriptionSet.class, offerer));

		this.specter.setRemoteDescription(answerer, offer).get(5, TimeUnit.SECONDS);
		SessionDescription answer = this.specter.setLocalDescription(answerer).get(5, TimeUnit.SECONDS);
		assertThat(answer.type()).isEqualTo(SdpType.ANSWER);
		assertThat(this.events.await(AnswerCreated.class, answerer).answer()).isEqualTo(answer);
		assertThat(this.specter.currentLocalDescription(answerer)).get()
			.satisfies((applied) -> assertThat(applied.sdp()).contains(iceUfragLine(answer)));
		this.specter.setRemoteDescription(offerer, answer).get(5, TimeUnit.SECONDS);

		Peers.awaitConnected(this.events, offerer, answerer);
		this.events.await(DataChannelReceived.class, answerer);
		assertThat(this.specter.signalingState(offerer)).isEqualTo(SignalingState.STABLE);
		this.specter.closePeerConnection(offerer);
		this.specter.closePeerConnection(answerer);
	}

	@Test
	void implicitLocalDescriptionOnAClosedConnectionIsNotFound() {
		PeerConnectionId pc = Peers.newPeerConnection(this.specter);
		this.specter.closePeerConnection(pc);
		assertThatThrownBy(() -> this.specter.setLocalDescription(pc)).isInstanceOf(NotFoundException.class);
	}

	private static String iceUfragLine(SessionDescription description) {
		return description.sdp().lines().filter((line) -> line.startsWith("a=ice-ufrag:")).findFirst().orElseThrow();
	}

	private int eventIndex(Class<? extends SpecterEvent> type, PeerConnectionId pc) {
		List<SpecterEvent> all = this.events.events();
		for (int i = 0; i < all.size(); i++) {
			if (type.isInstance(all.get(i)) && all.get(i).peerConnection().equals(pc)) {
				return i;
			}
		}
		return -1;
	}

	@Test
	void closedConnectionIsNotFoundAndClosingItAgainIsHarmless() throws Exception {
		PeerConnectionId pc = Peers.newPeerConnection(this.specter);
		this.specter.closePeerConnection(pc);
		assertThatThrownBy(() -> this.specter.createOffer(pc)).isInstanceOf(NotFoundException.class)
			.satisfies((ex) -> assertThat(((SpecterException) ex).code()).isEqualTo(ErrorCode.NOT_FOUND));
		this.events.await(PeerConnectionClosed.class, pc);
		assertThat(this.specter.closePeerConnection(pc)).isCompletedWithValue(null);
		assertThat(this.specter.closePeerConnection(new PeerConnectionId(UUID.randomUUID())))
			.isCompletedWithValue(null);
		Thread.sleep(200);
		assertThat(this.events.events(PeerConnectionClosed.class, pc)).hasSize(1);
	}

	@Test
	void aClosedSpecterRefusesEveryCallAsClosed() throws Exception {
		Specter room = this.specterFactory.create(new SpecterConfig(null, null, null, null, null));
		PeerConnectionId pc = room.newPeerConnection();
		DataChannelId channel = room.createDataChannel(pc, "data").get(5, TimeUnit.SECONDS);
		TrackId track = room.newTrack(RtpCodecCapability.VP8, "video", "stream");
		ApiId api = room.defaultApi();
		CompletableFuture<SessionDescription> gathering = room.whenGatheringComplete(pc);
		room.close();
		assertClosed(() -> room.createOffer(pc));
		assertClosed(() -> room.sendText(pc, channel, "x"));
		assertClosed(() -> room.connectionState(pc));
		assertClosed(room::newPeerConnection);
		assertClosed(() -> room.newPeerConnection(api));
		assertClosed(room::defaultApi);
		assertClosed(room::newMediaEngine);
		assertClosed(() -> room.closeTrack(track));
		assertClosed(() -> room.whenGatheringComplete(pc));
		assertThat(gathering).failsWithin(5, TimeUnit.SECONDS)
			.withThrowableOfType(ExecutionException.class)
			.withCauseInstanceOf(ConnectionClosedException.class);
		// The closes stay harmless.
		assertThat(room.closePeerConnection(pc)).isCompletedWithValue(null);
		room.close();
		assertThat(this.specterFactory.find(room.id())).isEmpty();
	}

	private static void assertClosed(org.assertj.core.api.ThrowableAssert.ThrowingCallable call) {
		assertThatThrownBy(call).isInstanceOf(ConnectionClosedException.class)
			.satisfies((ex) -> assertThat(((SpecterException) ex).code()).isEqualTo(ErrorCode.CLOSED));
	}

	@Test
	void theFactoryFindsItsInstancesById() {
		assertThat(this.specterFactory.find(this.specter.id())).containsSame(this.specter);
		Specter room = this.specterFactory.create(null);
		try {
			assertThat(this.specterFactory.find(room.id())).containsSame(room);
			assertThat(this.specterFactory.find(SpecterId.random())).isEmpty();
			assertThat(this.specterFactory.find(null)).isEmpty();
		}
		finally {
			room.close();
		}
		assertThat(this.specterFactory.find(room.id())).isEmpty();
	}

	@Test
	void oneDefaultApiCreatesManyConnections() throws Exception {
		Specter room = this.specterFactory.create(new SpecterConfig(null, null, null, null, null));
		try {
			ApiId api = room.defaultApi();
			Set<ApiId> seen = ConcurrentHashMap.newKeySet();
			ExecutorService pool = Executors.newFixedThreadPool(8);
			List<Future<PeerConnectionId>> made = new ArrayList<>();
			for (int i = 0; i < 16; i++) {
				made.add(pool.submit(() -> {
					seen.add(room.defaultApi());
					return room.newPeerConnection();
				}));
			}
			for (Future<PeerConnectionId> future : made) {
				assertThat(room.peerConnectionExists(future.get(10, TimeUnit.SECONDS))).isTrue();
			}
			pool.shutdown();
			assertThat(seen).containsExactly(api);
			assertThat(room.peerConnections()).hasSize(16);
			// The API is not consumed: after every connection closed, it still creates
			// one.
			for (PeerConnectionId pc : room.peerConnections()) {
				room.closePeerConnection(pc);
			}
			assertThat(room.peerConnectionExists(room.newPeerConnection(api))).isTrue();
		}
		finally {
			room.close();
		}
	}

}
