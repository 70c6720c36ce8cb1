package dev.specter;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import dev.specter.event.LocalDescriptionSet;
import dev.specter.event.RemoteDescriptionSet;
import dev.specter.event.RemoteTrackAdded;
import dev.specter.event.RemoteTrackEnded;
import dev.specter.event.RtpSenderRemoved;
import dev.specter.media.MediaKind;
import dev.specter.media.MediaSubscription;
import dev.specter.media.RtpCodecCapability;
import dev.specter.signaling.SdpType;
import dev.specter.signaling.SessionDescription;
import dev.specter.signaling.SignalingState;
import dev.specter.stats.TrackStats;
import dev.specter.test.EngineResources;
import dev.specter.test.EventRecorder;
import dev.specter.test.SpecterIntegrationTest;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A real Firefox offer without H264 answered by connections whose media engine refuses
 * its codecs of one kind: the answer rejects that m-section, libwebrtc stops and frees
 * its transceiver, and every later call on its track, receiver, sender or transceiver
 * must get a typed error. Before the fix the first {@code getTrackStats} on the rejected
 * track crashed the JVM (SIGSEGV in {@code RTCPeerConnection.getStats(RTCRtpReceiver)}),
 * which fails this build visibly.
 */
@SpecterIntegrationTest
class FirefoxOfferIT {

	static final Path FIREFOX_OFFER = Path.of("src/test/resources/sdp/firefox-153-offer-vp8-vp9-av1-no-h264.sdp");

	private static final Set<ErrorCode> TYPED = Set.of(ErrorCode.NOT_FOUND, ErrorCode.INVALID_TRACK);

	private final Specter specter;

	private final EventRecorder events;

	private final SpecterFactory factory;

	private final List<PeerConnectionId> opened = new ArrayList<>();

	private final List<TrackId> tracks = new ArrayList<>();

	FirefoxOfferIT(Specter specter, EventRecorder events, SpecterFactory factory) {
		this.specter = specter;
		this.events = events;
		this.factory = factory;
	}

	@AfterEach
	void close() {
		for (PeerConnectionId pc : this.opened) {
			if (this.specter.peerConnectionExists(pc)) {
				this.specter.closePeerConnection(pc);
			}
		}
		for (TrackId track : this.tracks) {
			if (this.specter.trackExists(track)) {
				this.specter.closeTrack(track);
			}
		}
		Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> resources().activeSinks() == 0);
		this.events.clear();
	}

	@Test
	void h264OnlyAnswerRejectsFirefoxVideoAndItsTrackEndsWithTypedErrors() throws Exception {
		PeerConnectionId pc = connection(List.of(RtpCodecCapability.H264, RtpCodecCapability.OPUS));
		SessionDescription answer = answer(pc, firefoxOffer());
		assertThat(answer.sdp()).contains("\r\nm=video 0 ").doesNotContain("\r\nm=audio 0 ");

		TrackId video = announcedTrack(pc, MediaKind.VIDEO);
		TrackId audio = announcedTrack(pc, MediaKind.AUDIO);
		if (video != null) {
			this.events.await(RemoteTrackEnded.class, pc, (e) -> e.track().equals(video), Duration.ofSeconds(5));
			assertRefused(() -> this.specter.getTrackStats(pc, video).get(10, TimeUnit.SECONDS));
			assertRefused(() -> this.specter.receiveVideo(pc, video, (frame) -> {
			}));
		}
		// libwebrtc stopped the transceiver and removed it (RemoveStoppedTransceivers)
		assertThat(this.specter.transceivers(pc)).noneMatch((t) -> t.kind() == MediaKind.VIDEO);

		// the accepted kind stays usable
		assertThat(audio).isNotNull();
		assertThat(this.events.events(RemoteTrackEnded.class, pc)).noneMatch((e) -> e.track().equals(audio));
		TrackStats stats = this.specter.getTrackStats(pc, audio).get(10, TimeUnit.SECONDS);
		assertThat(stats.kind()).isEqualTo(MediaKind.AUDIO);
		MediaSubscription subscription = this.specter.receiveAudio(pc, audio, (pcm) -> {
		});
		subscription.close();
		assertThat(this.specter.transceivers(pc)).anyMatch((t) -> t.kind() == MediaKind.AUDIO && "0".equals(t.mid()));
	}

	@Test
	void rejectedAudioSectionEndsItsTrackWithTypedErrors() throws Exception {
		// Derived from the captured offer: its audio section reduced to PCMU (payload
		// type 0), which
		// an opus-only engine refuses. Video (VP8) is accepted.
		String offer = firefoxOffer()
			.replace("m=audio 9 UDP/TLS/RTP/SAVPF 109 9 0 8 101", "m=audio 9 UDP/TLS/RTP/SAVPF 0")
			.replaceAll("a=(fmtp|rtpmap|rtcp-fb):(109|9|8|101) [^\r]*\r\n", "");
		assertThat(offer).contains("a=rtpmap:0 PCMU/8000").doesNotContain("opus");
		PeerConnectionId pc = connection(List.of(RtpCodecCapability.VP8, RtpCodecCapability.OPUS));
		SessionDescription answer = answer(pc, offer);
		assertThat(answer.sdp()).contains("\r\nm=audio 0 ").doesNotContain("\r\nm=video 0 ");

		TrackId audio = announcedTrack(pc, MediaKind.AUDIO);
		if (audio != null) {
			this.events.await(RemoteTrackEnded.class, pc, (e) -> e.track().equals(audio), Duration.ofSeconds(5));
			assertRefused(() -> this.specter.getTrackStats(pc, audio).get(10, TimeUnit.SECONDS));
			assertRefused(() -> this.specter.receiveAudio(pc, audio, (pcm) -> {
			}));
		}
		assertThat(this.specter.transceivers(pc)).noneMatch((t) -> t.kind() == MediaKind.AUDIO);
		TrackId video = announcedTrack(pc, MediaKind.VIDEO);
		assertThat(video).isNotNull();
		assertThat(this.specter.getTrackStats(pc, video).get(10, TimeUnit.SECONDS).kind()).isEqualTo(MediaKind.VIDEO);
	}

	@Test
	void localTrackWhoseSectionIsRejectedCanBeRemovedAndTheConnectionClosed() throws Exception {
		PeerConnectionId pc = connection(List.of(RtpCodecCapability.H264, RtpCodecCapability.OPUS));
		TrackId local = this.specter.newTrack(RtpCodecCapability.H264, "camera", "stream");
		this.tracks.add(local);
		RtpSenderId sender = this.specter.addTrack(pc, local).get(10, TimeUnit.SECONDS);
		SessionDescription answer = answer(pc, firefoxOffer());
		assertThat(answer.sdp()).contains("\r\nm=video 0 ");
		// the sender's transceiver took the rejected section and libwebrtc freed it: the
		// sender is
		// gone, and stats, removal and close stay safe
		this.events.await(RtpSenderRemoved.class, pc, (e) -> e.sender().equals(sender));
		assertThat(this.specter.transceivers(pc)).noneMatch((t) -> t.kind() == MediaKind.VIDEO);
		assertRefused(() -> this.specter.getTrackStats(pc, local).get(10, TimeUnit.SECONDS));
		assertThatThrownBy(() -> this.specter.removeTrack(pc, sender)).isInstanceOf(NotFoundException.class);
		this.specter.closePeerConnection(pc);
		assertThat(this.specter.peerConnectionExists(pc)).isFalse();
	}

	@Test
	void sinkOnTrackWhoseSectionTheAnswerRejectsIsUnregistered() throws Exception {
		PeerConnectionId pc = connection(List.of(RtpCodecCapability.H264, RtpCodecCapability.OPUS));
		long sinksBefore = resources().activeSinks();
		this.specter.setRemoteDescription(pc, new SessionDescription(SdpType.OFFER, firefoxOffer()))
			.get(10, TimeUnit.SECONDS);
		this.events.await(RemoteTrackAdded.class, pc, (e) -> e.kind() == MediaKind.VIDEO);
		TrackId video = announcedTrack(pc, MediaKind.VIDEO);
		MediaSubscription subscription = this.specter.receiveVideo(pc, video, (frame) -> {
		});
		assertThat(resources().activeSinks()).isEqualTo(sinksBefore + 1);
		SessionDescription answer = this.specter.createAnswer(pc).get(10, TimeUnit.SECONDS);
		this.specter.setLocalDescription(pc, answer).get(10, TimeUnit.SECONDS);
		assertThat(answer.sdp()).contains("\r\nm=video 0 ");
		this.events.await(RemoteTrackEnded.class, pc, (e) -> e.track().equals(video));
		assertThat(subscription.isActive()).isFalse();
		assertThat(resources().activeSinks()).isEqualTo(sinksBefore);
		assertRefused(() -> this.specter.getTrackStats(pc, video).get(10, TimeUnit.SECONDS));
		subscription.close();
	}

	@Test
	void rollbackOfTheRemoteOfferEndsTheTracksItAnnounced() throws Exception {
		PeerConnectionId pc = connection(List.of());
		this.specter.setRemoteDescription(pc, new SessionDescription(SdpType.OFFER, firefoxOffer()))
			.get(10, TimeUnit.SECONDS);
		this.events.await(RemoteDescriptionSet.class, pc);
		TrackId video = announcedTrack(pc, MediaKind.VIDEO);
		TrackId audio = announcedTrack(pc, MediaKind.AUDIO);
		assertThat(video).isNotNull();
		assertThat(audio).isNotNull();
		MediaSubscription subscription = this.specter.receiveAudio(pc, audio, (pcm) -> {
		});
		// the rollback removes the transceivers the offer created, and frees their
		// receivers
		this.specter.setRemoteDescription(pc, new SessionDescription(SdpType.ROLLBACK, "")).get(10, TimeUnit.SECONDS);
		for (TrackId track : List.of(video, audio)) {
			this.events.await(RemoteTrackEnded.class, pc, (e) -> e.track().equals(track));
			assertRefused(() -> this.specter.getTrackStats(pc, track).get(10, TimeUnit.SECONDS));
		}
		assertThat(subscription.isActive()).isFalse();
		assertRefused(() -> this.specter.receiveVideo(pc, video, (frame) -> {
		}));
		assertThat(this.specter.transceivers(pc)).isEmpty();
		assertThat(this.specter.signalingState(pc)).isEqualTo(SignalingState.STABLE);
	}

	// ---- helpers
	// --------------------------------------------------------------------------------

	static String firefoxOffer() throws IOException {
		return Files.readString(FIREFOX_OFFER, StandardCharsets.UTF_8);
	}

	private PeerConnectionId connection(List<RtpCodecCapability> codecs) {
		MediaEngineId engine = this.specter.newMediaEngine(codecs);
		PeerConnectionId pc = this.specter
			.newPeerConnection(this.specter.newApi(engine, this.specter.newRegistry(engine)));
		this.opened.add(pc);
		return pc;
	}

	private SessionDescription answer(PeerConnectionId pc, String offer) throws Exception {
		this.specter.setRemoteDescription(pc, new SessionDescription(SdpType.OFFER, offer)).get(10, TimeUnit.SECONDS);
		SessionDescription answer = this.specter.createAnswer(pc).get(10, TimeUnit.SECONDS);
		this.specter.setLocalDescription(pc, answer).get(10, TimeUnit.SECONDS);
		// a connection's events arrive in order: every track event of the negotiation
		// precedes this one
		this.events.await(LocalDescriptionSet.class, pc);
		return answer;
	}

	/** The track of a kind announced during the negotiation, or {@code null}. */
	private TrackId announcedTrack(PeerConnectionId pc, MediaKind kind) {
		return this.events.events(RemoteTrackAdded.class, pc)
			.stream()
			.filter((e) -> e.kind() == kind)
			.map(RemoteTrackAdded::track)
			.findFirst()
			.orElse(null);
	}

	private static void assertRefused(org.assertj.core.api.ThrowableAssert.ThrowingCallable call) {
		assertThatThrownBy(call).satisfies((ex) -> {
			Throwable failure = (ex instanceof ExecutionException) ? ex.getCause() : ex;
			assertThat(failure).isInstanceOf(SpecterException.class);
			assertThat(((SpecterException) failure).code()).isIn(TYPED);
		});
	}

	/** What the engine holds now (read afresh: the record is a snapshot). */
	private EngineResources resources() {
		return EngineResources.of(this.factory);
	}

}
