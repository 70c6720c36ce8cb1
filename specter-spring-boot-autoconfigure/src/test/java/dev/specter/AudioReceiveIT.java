package dev.specter;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;

import dev.specter.dispatch.EventDispatcher;
import dev.specter.event.RemoteTrackAdded;
import dev.specter.media.AudioMode;
import dev.specter.media.MediaKind;
import dev.specter.media.MediaSink;
import dev.specter.media.MediaSubscription;
import dev.specter.media.PlaybackOutcome;
import dev.specter.media.PlaybackResult;
import dev.specter.media.ReceivedAudio;
import dev.specter.media.RtpCodecCapability;
import dev.specter.media.TransceiverDirection;
import dev.specter.media.TransceiverInfo;
import dev.specter.signaling.SdpType;
import dev.specter.signaling.SessionDescription;
import dev.specter.stats.TrackStats;
import dev.specter.test.EngineResources;
import dev.specter.test.Peers;
import dev.specter.test.SpecterIntegrationTest;
import dev.specter.test.SpecterIntegrationTestSupport;
import dev.specter.webrtc.DefaultSpecterFactory;
import dev.specter.webrtc.PeerConnectionFactoryPool;
import dev.specter.webrtc.RuntimeSettings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Received audio decoded for the application: the auto-configured Specter (audio mode
 * SEND) plays the checked-in WAV tone on an audio track to a connection of a second
 * Specter of the same factory in audio mode RECEIVE, whose {@code receiveAudio} sink must
 * get that tone. Also what a RECEIVE instance refuses, and that it never starts an audio
 * send stream (which would make webrtc-java 0.14's headless audio module start its
 * recording thread).
 * <p>
 * The tone ({@code src/test/resources/media/README.md}): 2 s of a 440 Hz sine at 48 kHz,
 * mono, 16-bit, amplitude 4095 (RMS 2896), made by ffmpeg's {@code sine} source.
 */
@SpecterIntegrationTest
class AudioReceiveIT extends SpecterIntegrationTestSupport {

	static final Path TONE = MediaIT.MEDIA.resolve("tone-440hz-48k-mono.wav");

	/**
	 * A chunk at three quarters of the tone's RMS (2896) or more carries the tone at full
	 * level. Silence is 0 here; after the last packet the receiver's jitter buffer
	 * conceals the missing audio by repeating the tone with a fading gain (measured: 94
	 * %, 84 %, 73 %, 61 %, ... of the level, 10 ms apart, below 1 % after 400 ms), which
	 * this threshold mostly leaves out.
	 */
	static final double TONE_CHUNK_RMS = 2896 * 0.75;

	private final SpecterFactory factory;

	Specter receiver;

	final List<PeerConnectionId> opened = new ArrayList<>();

	final List<TrackId> tracks = new ArrayList<>();

	long tracksBefore;

	long sourcesBefore;

	long connectionsBefore;

	AudioReceiveIT(SpecterFactory factory) {
		this.factory = factory;
	}

	@BeforeEach
	void createReceiver() {
		this.tracksBefore = resources().openTracks();
		this.sourcesBefore = resources().openMediaSources();
		this.connectionsBefore = resources().openConnections();
		this.receiver = this.factory.create(this.specter.config().withAudioMode(AudioMode.RECEIVE));
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
		this.receiver.close();
		assertThat(resources().openConnections()).isEqualTo(this.connectionsBefore);
		assertThat(resources().openTracks()).isEqualTo(this.tracksBefore);
		assertThat(resources().openMediaSources()).isEqualTo(this.sourcesBefore);
		org.awaitility.Awaitility.await()
			.atMost(Duration.ofSeconds(5))
			.until(() -> resources().activePlaybacks() == 0 && resources().activeSinks() == 0);
		this.events.clear();
	}

	@Test
	void receiveModeDecodesTheToneAPlayingSpecterSends() throws Exception {
		assertThat(this.specter.config().audioMode()).isEqualTo(AudioMode.SEND);
		assertThat(this.receiver.config().audioMode()).isEqualTo(AudioMode.RECEIVE);
		PeerConnectionId sending = connection(this.specter);
		PeerConnectionId receiving = connection(this.receiver);
		this.relay.link(this.specter, sending, this.receiver, receiving);
		TrackId mic = this.specter.newTrack(RtpCodecCapability.OPUS, "mic", "specter");
		this.tracks.add(mic);
		this.specter.addTrack(sending, mic).get(5, TimeUnit.SECONDS);

		// The playing side offers sendrecv audio; the receiving side has no audio track,
		// so it
		// answers recvonly, without an SSRC of its own: no audio send stream is
		// configured.
		SessionDescription[] descriptions = Peers.negotiate(this.specter, sending, this.receiver, receiving);
		assertThat(MediaIT.mediaDirection(descriptions[0].sdp(), "audio")).isEqualTo("sendrecv");
		assertThat(MediaIT.mediaDirection(descriptions[1].sdp(), "audio")).isEqualTo("recvonly");
		assertThat(audioSection(descriptions[1].sdp())).doesNotContain("a=ssrc:").doesNotContain("a=msid:");
		RemoteTrackAdded remote = this.events.await(RemoteTrackAdded.class, receiving);
		assertThat(remote.kind()).isEqualTo(MediaKind.AUDIO);
		Peers.awaitConnected(this.events, sending, receiving);

		PlaybackResult result = playToneAndAssertItArrives(mic, receiving, remote.track(), "SEND -> RECEIVE");
		assertThat(result.outcome()).isEqualTo(PlaybackOutcome.COMPLETED);
		assertThat(result.frames()).isEqualTo(200);
		assertThat(this.receiver.transceivers(receiving)).singleElement().satisfies((t) -> {
			assertThat(t.kind()).isEqualTo(MediaKind.AUDIO);
			assertThat(t.direction()).isEqualTo(TransceiverDirection.RECVONLY);
			assertThat(t.currentDirection()).isEqualTo(TransceiverDirection.RECVONLY);
		});
		TrackStats inbound = this.receiver.getTrackStats(receiving, remote.track()).get(5, TimeUnit.SECONDS);
		assertThat(inbound.outbound()).isFalse();
		assertThat(inbound.codecMimeType()).isEqualTo("audio/opus");
		assertThat(inbound.packets()).isGreaterThanOrEqualTo(90);
	}

	@Test
	void receiveModeOffersARecvonlyAudioTransceiverAndDecodesTheAnswerersTone() throws Exception {
		PeerConnectionId receiving = connection(this.receiver);
		PeerConnectionId sending = connection(this.specter);
		this.relay.link(this.receiver, receiving, this.specter, sending);
		// Added before the offer arrives, so the answerer's track takes the offered audio
		// m-line.
		TrackId mic = this.specter.newTrack(RtpCodecCapability.OPUS, "mic", "specter");
		this.tracks.add(mic);
		this.specter.addTrack(sending, mic).get(5, TimeUnit.SECONDS);
		this.receiver.addTransceiver(receiving, MediaKind.AUDIO, TransceiverDirection.RECVONLY)
			.get(5, TimeUnit.SECONDS);

		SessionDescription[] descriptions = Peers.negotiate(this.receiver, receiving, this.specter, sending);
		assertThat(MediaIT.mediaDirection(descriptions[0].sdp(), "audio")).isEqualTo("recvonly");
		assertThat(audioSection(descriptions[0].sdp())).doesNotContain("a=ssrc:");
		assertThat(MediaIT.mediaDirection(descriptions[1].sdp(), "audio")).isEqualTo("sendonly");
		RemoteTrackAdded remote = this.events.await(RemoteTrackAdded.class, receiving);
		Peers.awaitConnected(this.events, sending, receiving);

		playToneAndAssertItArrives(mic, receiving, remote.track(), "RECEIVE offers recvonly");
	}

	@Test
	void receiveModeRefusesEverythingThatWouldSendAudio() throws Exception {
		for (RtpCodecCapability audio : List.of(RtpCodecCapability.OPUS, RtpCodecCapability.of("audio"),
				new RtpCodecCapability("audio", 0, 0, null))) {
			assertThatThrownBy(() -> this.receiver.newTrack(audio, "mic", "s"))
				.isInstanceOf(InvalidInputException.class)
				.hasMessageContaining("audio mode RECEIVE")
				.extracting((ex) -> ((SpecterException) ex).code())
				.isEqualTo(ErrorCode.INVALID_TRACK);
		}
		assertThat(resources().openTracks()).isEqualTo(this.tracksBefore);
		assertThat(resources().openMediaSources()).isEqualTo(this.sourcesBefore);
		// Video is unaffected; a video track cannot play a WAV file anyway, and in this
		// mode the
		// refusal names the mode.
		TrackId video = this.receiver.newTrack(RtpCodecCapability.VP8, "camera", "s");
		assertThatThrownBy(() -> this.receiver.playFromFileWav(video, TONE.toString()))
			.isInstanceOf(InvalidInputException.class)
			.hasMessageContaining("audio mode RECEIVE")
			.extracting((ex) -> ((SpecterException) ex).code())
			.isEqualTo(ErrorCode.INVALID_TRACK);
		assertCode(() -> this.receiver.playFromFileWav(TrackId.random(), TONE.toString()), ErrorCode.INVALID_TRACK);
		assertThat(resources().activePlaybacks()).isZero();

		PeerConnectionId pc = connection(this.receiver);
		assertCode(() -> this.receiver.addTransceiver(pc, MediaKind.AUDIO, TransceiverDirection.SENDRECV),
				ErrorCode.INVALID_ARGUMENT);
		assertCode(() -> this.receiver.addTransceiver(pc, MediaKind.AUDIO, TransceiverDirection.SENDONLY),
				ErrorCode.INVALID_ARGUMENT);
		assertThat(this.receiver.transceivers(pc)).isEmpty();
		TransceiverId audio = this.receiver.addTransceiver(pc, MediaKind.AUDIO, TransceiverDirection.RECVONLY)
			.get(5, TimeUnit.SECONDS);
		TransceiverId muted = this.receiver.addTransceiver(pc, MediaKind.AUDIO, TransceiverDirection.INACTIVE)
			.get(5, TimeUnit.SECONDS);
		TransceiverId camera = this.receiver.addTransceiver(pc, MediaKind.VIDEO, TransceiverDirection.SENDRECV)
			.get(5, TimeUnit.SECONDS);
		assertCode(() -> this.receiver.setTransceiverDirection(pc, audio, TransceiverDirection.SENDRECV),
				ErrorCode.INVALID_ARGUMENT);
		assertCode(() -> this.receiver.setTransceiverDirection(pc, muted, TransceiverDirection.SENDONLY),
				ErrorCode.INVALID_ARGUMENT);
		this.receiver.setTransceiverDirection(pc, muted, TransceiverDirection.RECVONLY);
		this.receiver.setTransceiverDirection(pc, camera, TransceiverDirection.SENDONLY);
		assertThat(this.receiver.transceivers(pc)).extracting(TransceiverInfo::direction)
			.containsExactly(TransceiverDirection.RECVONLY, TransceiverDirection.RECVONLY,
					TransceiverDirection.SENDONLY);
		SessionDescription offer = this.receiver.createOffer(pc).get(5, TimeUnit.SECONDS);
		assertThat(MediaIT.mediaDirection(offer.sdp(), "audio")).isEqualTo("recvonly");
		assertThat(audioSection(offer.sdp())).doesNotContain("a=ssrc:");
		// An edited local description that would send audio (with an SSRC, libwebrtc
		// would start
		// an audio send stream even without a track) is refused; the offer as created is
		// not.
		String sending = offer.sdp()
			.replaceFirst("a=recvonly\r\n", "a=sendrecv\r\na=msid:- edited\r\na=ssrc:12345678 cname:edited\r\n");
		assertThat(MediaIT.mediaDirection(sending, "audio")).isEqualTo("sendrecv");
		assertCode(() -> this.receiver.setLocalDescription(pc, new SessionDescription(SdpType.OFFER, sending)),
				ErrorCode.INVALID_ARGUMENT);
		assertCode(() -> this.receiver.setLocalDescription(pc, new SessionDescription(SdpType.OFFER, sending).toJson()),
				ErrorCode.INVALID_ARGUMENT);
		this.receiver.setLocalDescription(pc, offer).get(5, TimeUnit.SECONDS);
		// The SEND instance of the same application is unaffected.
		TrackId mic = this.specter.newTrack(RtpCodecCapability.OPUS, "mic", "s");
		this.tracks.add(mic);
		this.receiver.closeTrack(video);
	}

	@Test
	void theFactoryOfAnAudioModeIsCreatedOnlyWhenAnInstanceOfThatModeNeedsIt() throws Exception {
		PeerConnectionFactoryPool pool = new PeerConnectionFactoryPool();
		try (DefaultSpecterFactory own = new DefaultSpecterFactory(pool, new EventDispatcher((event) -> {
		}, 1, 100), RuntimeSettings.DEFAULTS)) {
			Specter receiving = own.create(SpecterConfig.ofUrls().withAudioMode(AudioMode.RECEIVE));
			assertCode(() -> receiving.newTrack(RtpCodecCapability.OPUS, "mic", "s"), ErrorCode.INVALID_TRACK);
			assertThat(pool.size()).as("refused before any native call").isZero();
			assertThat(receiving.supportedCodecs(MediaKind.AUDIO)).extracting(RtpCodecCapability::codecName)
				.contains("opus");
			receiving.newPeerConnection(Peers.newApi(receiving));
			assertThat(pool.isCreated(AudioMode.RECEIVE)).isTrue();
			assertThat(pool.isCreated(AudioMode.SEND)).as("a RECEIVE-only application pays nothing for SEND").isFalse();
			Specter sending = own.create(SpecterConfig.ofUrls());
			assertThat(pool.size()).isEqualTo(1);
			sending.newTrack(RtpCodecCapability.OPUS, "mic", "s");
			assertThat(pool.isCreated(AudioMode.SEND)).isTrue();
			assertThat(pool.size()).isEqualTo(2);
		}
		assertThat(pool.size()).isZero();
	}

	// ---- helpers
	// --------------------------------------------------------------------------------

	private PeerConnectionId connection(Specter owner) {
		PeerConnectionId pc = Peers.newPeerConnection(owner);
		if (owner == this.specter) {
			this.opened.add(pc);
		}
		return pc;
	}

	/**
	 * Subscribes to the remote track, plays the tone on the local track between some
	 * silence and the jitter buffer's tail, then checks the decoded audio against the
	 * file and that the receiving connection sent no audio.
	 */
	private PlaybackResult playToneAndAssertItArrives(TrackId mic, PeerConnectionId receiving, TrackId remote,
			String label) throws Exception {
		Received received = new Received();
		MediaSubscription subscription = this.receiver.receiveAudio(receiving, remote, received);
		Thread.sleep(300); // some silence before the tone
		PlaybackResult result = this.specter.playFromFileWav(mic, TONE.toString()).get(15, TimeUnit.SECONDS);
		Thread.sleep(700); // the jitter buffer's tail, then silence again
		received.stop();
		subscription.close();
		Wav tone = Wav.read(TONE);
		received.report(label, tone, subscription);
		received.assertToneOf(tone);
		assertNoAudioIsSent(receiving);
		return result;
	}

	/**
	 * The receiving connection has no outbound audio RTP stream at all (not even an idle
	 * one).
	 */
	private void assertNoAudioIsSent(PeerConnectionId receiving) throws Exception {
		JsonNode stats = JsonMapper.builder()
			.build()
			.readTree(this.receiver.getStats(receiving).get(5, TimeUnit.SECONDS));
		List<String> outboundAudio = new ArrayList<>();
		for (JsonNode stat : stats.get("stats")) {
			if ("outbound-rtp".equals(stat.path("type").asString(""))
					&& !"video".equals(stat.path("kind").asString(""))) {
				outboundAudio.add(stat.toString());
			}
		}
		assertThat(outboundAudio).as("outbound audio RTP of the RECEIVE side").isEmpty();
	}

	private static String audioSection(String sdp) {
		int start = sdp.indexOf("m=audio");
		assertThat(start).isGreaterThanOrEqualTo(0);
		int end = sdp.indexOf("\r\nm=", start + 2);
		return sdp.substring(start, (end < 0) ? sdp.length() : end);
	}

	private static void assertCode(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, ErrorCode code) {
		assertThatThrownBy(call).isInstanceOf(SpecterException.class)
			.extracting((ex) -> ((SpecterException) ex).code())
			.isEqualTo(code);
	}

	/** 16-bit PCM samples of a chunk (all channels interleaved). */
	static short[] samples(ReceivedAudio audio) {
		short[] out = new short[audio.frames() * audio.channels()];
		ByteBuffer.wrap(audio.pcm()).order(ByteOrder.LITTLE_ENDIAN).asShortBuffer().get(out);
		return out;
	}

	static double rms(short[] samples) {
		double sum = 0;
		for (short s : samples) {
			sum += (double) s * s;
		}
		return (samples.length == 0) ? 0 : Math.sqrt(sum / samples.length);
	}

	/**
	 * The amplitude of a frequency in a signal (Goertzel), exact when the window holds a
	 * whole number of its periods: 1200 samples are 11 periods of 440 Hz at 48 kHz.
	 */
	static double amplitude(short[] signal, int from, int length, double frequency, int sampleRate) {
		double omega = 2 * Math.PI * frequency / sampleRate;
		double coefficient = 2 * Math.cos(omega);
		double previous = 0;
		double beforePrevious = 0;
		for (int i = from; i < from + length; i++) {
			double current = signal[i] + coefficient * previous - beforePrevious;
			beforePrevious = previous;
			previous = current;
		}
		double power = previous * previous + beforePrevious * beforePrevious - coefficient * previous * beforePrevious;
		return 2 * Math.sqrt(Math.max(0, power)) / length;
	}

	/** A sink that keeps every chunk with its arrival time. */
	static final class Received implements MediaSink<ReceivedAudio> {

		final ConcurrentLinkedQueue<ReceivedAudio> chunks = new ConcurrentLinkedQueue<>();

		final long started = System.nanoTime();

		volatile long stopped;

		volatile boolean open = true;

		@Override
		public void accept(ReceivedAudio audio) {
			if (this.open) {
				this.chunks.add(audio);
			}
		}

		void stop() {
			this.open = false;
			this.stopped = System.nanoTime();
		}

		double chunksPerSecond() {
			return this.chunks.size() / ((this.stopped - this.started) / 1e9);
		}

		List<ReceivedAudio> toneChunks() {
			return this.chunks.stream().filter((c) -> rms(samples(c)) >= TONE_CHUNK_RMS).toList();
		}

		long toneFrames() {
			return toneChunks().stream().mapToLong(ReceivedAudio::frames).sum();
		}

		/** The tone chunks one after the other, as one signal. */
		short[] toneSignal() {
			List<ReceivedAudio> tone = toneChunks();
			short[] signal = new short[tone.stream().mapToInt((c) -> c.frames() * c.channels()).sum()];
			int offset = 0;
			for (ReceivedAudio chunk : tone) {
				short[] s = samples(chunk);
				System.arraycopy(s, 0, signal, offset, s.length);
				offset += s.length;
			}
			return signal;
		}

		void report(String what, Wav file, MediaSubscription subscription) {
			short[] signal = toneSignal();
			int middle = middleWindow(signal);
			System.out.printf(
					"AudioReceive: %s: %d chunks in %d ms (%.1f/s), formats %s; tone in %d chunks = %d frames"
							+ " (file: %d frames); tone RMS %.0f, peak %d (file: RMS %.0f, peak %d);"
							+ " middle 1 s: 440 Hz amplitude %.0f, 1 kHz %.1f, 220 Hz %.1f, 880 Hz %.1f;"
							+ " sink delivered %d, dropped %d%n",
					what, this.chunks.size(), (this.stopped - this.started) / 1_000_000, chunksPerSecond(), formats(),
					toneChunks().size(), toneFrames(), file.samples.length, rms(signal), peak(signal),
					rms(file.samples), peak(file.samples), amplitude(signal, middle, 48000, 440, 48000),
					amplitude(signal, middle, 48000, 1000, 48000), amplitude(signal, middle, 48000, 220, 48000),
					amplitude(signal, middle, 48000, 880, 48000), subscription.delivered(), subscription.dropped());
		}

		List<String> formats() {
			return this.chunks.stream()
				.map((c) -> c.bitsPerSample() + " bit " + c.sampleRate() + " Hz " + c.channels() + " ch " + c.frames()
						+ " frames")
				.distinct()
				.toList();
		}

		void assertToneOf(Wav file) {
			// Every chunk: 10 ms of 16-bit mono PCM at 48 kHz (opus decodes at 48 kHz;
			// mono because
			// the WAV is mono and the offer does not ask for stereo).
			assertThat(this.chunks).isNotEmpty().allSatisfy((c) -> {
				assertThat(c.bitsPerSample()).isEqualTo(16);
				assertThat(c.sampleRate()).isEqualTo(48000);
				assertThat(c.channels()).isEqualTo(1);
				assertThat(c.frames()).isEqualTo(480);
				assertThat(c.pcm()).hasSize(960);
			});
			// The module's playout thread pulls 10 ms every 10 ms: about 100 chunks a
			// second. Were
			// its recording thread running as well (an audio send stream started), it
			// would pull
			// the same streams too and the sink would get about 200 a second (measured
			// with raw
			// webrtc-java: 587 chunks in 2.9 s instead of 297).
			assertThat(chunksPerSecond()).isBetween(80.0, 120.0);
			// 2 s of tone = 96,000 frames (200 chunks); measured: 97,920 to 98,400 (204
			// to 205 chunks at full level).
			// Bound: +/- 7,680 frames (8 %, 16 chunks). More: the first two or three
			// chunks of the
			// concealment after the last packet are above the threshold, and the jitter
			// buffer
			// stretches audio (NetEq's preemptive expand) while it builds up its delay.
			// Less: the
			// first chunk fades in (opus), and NetEq shortens audio (accelerate) when its
			// delay runs
			// long. Missing a tenth of the file, or the doubled delivery of a recording
			// thread,
			// would fail.
			assertThat(toneFrames()).isBetween(96_000L - 7_680, 96_000L + 7_680);
			assertThat(file.samples).hasSize(96_000);
			short[] signal = toneSignal();
			// Loud enough: within 20 % of the file's level (opus at 32 kbit/s keeps a
			// pure tone's level).
			assertThat(rms(signal)).isBetween(rms(file.samples) * 0.8, rms(file.samples) * 1.2);
			assertThat(peak(signal)).isBetween(3000, 6000);
			// And it is the file's 440 Hz tone: over the middle second (440 whole
			// periods), the
			// 440 Hz component has about the file's amplitude (4095) and other
			// frequencies almost none.
			int middle = middleWindow(signal);
			double at440 = amplitude(signal, middle, 48000, 440, 48000);
			assertThat(at440).isBetween(4095 * 0.8, 4095 * 1.2);
			for (double other : new double[] { 220, 880, 1000 }) {
				assertThat(amplitude(signal, middle, 48000, other, 48000)).as(other + " Hz").isLessThan(at440 * 0.05);
			}
		}

		private static int middleWindow(short[] signal) {
			return Math.max(0, (signal.length - 48000) / 2);
		}

		private static int peak(short[] samples) {
			int peak = 0;
			for (short s : samples) {
				peak = Math.max(peak, Math.abs(s));
			}
			return peak;
		}

	}

	/** The samples of a 16-bit mono WAV file (its {@code data} chunk). */
	record Wav(short[] samples) {

		static Wav read(Path path) throws IOException {
			ByteBuffer file = ByteBuffer.wrap(Files.readAllBytes(path)).order(ByteOrder.LITTLE_ENDIAN);
			int position = 12;
			while (position + 8 <= file.limit()) {
				int id = file.getInt(position);
				int size = file.getInt(position + 4);
				if (id == 0x61746164) { // "data"
					short[] samples = new short[size / 2];
					file.position(position + 8);
					file.slice().order(ByteOrder.LITTLE_ENDIAN).asShortBuffer().get(samples);
					return new Wav(samples);
				}
				position += 8 + size + (size & 1);
			}
			throw new IOException(path + " has no data chunk");
		}

	}

	/** What the engine holds now (read afresh: the record is a snapshot). */
	private EngineResources resources() {
		return EngineResources.of(this.factory);
	}

}
