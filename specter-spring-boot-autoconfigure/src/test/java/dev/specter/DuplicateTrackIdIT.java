package dev.specter;

import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import dev.specter.event.RemoteTrackAdded;
import dev.specter.media.RtpCodecCapability;
import dev.specter.test.ConnectedPair;
import dev.specter.test.Peers;
import dev.specter.test.SpecterIntegrationTest;
import dev.specter.test.SpecterIntegrationTestSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The tracks a connection sends need distinct ids (the id its SDP announces, which the
 * remote peer reports as the track's id): a second track with an id already sent there is
 * refused with {@link ErrorCode#INVALID_ARGUMENT} (libwebrtc would announce it under a
 * random id), whatever its stream; the same id on another connection, or once the first
 * track was removed, is fine. Real connected peers on loopback; in both engine modes.
 */
@SpecterIntegrationTest
class DuplicateTrackIdIT extends SpecterIntegrationTestSupport {

	private ConnectedPair pair;

	@AfterEach
	void closePair() {
		if (this.pair != null) {
			this.pair.close();
		}
	}

	@Test
	void aSecondTrackWithAnIdInUseOnTheConnectionIsRefused() throws Exception {
		this.pair = ConnectedPair.open(this.specter, this.events, this.relay);
		PeerConnectionId a = this.pair.a();
		TrackId first = this.specter.newTrack(RtpCodecCapability.VP8, "cam", "s");
		TrackId sameStream = this.specter.newTrack(RtpCodecCapability.VP8, "cam", "s");
		TrackId otherStream = this.specter.newTrack(RtpCodecCapability.VP8, "cam", "other");
		TrackId otherKind = this.specter.newTrack(RtpCodecCapability.OPUS, "cam", "s");
		RtpSenderId sender = this.specter.addTrack(a, first).get(15, TimeUnit.SECONDS);

		assertThat(outcome(() -> this.specter.addTrack(a, sameStream))).isEqualTo("INVALID_ARGUMENT");
		assertThat(outcome(() -> this.specter.addTrack(a, otherStream))).isEqualTo("INVALID_ARGUMENT");
		assertThat(outcome(() -> this.specter.addTrack(a, otherKind))).isEqualTo("INVALID_ARGUMENT");
		assertThat(this.specter.transceivers(a)).hasSize(1);

		Peers.negotiate(this.specter, a, this.pair.b());
		RemoteTrackAdded remote = this.events.await(RemoteTrackAdded.class, this.pair.b());
		assertThat(remote.remoteTrackId()).isEqualTo("cam");
		assertThat(remote.streamIds()).containsExactly("s");

		// once the first is removed, its id is free again
		this.specter.removeTrack(a, sender).get(15, TimeUnit.SECONDS);
		assertThat(outcome(() -> this.specter.addTrack(a, otherStream))).isEqualTo("ok");
		for (TrackId track : List.of(first, sameStream, otherStream, otherKind)) {
			this.specter.closeTrack(track);
		}
	}

	@Test
	void theSameIdOnAnotherConnectionIsFine() throws Exception {
		this.pair = ConnectedPair.open(this.specter, this.events, this.relay);
		TrackId onA = this.specter.newTrack(RtpCodecCapability.VP8, "cam", "s");
		TrackId onB = this.specter.newTrack(RtpCodecCapability.VP8, "cam", "s");
		assertThat(outcome(() -> this.specter.addTrack(this.pair.a(), onA))).isEqualTo("ok");
		assertThat(outcome(() -> this.specter.addTrack(this.pair.b(), onB))).isEqualTo("ok");
		// one track added to both connections keeps its id on each
		TrackId shared = this.specter.newTrack(RtpCodecCapability.VP8, "shared", "s");
		assertThat(outcome(() -> this.specter.addTrack(this.pair.a(), shared))).isEqualTo("ok");
		assertThat(outcome(() -> this.specter.addTrack(this.pair.b(), shared))).isEqualTo("ok");
		Peers.negotiate(this.specter, this.pair.a(), this.pair.b());
		assertThat(this.events.await(RemoteTrackAdded.class, this.pair.b()).remoteTrackId()).isIn("cam", "shared");
		for (TrackId track : List.of(onA, onB, shared)) {
			this.specter.closeTrack(track);
		}
	}

	/** {@code ok}, or the code of the typed error, thrown or failing the future. */
	private static String outcome(Callable<CompletableFuture<?>> call) {
		try {
			call.call().get(15, TimeUnit.SECONDS);
			return "ok";
		}
		catch (ExecutionException ex) {
			return (ex.getCause() instanceof SpecterException typed) ? typed.code().name() : ex.getCause().toString();
		}
		catch (SpecterException ex) {
			return ex.code().name();
		}
		catch (Exception ex) {
			return ex.toString();
		}
	}

}
