package dev.specter;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import dev.specter.datachannel.DataChannelOptions;
import dev.specter.datachannel.InlineHandlerRegistration;
import dev.specter.ice.CidrIpFilter;
import dev.specter.ice.IceServer;
import dev.specter.media.RtpCodecCapability;
import dev.specter.signaling.IceCandidate;
import dev.specter.signaling.OfferOptions;
import dev.specter.signaling.SdpType;
import dev.specter.signaling.SessionDescription;
import dev.specter.test.ConnectedPair;
import dev.specter.test.EngineResources;
import dev.specter.test.Peers;
import dev.specter.test.SpecterIntegrationTest;
import dev.specter.test.SpecterIntegrationTestSupport;
import dev.specter.webrtc.DefaultSpecterFactory;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Throws generated malformed input at every public operation while a control pair
 * exchanges numbered messages. Every call must succeed or fail with a
 * {@link SpecterException} (thrown, or as its future's cause); the JVM survives, no
 * native object leaks and the control pair misses nothing. 10,000 inputs take about 15 s,
 * so the normal run does them all; raise {@code -Dspecter.fuzz.iterations} (and vary
 * {@code -Dspecter.fuzz.seed}) for longer runs.
 */
@SpecterIntegrationTest(properties = "specter.operation-timeout=5s")
class FuzzIT extends SpecterIntegrationTestSupport {

	private static final int ITERATIONS = Integer.getInteger("specter.fuzz.iterations", 10_000);

	private final SpecterFactory factory;

	private final Random random = new Random(Long.getLong("specter.fuzz.seed", 20261122L));

	private final Map<String, AtomicInteger> outcomes = new ConcurrentHashMap<>();

	private final List<CompletableFuture<?>> futures = new ArrayList<>();

	private TrackId liveTrack;

	FuzzIT(SpecterFactory factory) {
		this.factory = factory;
	}

	@Test
	void malformedInputNeverEscapesTheDocumentedErrors() throws Exception {
		ConnectedPair control = ConnectedPair.open(this.specter, this.events, this.relay);
		long connectionsBefore = EngineResources.of(this.factory).openConnections();
		long channelsBefore = EngineResources.of(this.factory).openDataChannels();
		long tracksBefore = EngineResources.of(this.factory).openTracks();
		this.liveTrack = this.specter.newTrack(RtpCodecCapability.of("video"), "fuzz", "fuzz");
		SessionDescription realOffer = this.specter.createOffer(control.a()).get(5, TimeUnit.SECONDS);
		AtomicBoolean running = new AtomicBoolean(true);
		AtomicInteger sent = new AtomicInteger();
		Thread chatter = new Thread(() -> {
			while (running.get()) {
				try {
					this.specter.sendText(control.a(), control.channelA(), "control-" + sent.getAndIncrement())
						.get(5, TimeUnit.SECONDS);
					Thread.sleep(5);
				}
				catch (Exception ex) {
					throw new IllegalStateException(ex);
				}
			}
		}, "control-chatter");
		chatter.start();

		List<PeerConnectionId> victims = new ArrayList<>();
		for (int i = 0; i < ITERATIONS; i++) {
			if (victims.isEmpty() || this.random.nextInt(200) == 0) {
				victims.add(newVictim(realOffer));
			}
			PeerConnectionId victim = victims.get(this.random.nextInt(victims.size()));
			fuzzOnce(victim, realOffer, control);
			if (this.random.nextInt(300) == 0) {
				call("close", () -> {
					this.specter.closePeerConnection(victim);
					return null;
				});
				victims.remove(victim);
			}
		}
		for (CompletableFuture<?> future : this.futures) {
			try {
				future.get(15, TimeUnit.SECONDS);
				count("future ok");
			}
			catch (ExecutionException ex) {
				assertThat(ex.getCause()).as("future failure").isInstanceOf(SpecterException.class);
				count("future " + ((SpecterException) ex.getCause()).code());
			}
		}
		running.set(false);
		chatter.join(10_000);
		int total = sent.get();
		Awaitility.await()
			.atMost(Duration.ofSeconds(20))
			.until(() -> control.received(this.events)
				.stream()
				.filter((m) -> m.startsWith("control-"))
				.count() >= total);
		// The fuzzer also sends junk on the control channel: the numbered messages must
		// all be there, in order.
		List<String> received = control.received(this.events).stream().filter((m) -> m.startsWith("control-")).toList();
		assertThat(received).hasSize(total);
		for (int i = 0; i < total; i++) {
			assertThat(received.get(i)).isEqualTo("control-" + i);
		}
		for (PeerConnectionId victim : victims) {
			this.specter.closePeerConnection(victim);
		}
		assertThat(EngineResources.of(this.factory).openConnections()).isEqualTo(connectionsBefore);
		assertThat(EngineResources.of(this.factory).openDataChannels()).isEqualTo(channelsBefore);
		this.specter.closeTrack(this.liveTrack);
		assertThat(EngineResources.of(this.factory).openTracks()).isEqualTo(tracksBefore);
		Awaitility.await()
			.atMost(Duration.ofSeconds(10))
			.until(() -> EngineResources.of(this.factory).activePlaybacks() == 0
					&& EngineResources.of(this.factory).openDecoders() == 0);
		if (this.factory instanceof DefaultSpecterFactory inProcess) {
			// one native factory for every connection (in worker mode, one per worker)
			assertThat(inProcess.factories().size()).isEqualTo(1);
		}
		System.out
			.println("Fuzz: " + ITERATIONS + " inputs, control messages " + total + ", outcomes " + this.outcomes);
		assertThat(total).isGreaterThan(10);
		control.close();
	}

	private PeerConnectionId newVictim(SessionDescription realOffer) throws Exception {
		PeerConnectionId pc = Peers.newPeerConnection(this.specter);
		if (this.random.nextBoolean()) {
			this.specter.setRemoteDescription(pc, realOffer).get(5, TimeUnit.SECONDS);
		}
		return pc;
	}

	private void fuzzOnce(PeerConnectionId victim, SessionDescription offer, ConnectedPair control) {
		PeerConnectionId target = pick(victim, new PeerConnectionId(UUID.randomUUID()), null);
		switch (this.random.nextInt(22)) {
			case 0 ->
				callAsync("setRemote json", () -> this.specter.setRemoteDescription(target, descriptionJson(offer)));
			case 1 ->
				callAsync("setLocal json", () -> this.specter.setLocalDescription(target, descriptionJson(offer)));
			case 2 -> callAsync("setRemote sdp", () -> this.specter.setRemoteDescription(target,
					new SessionDescription(pick(SdpType.values()), mangledSdp(offer.sdp()))));
			case 3 -> callAsync("candidate json", () -> this.specter.addIceCandidate(target, candidateJson()));
			case 4 -> callAsync("candidate", () -> this.specter.addIceCandidate(target,
					new IceCandidate(hostileCandidate(), pick("0", "", "99", weird()), this.random.nextInt(3), null)));
			case 5 -> callAsync("data channel", () -> this.specter.createDataChannel(target, label(), options()));
			case 6 -> {
				OfferOptions options = new OfferOptions(this.random.nextBoolean(), this.random.nextBoolean());
				TRACE.println("offer " + options + " on " + describe(target));
				callAsync("offer", () -> this.specter.createOffer(target, options));
			}
			case 7 -> callAsync("answer", () -> this.specter.createAnswer(target));
			case 8 -> callAsync("send text", () -> this.specter.sendText(pick(target, control.a()),
					pick(control.channelA(), new DataChannelId(UUID.randomUUID())), message()));
			case 9 -> callAsync("send binary", () -> this.specter.sendBinary(target,
					new DataChannelId(UUID.randomUUID()), pick(new byte[0], null, new byte[3])));
			case 10 -> call("queries", () -> {
				this.specter.localDescription(target);
				this.specter.pendingRemoteDescription(target);
				this.specter.signalingState(target);
				return this.specter.connectionState(target);
			});
			case 11 -> call("ids", () -> PeerConnectionId.of(pick(weird(), "", null, UUID.randomUUID().toString())));
			case 12 -> call("api",
					() -> this.specter.newApi(
							pick(this.specter.newMediaEngine(), null, new MediaEngineId(UUID.randomUUID())),
							pick(new RegistryId(UUID.randomUUID()), null)));
			case 13 -> call("config",
					() -> new SpecterConfig(List.of(new IceServer(
							List.of(pick("http://x", "stun:", "", weird(), "turn:ok.example:3478")), null, null)), null,
							null, null));
			case 14 -> call("ip filter",
					() -> CidrIpFilter.of(List.of(pick("10.0.0.0/33", weird(), "::/129", "1.2.3.4/8")), List.of()));
			case 15 -> call("inline handler", () -> {
				InlineHandlerRegistration registration = this.specter.handleMessagesInline(pick(target, control.b()),
						pick(new DataChannelId(UUID.randomUUID()), null), pick(null, (message, reply) -> {
							throw new IllegalStateException("fuzz");
						}));
				registration.close();
				return registration;
			});
			case 16 -> callAsync("play file", () -> {
				CompletableFuture<?> playing = this.specter
					.playFromFileH264(pick(this.liveTrack, TrackId.random(), null), hostilePath());
				this.specter.stopPlayback(this.liveTrack);
				return playing;
			});
			case 17 -> callAsync("add track",
					() -> this.specter.addTrack(target, pick(this.liveTrack, TrackId.random(), null)));
			case 18 ->
				callAsync("remove track", () -> this.specter.removeTrack(target, pick(RtpSenderId.random(), null)));
			case 19 -> call("new track", () -> {
				TrackId track = this.specter.newTrack(pick(RtpCodecCapability.VP8, null),
						pick("ok", weird(), "", "x".repeat(65)), pick("s", weird(), null));
				this.specter.closeTrack(track);
				return track;
			});
			case 20 -> call("codec",
					() -> this.specter.newMediaEngine(List.of(new RtpCodecCapability(
							pick("video/VP8", "audio", weird(), "video/" + weird(), "video/NOPE"),
							this.random.nextInt(3) - 1, this.random.nextInt(10) - 1,
							pick(null, "", weird(), "packetization-mode=1")))));
			case 21 -> call("remote media", () -> {
				this.specter.receiveVideo(target, pick(this.liveTrack, TrackId.random(), null), (f) -> {
				});
				return this.specter.getTrackStats(target, TrackId.random());
			});
			default -> callAsync("stats", () -> this.specter.getStats(target));
		}
	}

	/**
	 * Every input is traced before it is tried: after a JVM abort, the last line names
	 * the culprit.
	 */
	private static final PrintStream TRACE = trace();

	private static PrintStream trace() {
		try {
			return new PrintStream(new FileOutputStream("target/fuzz-trace.txt"), true);
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private void call(String operation, Supplier<?> call) {
		TRACE.println(operation);
		try {
			call.get();
			count(operation + " ok");
		}
		catch (SpecterException ex) {
			count(operation + " " + ex.code());
		}
	}

	private void callAsync(String operation, Supplier<CompletableFuture<?>> call) {
		TRACE.println(operation);
		try {
			this.futures.add(call.get());
			count(operation + " accepted");
		}
		catch (SpecterException ex) {
			count(operation + " " + ex.code());
		}
	}

	private String describe(PeerConnectionId pc) {
		try {
			return this.specter.signalingState(pc) + " local="
					+ this.specter.localDescription(pc).map((d) -> d.type() + ":" + d.sdp().length()).orElse("-")
					+ " remote="
					+ this.specter.remoteDescription(pc)
						.map((d) -> d.type() + ":" + d.sdp().replace("\r\n", "|"))
						.orElse("-");
		}
		catch (SpecterException ex) {
			return ex.code().toString();
		}
	}

	private void count(String outcome) {
		this.outcomes.computeIfAbsent(outcome, (k) -> new AtomicInteger()).incrementAndGet();
	}

	private String descriptionJson(SessionDescription offer) {
		String valid = offer.toJson();
		return switch (this.random.nextInt(8)) {
			case 0 -> valid.substring(0, this.random.nextInt(valid.length()));
			case 1 -> "{\"type\":\"" + weird() + "\",\"sdp\":\"v=0\"}";
			case 2 -> "{\"type\":\"offer\",\"sdp\":\"" + "a".repeat(300_000) + "\"}";
			case 3 -> weird();
			case 4 -> "{\"type\":\"answer\",\"sdp\":" + quote(mangledSdp(offer.sdp())) + "}";
			case 5 -> "{\"type\":\"rollback\"}";
			case 6 -> "[" + valid + "]";
			default -> "{\"type\":\"offer\",\"sdp\":" + quote(mangledSdp(offer.sdp())) + "}";
		};
	}

	private String mangledSdp(String sdp) {
		return switch (this.random.nextInt(6)) {
			case 0 -> sdp.substring(0, this.random.nextInt(sdp.length()));
			case 1 -> sdp.replace("a=ice-ufrag:", "a=ice-ufrag:" + weird());
			case 2 -> sdp.replace("m=application", "m=" + weird());
			case 3 -> sdp.replace("\r\n", "\n");
			case 4 -> weird();
			default -> sdp.replace("a=fingerprint:sha-256", "a=fingerprint:md5");
		};
	}

	private String candidateJson() {
		return switch (this.random.nextInt(6)) {
			case 0 -> "{\"candidate\":" + quote(hostileCandidate()) + ",\"sdpMid\":\"0\",\"sdpMLineIndex\":0}";
			case 1 ->
				"{\"candidate\":" + quote(hostileCandidate()) + ",\"sdp_mline_index\":" + this.random.nextInt() + "}";
			case 2 -> "{\"candidate\":\"" + "x".repeat(5000) + "\"}";
			case 3 -> weird();
			case 4 -> "{\"candidate\":null}";
			default -> "{\"candidate\":\"\",\"sdp_mid\":" + quote(weird()) + "}";
		};
	}

	private String hostileCandidate() {
		return pick("candidate:1 1 udp 2122260223 192.0.2.2 99999 typ host",
				"candidate:1 1 udp 2122260223 ../../etc/passwd 5000 typ host",
				"candidate:" + "9".repeat(40) + " 1 udp 1 1.2.3.4 1 typ host",
				"candidate:1 1 tcp 1 ::ffff:1.2.3.4 1 typ relay",
				"candidate:1 1 udp 1 <script>alert(1)</script> 1 typ host", "candidate:" + weird(), weird(),
				"candidate:1 1 udp 2122260223 192.0.2.99 50000 typ host generation 0 ufrag " + weird());
	}

	private String hostilePath() {
		return pick("/dev/zero", "/dev/urandom", "/proc/self/mem", "/", "../../../../etc/passwd", "/etc/shadow",
				"src/test/resources/media/clip-hevc-not-h264.h265",
				"src/test/resources/media/clip-high10-unsupported.h264",
				"src/test/resources/media/tone-440hz-48k-mono.wav", "clip\u0000.h264", weird(), "x".repeat(5000),
				"/nonexistent/" + UUID.randomUUID(), "", " ", null);
	}

	private String label() {
		return pick("", "x".repeat(70_000), weird(), "ok", null, "\u0000");
	}

	private DataChannelOptions options() {
		try {
			return pick(DataChannelOptions.DEFAULT, null,
					new DataChannelOptions(this.random.nextBoolean(), this.random.nextInt(5) - 1, null, weird(),
							this.random.nextBoolean(), this.random.nextInt(70_000) - 2));
		}
		catch (SpecterException ex) {
			count("options " + ex.code());
			return DataChannelOptions.DEFAULT;
		}
	}

	private String message() {
		return pick("", weird(), null, "m".repeat(300_000));
	}

	private String weird() {
		return pick("\u0000\u0001\u0002", "\ud800", "\u202e\u0645\u0631\u062d\u0628\u0627", "😀".repeat(100),
				"'; DROP TABLE x; --", "%s%n%x", "\r\n\r\n", " ", "null", "{}", "\\u0000",
				new String(randomBytes(64), StandardCharsets.ISO_8859_1));
	}

	private byte[] randomBytes(int size) {
		byte[] bytes = new byte[size];
		this.random.nextBytes(bytes);
		return bytes;
	}

	private static String quote(String text) {
		return tools.jackson.databind.json.JsonMapper.builder().build().writeValueAsString(text);
	}

	@SafeVarargs
	private <T> T pick(T... choices) {
		return choices[this.random.nextInt(choices.length)];
	}

}
