package dev.specter;

import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import dev.specter.event.OperationFailed;
import dev.specter.signaling.IceCandidate;
import dev.specter.signaling.SdpType;
import dev.specter.signaling.SessionDescription;
import dev.specter.test.ConnectedPair;
import dev.specter.test.Peers;
import dev.specter.test.SpecterIntegrationTest;
import dev.specter.test.SpecterIntegrationTestSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

/**
 * Bad input yields its typed error (thrown, or a failed future plus an
 * {@link OperationFailed} event) while a control pair keeps exchanging messages: the JVM
 * and other connections carry on.
 */
@SpecterIntegrationTest
class BadInputIT extends SpecterIntegrationTestSupport {

	ConnectedPair control;

	PeerConnectionId victim;

	@BeforeEach
	void openControlPair() throws Exception {
		this.control = ConnectedPair.open(this.specter, this.events, this.relay);
		this.victim = Peers.newPeerConnection(this.specter);
	}

	@AfterEach
	void controlPairStillWorks() throws Exception {
		this.control.roundTrip(this.events, "still alive " + UUID.randomUUID());
		this.control.close();
		if (this.specter.peerConnectionExists(this.victim)) {
			this.specter.closePeerConnection(this.victim);
		}
	}

	@Test
	void malformedJson() {
		for (String json : new String[] { "", "   ", "{", "[]", "42", "null", "{\"type\":\"offer\"}",
				"{\"sdp\":\"v=0\"}", "{\"type\":\"bogus\",\"sdp\":\"v=0\"}", "{\"type\":1,\"sdp\":\"v=0\"}",
				"{\"type\":\"offer\",\"sdp\":[]}" }) {
			assertThatThrownBy(() -> this.specter.setRemoteDescription(this.victim, json)).as(json)
				.isInstanceOf(InvalidInputException.class)
				.extracting((ex) -> ((SpecterException) ex).code())
				.isEqualTo(ErrorCode.INVALID_JSON);
		}
		for (String json : new String[] { "{", "{}", "{\"candidate\":5}",
				"{\"candidate\":\"x\",\"sdp_mline_index\":-1}",
				"{\"candidate\":\"x\",\"sdp_mline_index\":\"zero\"}" }) {
			assertThatThrownBy(() -> this.specter.addIceCandidate(this.victim, json)).as(json)
				.isInstanceOf(InvalidInputException.class)
				.extracting((ex) -> ((SpecterException) ex).code())
				.isEqualTo(ErrorCode.INVALID_JSON);
		}
	}

	@Test
	void malformedSdpIsRejectedAsynchronously() throws Exception {
		for (String sdp : new String[] { "garbage", "v=0\r\n", "v=0\r\no=- 1 1 IN IP4 0.0.0.0\r\ns=-\r\nm=bogus\r\n",
				"\u0000\u00ff\ud83d\ude00" }) {
			CompletableFuture<Void> result = this.specter.setRemoteDescription(this.victim,
					new SessionDescription(SdpType.OFFER, sdp));
			assertFailsWith(result, ErrorCode.REJECTED);
			result = this.specter.setLocalDescription(this.victim, new SessionDescription(SdpType.ANSWER, sdp));
			assertFailsWith(result, ErrorCode.REJECTED);
		}
		this.events.await(OperationFailed.class, this.victim,
				(e) -> e.operation() == Operation.SET_REMOTE_DESCRIPTION && e.code() == ErrorCode.REJECTED);
		// The victim itself still works afterwards.
		assertThat(this.specter.createOffer(this.victim).get(5, TimeUnit.SECONDS).sdp()).startsWith("v=0");
	}

	@Test
	void answerWithoutOfferIsRejected() throws Exception {
		SessionDescription offer = this.specter.createOffer(this.control.a()).get(5, TimeUnit.SECONDS);
		CompletableFuture<Void> result = this.specter.setRemoteDescription(this.victim,
				new SessionDescription(SdpType.ANSWER, offer.sdp()));
		assertFailsWith(result, ErrorCode.REJECTED);
		assertFailsWith(this.specter.createAnswer(this.victim), ErrorCode.REJECTED);
	}

	@Test
	void malformedCandidateIsRejected() throws Exception {
		SessionDescription offer = this.specter.createOffer(this.control.a()).get(5, TimeUnit.SECONDS);
		PeerConnectionId answerer = Peers.newPeerConnection(this.specter);
		this.specter.setRemoteDescription(answerer, offer).get(5, TimeUnit.SECONDS);
		for (String line : new String[] { "candidate:garbage", "not a candidate",
				"candidate:1 1 udp x 1.2.3.4 9 typ host", "candidate:1 1 udp 2122260223 1.2.3.4 99999 typ host" }) {
			CompletableFuture<Void> result = this.specter.addIceCandidate(answerer,
					new IceCandidate(line, "0", 0, null));
			assertFailsWith(result, ErrorCode.REJECTED, line);
		}
		this.events.await(OperationFailed.class, answerer, (e) -> e.operation() == Operation.ADD_ICE_CANDIDATE);
		this.specter.closePeerConnection(answerer);
	}

	@Test
	void oversizedInputNamesTheLimit() {
		String hugeSdp = "v=0\r\n" + "a=x\r\n".repeat(60_000);
		assertThatThrownBy(
				() -> this.specter.setRemoteDescription(this.victim, new SessionDescription(SdpType.OFFER, hugeSdp)))
			.isInstanceOf(InvalidInputException.class)
			.hasMessageContaining("specter.limits.max-sdp-size")
			.extracting((ex) -> ((SpecterException) ex).code())
			.isEqualTo(ErrorCode.LIMIT_EXCEEDED);
		assertThatThrownBy(() -> this.specter.addIceCandidate(this.victim,
				new IceCandidate("candidate:" + "x".repeat(5000), "0", 0, null)))
			.hasMessageContaining("specter.limits.max-candidate-size");
		assertThatThrownBy(() -> this.specter.createDataChannel(this.victim, "l".repeat(70_000)))
			.hasMessageContaining("specter.limits.max-label-size");
	}

	@Test
	void unknownAndClosedIds() {
		PeerConnectionId unknown = new PeerConnectionId(UUID.randomUUID());
		assertThatThrownBy(() -> this.specter.createOffer(unknown)).isInstanceOf(NotFoundException.class);
		assertThatThrownBy(() -> this.specter.connectionState(unknown)).isInstanceOf(NotFoundException.class);
		assertThatThrownBy(() -> this.specter.newPeerConnection(new ApiId(UUID.randomUUID())))
			.isInstanceOf(NotFoundException.class);
		assertThatThrownBy(() -> this.specter.sendText(this.control.a(), new DataChannelId(UUID.randomUUID()), "x"))
			.isInstanceOf(NotFoundException.class);
		assertThatThrownBy(() -> this.specter.createOffer(null)).isInstanceOf(InvalidInputException.class)
			.extracting((ex) -> ((SpecterException) ex).code())
			.isEqualTo(ErrorCode.INVALID_ARGUMENT);
		assertThatThrownBy(() -> PeerConnectionId.of("not-a-uuid")).isInstanceOf(InvalidInputException.class);
		this.specter.closePeerConnection(this.victim);
		assertThatThrownBy(() -> this.specter.createOffer(this.victim)).isInstanceOf(NotFoundException.class);
		assertThatThrownBy(() -> this.specter.localDescription(this.victim)).isInstanceOf(NotFoundException.class);
		// Closing is idempotent: a second close changes nothing and throws nothing.
		assertThat(this.specter.closePeerConnection(this.victim)).isCompletedWithValue(null);
		assertThat(this.specter.peerConnectionExists(this.victim)).isFalse();
	}

	@Test
	void apiPartsCannotBeReusedAfterTheyAreConsumed() {
		MediaEngineId engine = this.specter.newMediaEngine();
		RegistryId registry = this.specter.newRegistry(engine);
		this.specter.newApi(engine, registry);
		assertThatThrownBy(() -> this.specter.newApi(engine, registry)).isInstanceOf(NotFoundException.class)
			.hasMessageContaining("consumed");
		assertThatThrownBy(() -> this.specter.newRegistry(engine)).isInstanceOf(NotFoundException.class);
		MediaEngineId other = this.specter.newMediaEngine();
		RegistryId foreign = this.specter.newRegistry(this.specter.newMediaEngine());
		assertThatThrownBy(() -> this.specter.newApi(other, foreign)).isInstanceOf(InvalidInputException.class);
		assertThat(this.specter.mediaEngineExists(other)).isTrue();
	}

	@Test
	void anotherSpecterCannotTouchThisOnesConnections(@Autowired SpecterFactory factory) {
		try (Specter other = factory.create(new SpecterConfig(null, null, null, null))) {
			assertThatThrownBy(() -> other.createOffer(this.control.a())).isInstanceOf(NotFoundException.class);
			// Closing is idempotent, so the other instance's close answers as for any id
			// it does not hold, and leaves the connection alone.
			assertThat(other.closePeerConnection(this.control.a())).isCompletedWithValue(null);
			assertThat(this.specter.peerConnectionExists(this.control.a())).isTrue();
			assertThat(this.specter.connectionState(this.control.a())).isNotNull();
		}
	}

	private static void assertFailsWith(CompletableFuture<?> future, ErrorCode code) throws InterruptedException {
		assertFailsWith(future, code, "");
	}

	private static void assertFailsWith(CompletableFuture<?> future, ErrorCode code, String input)
			throws InterruptedException {
		try {
			future.get(10, TimeUnit.SECONDS);
			fail("expected " + code + " for " + input);
		}
		catch (ExecutionException ex) {
			assertThat(ex.getCause()).isInstanceOf(SpecterException.class);
			assertThat(((SpecterException) ex.getCause()).code()).isEqualTo(code);
		}
		catch (TimeoutException ex) {
			fail("no answer for " + code);
		}
	}

}
