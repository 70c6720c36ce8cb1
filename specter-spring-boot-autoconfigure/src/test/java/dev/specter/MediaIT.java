package dev.specter;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

import dev.specter.event.NegotiationNeeded;
import dev.specter.event.OperationFailed;
import dev.specter.event.PlaybackFinished;
import dev.specter.event.RemoteTrackAdded;
import dev.specter.event.RemoteTrackEnded;
import dev.specter.event.RtpSenderAdded;
import dev.specter.event.RtpSenderRemoved;
import dev.specter.media.MediaKind;
import dev.specter.media.MediaSubscription;
import dev.specter.media.PlaybackOutcome;
import dev.specter.media.PlaybackResult;
import dev.specter.media.RtpCodecCapability;
import dev.specter.media.TransceiverDirection;
import dev.specter.media.TransceiverInfo;
import dev.specter.signaling.ConnectionState;
import dev.specter.signaling.SessionDescription;
import dev.specter.stats.TrackStats;
import dev.specter.test.EngineResources;
import dev.specter.test.Peers;
import dev.specter.test.SpecterIntegrationTest;
import dev.specter.test.SpecterIntegrationTestSupport;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Media between two real peer connections in one JVM: files played on local tracks,
 * received and decoded by the other side; codec-restricted media engines; add/remove
 * renegotiation; errors.
 */
@SpecterIntegrationTest
class MediaIT extends SpecterIntegrationTestSupport {

	static final Path MEDIA = Path.of("src/test/resources/media").toAbsolutePath();

	static final String BASELINE = MEDIA.resolve("clip-baseline-320x240-30fps.h264").toString();

	static final String BFRAMES = MEDIA.resolve("clip-high-bframes-320x180-30fps.h264").toString();

	private final SpecterFactory factory;

	final List<PeerConnectionId> opened = new ArrayList<>();

	final List<TrackId> tracks = new ArrayList<>();

	long tracksBefore;

	long sourcesBefore;

	long connectionsBefore;

	MediaIT(SpecterFactory factory) {
		this.factory = factory;
	}

	@BeforeEach
	void baseline(org.junit.jupiter.api.TestInfo test) {
		System.out.println("Media: running " + test.getDisplayName());
		this.tracksBefore = resources().openTracks();
		this.sourcesBefore = resources().openMediaSources();
		this.connectionsBefore = resources().openConnections();
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
		assertThat(resources().openConnections()).isEqualTo(this.connectionsBefore);
		assertThat(resources().openTracks()).isEqualTo(this.tracksBefore);
		assertThat(resources().openMediaSources()).isEqualTo(this.sourcesBefore);
		Awaitility.await()
			.atMost(Duration.ofSeconds(5))
			.until(() -> resources().activePlaybacks() == 0 && resources().openDecoders() == 0
					&& resources().activeSinks() == 0);
		this.events.clear();
	}

	@Test
	void playsBaselineH264ToTheOtherConnectionAtItsResolution() throws Exception {
		playAndReceive(BASELINE, 90, 320, 240);
	}

	@Test
	void playsHighProfileH264WithBFrames() throws Exception {
		playAndReceive(BFRAMES, 60, 320, 180);
	}

	private void playAndReceive(String file, int fileFrames, int width, int height) throws Exception {
		Pair pair = pair(this.specter.newMediaEngine(), this.specter.newMediaEngine());
		TrackId track = track(RtpCodecCapability.of("video"), "camera", "specter");
		RtpSenderId sender = this.specter.addTrack(pair.a, track).get(5, TimeUnit.SECONDS);
		RtpSenderAdded added = this.events.await(RtpSenderAdded.class, pair.a);
		assertThat(added.track()).isEqualTo(track);
		assertThat(added.sender()).isEqualTo(sender);
		pair.connect();
		RemoteTrackAdded remote = this.events.await(RemoteTrackAdded.class, pair.b);
		assertThat(remote.kind()).isEqualTo(MediaKind.VIDEO);
		assertThat(remote.remoteTrackId()).isEqualTo("camera");
		assertThat(remote.streamIds()).containsExactly("specter");
		ConcurrentLinkedQueue<long[]> frames = new ConcurrentLinkedQueue<>();
		MediaSubscription subscription = this.specter.receiveVideo(pair.b, remote.track(), (frame) -> frames
			.add(new long[] { System.nanoTime(), frame.width(), frame.height(), frame.i420().length }));

		long start = System.nanoTime();
		PlaybackResult result = this.specter.playFromFileH264(track, file).get(30, TimeUnit.SECONDS);
		long finishedAt = System.nanoTime();
		PlaybackFinished finished = this.events.await(PlaybackFinished.class, pair.a);
		assertThat(result.outcome()).isEqualTo(PlaybackOutcome.COMPLETED);
		assertThat(result.frames()).isEqualTo(fileFrames);
		assertThat(finished.frames()).isEqualTo(fileFrames);
		assertThat(finished.track()).isEqualTo(track);
		// Paced at the stream's 30 fps: the file lasts fileFrames / 30 s.
		assertThat(result.duration()).isGreaterThanOrEqualTo(Duration.ofMillis(fileFrames * 1000L / 30 - 50));
		try {
			Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> frames.size() >= fileFrames * 0.9);
		}
		catch (org.awaitility.core.ConditionTimeoutException ex) {
			System.out.printf(
					"Media: %s: pushed %d frames in %d ms; received only %d; sink delivered %d, dropped %d;"
							+ " sender stats %s%n",
					Path.of(file).getFileName(), result.frames(), result.duration().toMillis(), frames.size(),
					subscription.delivered(), subscription.dropped(),
					this.specter.getTrackStats(pair.a, track).get(5, TimeUnit.SECONDS).json());
			throw ex;
		}
		Thread.sleep(300);
		long atResolution = frames.stream().filter((f) -> f[1] == width && f[2] == height).count();
		long beforeFinished = frames.stream().filter((f) -> f[0] <= finishedAt).count();
		long last = frames.stream().mapToLong((f) -> f[0]).max().orElse(0);
		System.out.printf(
				"Media: %s: pushed %d frames in %d ms; received %d (%d at %dx%d), %d before the finished event;"
						+ " last frame %+d ms from it; sink delivered %d, dropped %d%n",
				Path.of(file).getFileName(), result.frames(), result.duration().toMillis(), frames.size(), atResolution,
				width, height, beforeFinished, (last - finishedAt) / 1_000_000, subscription.delivered(),
				subscription.dropped());
		assertThat(atResolution).isGreaterThanOrEqualTo((long) Math.ceil(fileFrames * 0.9));
		// The finished event comes a frame period after the last push: by then the other
		// side has
		// decoded (at least 90% of) the frames.
		assertThat(beforeFinished).isGreaterThanOrEqualTo((long) Math.ceil(fileFrames * 0.9));
		assertThat(frames).allSatisfy((f) -> assertThat(f[3]).isEqualTo(f[1] * f[2] * 3 / 2));
		TrackStats sent = this.specter.getTrackStats(pair.a, track).get(5, TimeUnit.SECONDS);
		assertThat(sent.outbound()).isTrue();
		assertThat(sent.frames()).isGreaterThanOrEqualTo((long) Math.ceil(fileFrames * 0.9));
		assertThat(sent.frameWidth()).isEqualTo(width);
		assertThat(sent.codecMimeType()).startsWith("video/");
		TrackStats received = this.specter.getTrackStats(pair.b, remote.track()).get(5, TimeUnit.SECONDS);
		assertThat(received.outbound()).isFalse();
		assertThat(received.frames()).isGreaterThanOrEqualTo((long) Math.ceil(fileFrames * 0.9));
		assertThat(received.codecMimeType()).isEqualTo(sent.codecMimeType());
		assertThat(received.frameHeight()).isEqualTo(height);
		subscription.close();
		assertThat(subscription.isActive()).isFalse();
		assertThat(resources().openDecoders()).isZero();
	}

	@Test
	void vp8OnlyEngineOffersAndNegotiatesOnlyVp8() throws Exception {
		restrictedEngineNegotiates(RtpCodecCapability.VP8, "VP8");
	}

	@Test
	void h264OnlyEngineOffersAndNegotiatesOnlyH264() throws Exception {
		restrictedEngineNegotiates(RtpCodecCapability.H264, "H264");
	}

	private void restrictedEngineNegotiates(RtpCodecCapability codec, String name) throws Exception {
		Pair pair = pair(this.specter.newMediaEngine(List.of(codec, RtpCodecCapability.OPUS)),
				this.specter.newMediaEngine());
		TrackId video = track(RtpCodecCapability.of("video"), "v", "s");
		TrackId audio = track(RtpCodecCapability.of("audio"), "a", "s");
		this.specter.addTrack(pair.a, video).get(5, TimeUnit.SECONDS);
		this.specter.addTrack(pair.a, audio).get(5, TimeUnit.SECONDS);
		SessionDescription offer = pair.connect();
		SessionDescription answer = this.specter.localDescription(pair.b).orElseThrow();
		assertThat(rtpmapCodecs(offer.sdp(), "video")).containsOnly(name);
		assertThat(rtpmapCodecs(offer.sdp(), "audio")).containsOnly("opus");
		assertThat(rtpmapCodecs(answer.sdp(), "video")).containsOnly(name);
		assertThat(rtpmapCodecs(answer.sdp(), "audio")).containsOnly("opus");
		// The answerer's default engine accepts it; media flows with that codec.
		CompletableFuture<PlaybackResult> playing = this.specter.playFromFileH264(video, BASELINE, 30);
		RemoteTrackAdded remote = this.events.await(RemoteTrackAdded.class, pair.b, (e) -> e.kind() == MediaKind.VIDEO);
		Awaitility.await()
			.atMost(Duration.ofSeconds(10))
			.pollInterval(Duration.ofMillis(200))
			.until(() -> this.specter.getTrackStats(pair.a, video).get(5, TimeUnit.SECONDS).frames() > 10);
		TrackStats sent = this.specter.getTrackStats(pair.a, video).get(5, TimeUnit.SECONDS);
		TrackStats received = this.specter.getTrackStats(pair.b, remote.track()).get(5, TimeUnit.SECONDS);
		System.out.println("Media: " + name + "-only engine: offer video codecs " + rtpmapCodecs(offer.sdp(), "video")
				+ ", sender stats " + sent.codecMimeType() + " frames " + sent.frames() + ", receiver "
				+ received.codecMimeType());
		assertThat(sent.codecMimeType()).isEqualTo("video/" + name);
		assertThat(sent.json()).contains("\"mimeType\":\"video/" + name + "\"");
		this.specter.stopPlayback(video);
		assertThat(playing.get(5, TimeUnit.SECONDS).outcome()).isEqualTo(PlaybackOutcome.STOPPED);
	}

	@Test
	void codecsOfTheEngineAreValidatedAndTracksOfExcludedCodecsRefused() throws Exception {
		assertThat(this.specter.supportedCodecs(MediaKind.VIDEO)).extracting(RtpCodecCapability::codecName)
			.contains("VP8", "H264", "VP9", "AV1");
		assertThat(this.specter.supportedCodecs(MediaKind.AUDIO)).extracting(RtpCodecCapability::codecName)
			.contains("opus");
		assertCode(() -> this.specter.newMediaEngine(List.of(RtpCodecCapability.of("video/THEORA"))),
				ErrorCode.INVALID_ARGUMENT);
		assertCode(() -> this.specter.newMediaEngine(List.of(new RtpCodecCapability("audio/opus", 8000, 0, null))),
				ErrorCode.INVALID_ARGUMENT);
		assertCode(() -> RtpCodecCapability.of("text/plain"), ErrorCode.INVALID_ARGUMENT);
		assertCode(() -> new RtpCodecCapability("video/H264", 90000, 0, "profile-level-id=42e01f\r\na=x"),
				ErrorCode.INVALID_ARGUMENT);
		// A track of a codec the engine excludes is an invalid track for that connection.
		PeerConnectionId vp8Only = connection(this.specter.newMediaEngine(List.of(RtpCodecCapability.VP8)));
		TrackId h264 = track(RtpCodecCapability.H264, "h", "s");
		assertCode(() -> this.specter.addTrack(vp8Only, h264), ErrorCode.INVALID_TRACK);
		// A specific codec matches by format parameters too.
		PeerConnectionId constrained = connection(this.specter.newMediaEngine(List
			.of(new RtpCodecCapability("video/H264", 90000, 0, "profile-level-id=42e01f;packetization-mode=1"))));
		TrackId anyVideo = track(RtpCodecCapability.of("video"), "any", "s");
		this.specter.addTrack(constrained, anyVideo).get(5, TimeUnit.SECONDS);
		SessionDescription offer = this.specter.createOffer(constrained).get(5, TimeUnit.SECONDS);
		assertThat(rtpmapCodecs(offer.sdp(), "video")).containsExactly("H264");
		assertThat(offer.sdp()).contains("profile-level-id=42e01f").doesNotContain("profile-level-id=42001f");
	}

	@Test
	void addTrackFollowsTheSpecExampleAndRefusesInvalidTracks() throws Exception {
		PeerConnectionId pc = connection(this.specter.newMediaEngine());
		// iex> codec = %Specter.RtpCodecCapability{mime_type: "audio"}
		TrackId track = track(new RtpCodecCapability("audio", 0, 0, null), "audio", "specter");
		RtpSenderId sender = this.specter.addTrack(pc, track).get(5, TimeUnit.SECONDS);
		RtpSenderAdded event = this.events.await(RtpSenderAdded.class, pc);
		assertThat(event.track()).isEqualTo(track);
		assertThat(event.sender()).isEqualTo(sender);
		this.events.await(NegotiationNeeded.class, pc);
		// {:error, :invalid_track}: unknown, already added, closed, null.
		assertCode(() -> this.specter.addTrack(pc, TrackId.random()), ErrorCode.INVALID_TRACK);
		assertCode(() -> this.specter.addTrack(pc, null), ErrorCode.INVALID_TRACK);
		assertCode(() -> this.specter.addTrack(pc, track), ErrorCode.INVALID_TRACK);
		assertCode(() -> TrackId.of("invalid_track"), ErrorCode.INVALID_ARGUMENT);
		TrackId closed = track(RtpCodecCapability.of("video"), "gone", "specter");
		this.specter.closeTrack(closed);
		assertThat(this.specter.trackExists(closed)).isFalse();
		assertCode(() -> this.specter.addTrack(pc, closed), ErrorCode.INVALID_TRACK);
		assertCode(() -> this.specter.closeTrack(closed), ErrorCode.INVALID_TRACK);
		assertCode(() -> this.specter.playFromFileH264(closed, BASELINE), ErrorCode.INVALID_TRACK);
		assertCode(() -> this.specter.playFromFileH264(track, BASELINE), ErrorCode.INVALID_TRACK); // audio
																									// track
		assertCode(() -> this.specter.playFromFileWav(TrackId.random(), BASELINE), ErrorCode.INVALID_TRACK);
		assertCode(() -> this.specter.receiveVideo(pc, track, (f) -> {
		}), ErrorCode.INVALID_TRACK);
		assertCode(() -> this.specter.getTrackStats(pc, TrackId.random()), ErrorCode.INVALID_TRACK);
		assertCode(() -> this.specter.newTrack(RtpCodecCapability.VP8, "bad id", "s"), ErrorCode.INVALID_ARGUMENT);
		assertCode(() -> this.specter.newTrack(RtpCodecCapability.VP8, "x", "s\r\na=evil"), ErrorCode.INVALID_ARGUMENT);
		assertCode(() -> this.specter.newTrack(null, "x", "s"), ErrorCode.INVALID_ARGUMENT);
		assertThatThrownBy(() -> this.specter.removeTrack(pc, RtpSenderId.random()))
			.isInstanceOf(NotFoundException.class);
		this.specter.removeTrack(pc, sender).get(5, TimeUnit.SECONDS);
		this.events.await(RtpSenderRemoved.class, pc, (e) -> e.sender().equals(sender));
		assertThatThrownBy(() -> this.specter.removeTrack(pc, sender)).isInstanceOf(NotFoundException.class);
	}

	@Test
	void addAndRemoveTrackRenegotiate() throws Exception {
		Pair pair = pair(this.specter.newMediaEngine(), this.specter.newMediaEngine());
		this.specter.createDataChannel(pair.a, "control").get(5, TimeUnit.SECONDS);
		pair.connect();
		this.events.clear();
		TrackId track = track(RtpCodecCapability.VP8, "late", "stream");
		RtpSenderId sender = this.specter.addTrack(pair.a, track).get(5, TimeUnit.SECONDS);
		this.events.await(NegotiationNeeded.class, pair.a);
		SessionDescription offer = pair.negotiate();
		assertThat(offer.sdp()).contains("m=video").contains("a=msid:stream late");
		assertThat(mediaDirection(offer.sdp(), "video")).isEqualTo("sendrecv");
		RemoteTrackAdded remote = this.events.await(RemoteTrackAdded.class, pair.b);
		assertThat(this.specter.transceivers(pair.a)).singleElement().satisfies((t) -> {
			assertThat(t.kind()).isEqualTo(MediaKind.VIDEO);
			assertThat(t.direction()).isEqualTo(TransceiverDirection.SENDRECV);
			assertThat(t.currentDirection()).isEqualTo(TransceiverDirection.SENDONLY);
		});
		MediaSubscription subscription = this.specter.receiveVideo(pair.b, remote.track(), (f) -> {
		});
		this.events.clear();

		this.specter.removeTrack(pair.a, sender).get(5, TimeUnit.SECONDS);
		this.events.await(RtpSenderRemoved.class, pair.a);
		this.events.await(NegotiationNeeded.class, pair.a);
		SessionDescription second = pair.negotiate();
		assertThat(mediaDirection(second.sdp(), "video")).isEqualTo("recvonly");
		RemoteTrackEnded ended = this.events.await(RemoteTrackEnded.class, pair.b);
		assertThat(ended.track()).isEqualTo(remote.track());
		Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> !subscription.isActive());
		assertThat(this.specter.transceivers(pair.a)).singleElement().satisfies((t) -> {
			assertThat(t.direction()).isEqualTo(TransceiverDirection.RECVONLY);
			assertThat(t.currentDirection()).isEqualTo(TransceiverDirection.INACTIVE);
		});
		assertCode(() -> this.specter.receiveVideo(pair.b, remote.track(), (f) -> {
		}), ErrorCode.INVALID_TRACK);
	}

	@Test
	void transceiversWithADirection() throws Exception {
		Pair pair = pair(this.specter.newMediaEngine(), this.specter.newMediaEngine());
		TransceiverId receiveOnly = this.specter.addTransceiver(pair.a, MediaKind.AUDIO, TransceiverDirection.RECVONLY)
			.get(5, TimeUnit.SECONDS);
		TransceiverId video = this.specter.addTransceiver(pair.a, MediaKind.VIDEO, TransceiverDirection.SENDRECV)
			.get(5, TimeUnit.SECONDS);
		assertCode(() -> this.specter.addTransceiver(pair.a, MediaKind.VIDEO, TransceiverDirection.STOPPED),
				ErrorCode.INVALID_ARGUMENT);
		assertCode(() -> this.specter.addTransceiver(pair.a, null, TransceiverDirection.SENDRECV),
				ErrorCode.INVALID_ARGUMENT);
		SessionDescription offer = pair.connect();
		assertThat(mediaDirection(offer.sdp(), "audio")).isEqualTo("recvonly");
		assertThat(mediaDirection(offer.sdp(), "video")).isEqualTo("sendrecv");
		assertThat(this.specter.transceivers(pair.a)).extracting(TransceiverInfo::id)
			.containsExactly(receiveOnly, video);
		this.specter.setTransceiverDirection(pair.a, video, TransceiverDirection.INACTIVE);
		assertThatThrownBy(() -> this.specter.setTransceiverDirection(pair.a, TransceiverId.random(),
				TransceiverDirection.INACTIVE))
			.isInstanceOf(NotFoundException.class);
		SessionDescription second = pair.negotiate();
		assertThat(mediaDirection(second.sdp(), "video")).isEqualTo("inactive");
		// Playing into a track-less transceiver's connection is not possible; a local
		// track is needed.
		assertThat(resources().openTracks()).isEqualTo(this.tracksBefore);
	}

	@Test
	void badFilesAreErrorEventsAndFailedFutures() throws Exception {
		PeerConnectionId pc = connection(this.specter.newMediaEngine());
		TrackId video = track(RtpCodecCapability.of("video"), "v", "s");
		this.specter.addTrack(pc, video).get(5, TimeUnit.SECONDS);
		String[][] cases = { { MEDIA.resolve("no-such-file.h264").toString(), "does not exist" },
				{ MEDIA.toString(), "is a directory" }, { "/dev/zero", "is not a regular file" },
				{ MEDIA.resolve("clip-hevc-not-h264.h265").toString(), "is not an H.264 stream" },
				{ MEDIA.resolve("tone-440hz-48k-mono.wav").toString(), "is not an H.264 Annex-B stream" },
				{ MEDIA.resolve("clip-high10-unsupported.h264").toString(), "High 10" },
				{ MEDIA.resolve("../../../../../../../../../etc/passwd").toString(), "is not an H.264" } };
		for (String[] bad : cases) {
			this.events.clear();
			CompletableFuture<PlaybackResult> future = this.specter.playFromFileH264(video, bad[0]);
			assertThatThrownBy(() -> future.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
				.cause()
				.isInstanceOf(InvalidInputException.class)
				.hasMessageContaining(bad[1])
				.extracting((ex) -> ((SpecterException) ex).code())
				.isEqualTo(ErrorCode.INVALID_MEDIA);
			OperationFailed failed = this.events.await(OperationFailed.class, pc);
			assertThat(failed.operation()).isEqualTo(Operation.PLAY_FILE);
			assertThat(failed.code()).isEqualTo(ErrorCode.INVALID_MEDIA);
			assertThat(failed.message()).contains(bad[1]).doesNotContain(MEDIA.toString());
		}
		assertCode(() -> this.specter.playFromFileH264(video, "clip\0.h264"), ErrorCode.INVALID_ARGUMENT);
		assertCode(() -> this.specter.playFromFileH264(video, null), ErrorCode.INVALID_ARGUMENT);
		assertCode(() -> this.specter.playFromFileH264(video, BASELINE, 0), ErrorCode.INVALID_ARGUMENT);
		assertCode(() -> this.specter.playFromFileH264(video, BASELINE, Double.NaN), ErrorCode.INVALID_ARGUMENT);
		TrackId audio = track(RtpCodecCapability.OPUS, "a", "s");
		this.specter.addTrack(pc, audio).get(5, TimeUnit.SECONDS);
		CompletableFuture<PlaybackResult> notWav = this.specter.playFromFileWav(audio, BASELINE);
		assertThatThrownBy(() -> notWav.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(InvalidInputException.class)
			.hasMessageContaining("is not a WAV file");
		assertThat(resources().activePlaybacks()).isZero();
		assertThat(resources().openDecoders()).isZero();
	}

	@Test
	void closingTheConnectionMidPlayReleasesEverything() throws Exception {
		Pair pair = pair(this.specter.newMediaEngine(), this.specter.newMediaEngine());
		TrackId track = track(RtpCodecCapability.VP8, "v", "s");
		this.specter.addTrack(pair.a, track).get(5, TimeUnit.SECONDS);
		pair.connect();
		RemoteTrackAdded remote = this.events.await(RemoteTrackAdded.class, pair.b);
		AtomicLong received = new AtomicLong();
		this.specter.receiveVideo(pair.b, remote.track(), (f) -> received.incrementAndGet());
		assertThat(resources().activeSinks()).isEqualTo(1);
		CompletableFuture<PlaybackResult> playing = this.specter.playFromFileH264(track, BASELINE);
		Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> received.get() >= 10);
		assertThat(resources().activePlaybacks()).isEqualTo(1);
		assertThat(resources().openDecoders()).isEqualTo(1);
		assertCode(() -> this.specter.playFromFileH264(track, BASELINE), ErrorCode.REJECTED); // one
																								// at
																								// a
																								// time

		this.specter.closePeerConnection(pair.a);
		PlaybackResult result = playing.get(5, TimeUnit.SECONDS);
		assertThat(result.outcome()).isEqualTo(PlaybackOutcome.STOPPED);
		assertThat(result.frames()).isBetween(10L, 89L);
		assertThat(resources().activePlaybacks()).isZero();
		assertThat(resources().openDecoders()).isZero();
		this.specter.closePeerConnection(pair.b);
		assertThat(resources().activeSinks()).isZero();
		this.specter.closeTrack(track);
		assertThat(resources().openTracks()).isEqualTo(this.tracksBefore);
		assertThat(resources().openMediaSources()).isEqualTo(this.sourcesBefore);
		assertThat(resources().openConnections()).isEqualTo(this.connectionsBefore);
		long after = received.get();
		Thread.sleep(200);
		assertThat(received.get()).isEqualTo(after);
	}

	@Test
	void stoppingAndClosingTheTrackMidPlay() throws Exception {
		Pair pair = pair(this.specter.newMediaEngine(), this.specter.newMediaEngine());
		TrackId track = track(RtpCodecCapability.of("video"), "v", "s");
		this.specter.addTrack(pair.a, track).get(5, TimeUnit.SECONDS);
		pair.connect();
		CompletableFuture<PlaybackResult> first = this.specter.playFromFileH264(track, BASELINE);
		Thread.sleep(300);
		assertThat(this.specter.stopPlayback(track)).isTrue();
		assertThat(this.specter.stopPlayback(track)).isFalse();
		assertThat(first.get(5, TimeUnit.SECONDS).outcome()).isEqualTo(PlaybackOutcome.STOPPED);
		this.events.await(PlaybackFinished.class, pair.a, (e) -> e.outcome() == PlaybackOutcome.STOPPED);
		assertThat(resources().openDecoders()).isZero();
		// Closing a playing track removes it from its connection and frees it.
		CompletableFuture<PlaybackResult> second = this.specter.playFromFileH264(track, BFRAMES);
		Thread.sleep(300);
		this.specter.closeTrack(track);
		assertThat(second.get(5, TimeUnit.SECONDS).outcome()).isEqualTo(PlaybackOutcome.STOPPED);
		this.events.await(RtpSenderRemoved.class, pair.a);
		assertThat(resources().activePlaybacks()).isZero();
		assertThat(resources().openTracks()).isEqualTo(this.tracksBefore);
		assertThat(resources().openMediaSources()).isEqualTo(this.sourcesBefore);
		assertThat(this.specter.connectionState(pair.a)).isNotEqualTo(ConnectionState.CLOSED);
	}

	@Test
	void playsWavAudioToTheOtherConnection() throws Exception {
		Pair pair = pair(this.specter.newMediaEngine(), this.specter.newMediaEngine());
		TrackId track = track(RtpCodecCapability.OPUS, "mic", "specter");
		this.specter.addTrack(pair.a, track).get(5, TimeUnit.SECONDS);
		pair.connect();
		RemoteTrackAdded remote = this.events.await(RemoteTrackAdded.class, pair.b);
		assertThat(remote.kind()).isEqualTo(MediaKind.AUDIO);
		// A sink can be registered; in audio mode SEND (this Specter's) nothing pulls
		// received audio
		// for playout, so the sink is not fed (see AudioMode; AudioReceiveIT receives
		// this tone in
		// mode RECEIVE): RTP statistics show what arrived.
		MediaSubscription subscription = this.specter.receiveAudio(pair.b, remote.track(), (audio) -> {
		});
		assertThat(subscription.isActive()).isTrue();
		PlaybackResult result = this.specter.playFromFileWav(track, MEDIA.resolve("tone-440hz-48k-mono.wav").toString())
			.get(15, TimeUnit.SECONDS);
		assertThat(result.outcome()).isEqualTo(PlaybackOutcome.COMPLETED);
		assertThat(result.frames()).isEqualTo(200);
		assertThat(result.duration()).isGreaterThanOrEqualTo(Duration.ofMillis(1950));
		this.events.await(PlaybackFinished.class, pair.a);
		TrackStats sent = this.specter.getTrackStats(pair.a, track).get(5, TimeUnit.SECONDS);
		Awaitility.await()
			.atMost(Duration.ofSeconds(5))
			.pollInterval(Duration.ofMillis(200))
			.until(() -> this.specter.getTrackStats(pair.b, remote.track())
				.get(5, TimeUnit.SECONDS)
				.packets() >= sent.packets() * 0.9);
		TrackStats received = this.specter.getTrackStats(pair.b, remote.track()).get(5, TimeUnit.SECONDS);
		System.out.println("Media: WAV: pushed " + result.frames() + " chunks in " + result.duration().toMillis()
				+ " ms; sent " + sent.packets() + " packets (" + sent.bytes() + " bytes) as " + sent.codecMimeType()
				+ "; received " + received.packets() + " packets (" + received.bytes() + " bytes) as "
				+ received.codecMimeType());
		assertThat(sent.codecMimeType()).isEqualTo("audio/opus");
		assertThat(received.codecMimeType()).isEqualTo("audio/opus");
		// 2 s of audio in 10-20 ms opus packets; an idle track sends none (no device
		// audio is mixed in).
		assertThat(sent.packets()).isBetween(90L, 220L);
		assertThat(sent.bytes()).isGreaterThan(1000);
	}

	// ---- helpers
	// --------------------------------------------------------------------------------

	private TrackId track(RtpCodecCapability codec, String id, String stream) {
		TrackId track = this.specter.newTrack(codec, id, stream);
		this.tracks.add(track);
		return track;
	}

	private PeerConnectionId connection(MediaEngineId engine) {
		PeerConnectionId pc = this.specter
			.newPeerConnection(this.specter.newApi(engine, this.specter.newRegistry(engine)));
		this.opened.add(pc);
		return pc;
	}

	private Pair pair(MediaEngineId engineA, MediaEngineId engineB) {
		Pair pair = new Pair(connection(engineA), connection(engineB));
		this.relay.link(this.specter, pair.a, this.specter, pair.b);
		return pair;
	}

	private static void assertCode(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, ErrorCode code) {
		assertThatThrownBy(call).isInstanceOf(SpecterException.class)
			.extracting((ex) -> ((SpecterException) ex).code())
			.isEqualTo(code);
	}

	/** The codec names of the rtpmap lines of the first m-section of a kind. */
	static List<String> rtpmapCodecs(String sdp, String kind) {
		List<String> names = new ArrayList<>();
		for (String line : section(sdp, kind).split("\r\n")) {
			if (line.startsWith("a=rtpmap:")) {
				names.add(line.substring(line.indexOf(' ') + 1, line.indexOf('/')));
			}
		}
		return names;
	}

	static String mediaDirection(String sdp, String kind) {
		for (String line : section(sdp, kind).split("\r\n")) {
			if (line.matches("a=(sendrecv|sendonly|recvonly|inactive)")) {
				return line.substring(2);
			}
		}
		return null;
	}

	private static String section(String sdp, String kind) {
		int start = sdp.indexOf("m=" + kind);
		assertThat(start).as("m=" + kind + " in SDP").isGreaterThanOrEqualTo(0);
		int end = sdp.indexOf("\r\nm=", start + 2);
		return sdp.substring(start, (end < 0) ? sdp.length() : end);
	}

	private final class Pair {

		final PeerConnectionId a;

		final PeerConnectionId b;

		Pair(PeerConnectionId a, PeerConnectionId b) {
			this.a = a;
			this.b = b;
		}

		/** Negotiates and waits until both sides are connected; returns the offer. */
		SessionDescription connect() throws Exception {
			SessionDescription offer = negotiate();
			Peers.awaitConnected(MediaIT.this.events, this.a, this.b);
			return offer;
		}

		SessionDescription negotiate() throws Exception {
			Specter specter = MediaIT.this.specter;
			SessionDescription offer = specter.createOffer(this.a).get(10, TimeUnit.SECONDS);
			specter.setLocalDescription(this.a, offer).get(10, TimeUnit.SECONDS);
			specter.setRemoteDescription(this.b, offer).get(10, TimeUnit.SECONDS);
			SessionDescription answer = specter.createAnswer(this.b).get(10, TimeUnit.SECONDS);
			specter.setLocalDescription(this.b, answer).get(10, TimeUnit.SECONDS);
			specter.setRemoteDescription(this.a, answer).get(10, TimeUnit.SECONDS);
			return offer;
		}

	}

	static <T> Predicate<T> any() {
		return (t) -> true;
	}

	/** What the engine holds now (read afresh: the record is a snapshot). */
	private EngineResources resources() {
		return EngineResources.of(this.factory);
	}

}
