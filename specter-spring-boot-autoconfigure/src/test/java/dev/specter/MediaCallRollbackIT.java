package dev.specter;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import dev.specter.event.RemoteTrackAdded;
import dev.specter.event.RtpSenderAdded;
import dev.specter.event.TransceiverAdded;
import dev.specter.media.MediaKind;
import dev.specter.media.RtpCodecCapability;
import dev.specter.media.TransceiverDirection;
import dev.specter.media.TransceiverInfo;
import dev.specter.test.ConnectedPair;
import dev.specter.test.Peers;
import dev.specter.test.RefusedCodecPreferences;
import dev.specter.test.SpecterIntegrationTest;
import dev.specter.test.SpecterIntegrationTestSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * A media call that fails after libwebrtc has made its sender or transceiver leaves the
 * connection as it was, with a typed error: real connected peers on loopback, the failure
 * a real one of libwebrtc ({@code setCodecPreferences} refusing preferences made only of
 * rtx or red throws {@code java.lang.Error} once the transceiver exists), handed to it by
 * the engine's test hook ({@link RefusedCodecPreferences}, in this JVM and in each
 * worker's). After the failure the same offer is made (same m-sections), the connection's
 * transceivers are those of before, and it still negotiates media.
 */
@SpecterIntegrationTest(properties = "specter.engine.worker-jvm-options=" + RefusedCodecPreferences.JVM_OPTION)
class MediaCallRollbackIT extends SpecterIntegrationTestSupport {

	private ConnectedPair pair;

	@BeforeAll
	static void installHook() {
		System.setProperty(RefusedCodecPreferences.PROPERTY, RefusedCodecPreferences.class.getName());
	}

	@AfterAll
	static void removeHook() {
		System.clearProperty(RefusedCodecPreferences.PROPERTY);
	}

	@AfterEach
	void closePair() {
		if (this.pair != null) {
			this.pair.close();
		}
	}

	@Test
	void addTrackThatFailsAfterItsTransceiverWasMadeLeavesNoTransceiver() throws Exception {
		this.pair = ConnectedPair.open(this.specter, this.events, this.relay);
		PeerConnectionId a = this.pair.a();
		List<TransceiverInfo> before = this.specter.transceivers(a);
		int sections = failedAddTrackChangesNothing(a);
		TrackId cam = this.specter.newTrack(RtpCodecCapability.VP8, "cam", "s");
		this.specter.addTrack(a, cam).get(15, TimeUnit.SECONDS);
		assertThat(mediaSections(a)).isEqualTo(sections + 1);
		Peers.negotiate(this.specter, a, this.pair.b());
		RemoteTrackAdded remote = this.events.await(RemoteTrackAdded.class, this.pair.b());
		assertThat(remote.remoteTrackId()).isEqualTo("cam");
		assertThat(this.specter.transceivers(a)).hasSize(before.size() + 1);
		this.pair.roundTrip(this.events, "still connected");
		this.specter.closeTrack(cam);
	}

	@Test
	void addTrackThatFailsOnAReusedTransceiverGivesItsDirectionBack() throws Exception {
		this.pair = ConnectedPair.open(this.specter, this.events, this.relay);
		PeerConnectionId a = this.pair.a();
		PeerConnectionId b = this.pair.b();
		// b offers to send video: a's side gets a receiving transceiver that addTrack
		// reuses
		TrackId offered = this.specter.newTrack(RtpCodecCapability.VP8, "offered", "s");
		this.specter.addTrack(b, offered).get(15, TimeUnit.SECONDS);
		Peers.negotiate(this.specter, b, a);
		this.events.await(RemoteTrackAdded.class, a);
		assertThat(this.specter.transceivers(a)).singleElement()
			.satisfies((t) -> assertThat(t.direction()).isEqualTo(TransceiverDirection.RECVONLY));
		failedAddTrackChangesNothing(a);
		TrackId cam = this.specter.newTrack(RtpCodecCapability.VP8, "answer-cam", "s");
		this.specter.addTrack(a, cam).get(15, TimeUnit.SECONDS);
		assertThat(this.specter.transceivers(a)).singleElement()
			.satisfies((t) -> assertThat(t.direction()).isEqualTo(TransceiverDirection.SENDRECV));
		Peers.negotiate(this.specter, a, b);
		// a reused transceiver's sender keeps its id, which the SDP announces as the
		// track's
		RemoteTrackAdded remote = this.events.await(RemoteTrackAdded.class, b);
		assertThat(remote.kind()).isEqualTo(MediaKind.VIDEO);
		assertThat(remote.streamIds()).containsExactly("s");
		this.specter.closeTrack(cam);
		this.specter.closeTrack(offered);
	}

	@Test
	void addTransceiverThatFailsAfterItWasMadeLeavesNoTransceiver() throws Exception {
		this.pair = ConnectedPair.open(this.specter, this.events, this.relay);
		PeerConnectionId a = this.pair.a();
		List<TransceiverInfo> before = this.specter.transceivers(a);
		int sections = mediaSections(a);

		assertRejected(this.specter.addTransceiver(a, MediaKind.AUDIO, TransceiverDirection.RECVONLY));
		assertRejected(this.specter.addTransceiver(a, MediaKind.AUDIO, TransceiverDirection.SENDRECV));

		assertThat(this.specter.transceivers(a)).isEqualTo(before);
		assertThat(mediaSections(a)).isEqualTo(sections);
		assertThat(this.events.events(TransceiverAdded.class, a)).isEmpty();
		TransceiverId video = this.specter.addTransceiver(a, MediaKind.VIDEO, TransceiverDirection.RECVONLY)
			.get(15, TimeUnit.SECONDS);
		assertThat(mediaSections(a)).isEqualTo(sections + 1);
		Peers.negotiate(this.specter, a, this.pair.b());
		assertThat(this.specter.transceivers(a)).singleElement()
			.satisfies((t) -> assertThat(t.id()).isEqualTo(video))
			.satisfies((t) -> assertThat(t.mid()).isNotNull());
		this.pair.roundTrip(this.events, "still connected");
	}

	/**
	 * Adds a track whose preferences libwebrtc refuses: the call fails with a typed error
	 * and leaves the connection's transceivers (directions included) and the m-sections
	 * of its next offer as they were, and no sender is announced.
	 * @return the m-sections of an offer
	 */
	private int failedAddTrackChangesNothing(PeerConnectionId pc) throws Exception {
		List<TransceiverInfo> before = this.specter.transceivers(pc);
		int sections = mediaSections(pc);
		TrackId refused = this.specter.newTrack(RtpCodecCapability.VP8, RefusedCodecPreferences.REFUSED_TRACK + "cam",
				"s");

		assertRejected(this.specter.addTrack(pc, refused));

		assertThat(this.specter.transceivers(pc)).isEqualTo(before);
		assertThat(mediaSections(pc)).isEqualTo(sections);
		assertThat(this.events.events(RtpSenderAdded.class, pc)).isEmpty();
		this.specter.closeTrack(refused);
		return sections;
	}

	private static void assertRejected(CompletableFuture<?> call) {
		Throwable failure = catchThrowable(() -> call.get(15, TimeUnit.SECONDS));
		assertThat(failure).isInstanceOf(ExecutionException.class);
		assertThat(failure.getCause()).isInstanceOf(OperationRejectedException.class)
			.hasMessageContaining("codec preferences")
			.hasMessageContaining("the connection was left as it was");
		assertThat(((SpecterException) failure.getCause()).code()).isEqualTo(ErrorCode.REJECTED);
	}

	/** The m-sections of a fresh offer (made, not applied). */
	private int mediaSections(PeerConnectionId pc) throws Exception {
		String sdp = this.specter.createOffer(pc).get(15, TimeUnit.SECONDS).sdp();
		return (int) sdp.lines().filter((line) -> line.startsWith("m=")).count();
	}

}
