package dev.specter.webrtc;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

import dev.specter.json.SpecterJson;
import dev.specter.signaling.IceCandidate;
import dev.specter.signaling.SessionDescription;
import tools.jackson.databind.JsonNode;

/**
 * Runs the Java code every new connection runs before the first connection needs it: the
 * SDP and candidate grammars that check what goes into webrtc-java, the conversions of
 * what comes out of it, and the JSON forms of descriptions and candidates, on canned
 * input (descriptions and candidates recorded from webrtc-java, Chromium and Firefox). A
 * fresh JVM otherwise interprets and compiles this code during its first connections,
 * which is where a burst right after start-up spends most of its extra CPU.
 * <p>
 * Pure computation: no webrtc-java call, no native object (the descriptions the gate
 * builds are plain Java objects that never reach the engine), no network (candidate
 * addresses are IP literals or mDNS names, never looked up), no event. Safe on any
 * thread, at any time, as often as wanted.
 */
public final class WarmUp {

	private static final String[] DESCRIPTIONS = { "webrtc-java-datachannel-offer", "webrtc-java-datachannel-answer",
			"chromium-audio-video-offer", "firefox-datachannel-offer" };

	private static final String[] CANDIDATES = { "chromium-datachannel-candidates", "firefox-datachannel-candidates" };

	/** Candidates with IP literals, as a server's own gathering produces them. */
	private static final String[] HOST_CANDIDATES = {
			"candidate:1510613869 1 udp 2122260223 127.0.0.1 50001 typ host generation 0 ufrag XsyB network-id 1",
			"candidate:3322296297 1 udp 2122129151 192.0.2.10 50002 typ host generation 0 ufrag XsyB network-id 2",
			"candidate:2999745851 1 udp 2122197247 ::1 50003 typ host generation 0 ufrag XsyB network-id 3",
			"candidate:842163049 1 udp 1686052607 203.0.113.7 61000 typ srflx raddr 192.0.2.10 rport 50002"
					+ " generation 0 ufrag XsyB network-id 2" };

	private final List<SessionDescription> descriptions = new ArrayList<>();

	private final List<String> descriptionJson = new ArrayList<>();

	private final List<IceCandidate> candidates = new ArrayList<>();

	private final List<String> candidateJson = new ArrayList<>();

	private long sink;

	private WarmUp() {
		for (String name : DESCRIPTIONS) {
			String json = read(name);
			this.descriptionJson.add(json);
			this.descriptions.add(SessionDescription.fromJson(json));
		}
		for (String name : CANDIDATES) {
			for (JsonNode node : SpecterJson.mapper().readTree(read(name))) {
				String json = node.toString();
				IceCandidate candidate = IceCandidate.fromJson(json);
				if (!candidate.isEndOfCandidates()) {
					this.candidateJson.add(json);
					this.candidates.add(candidate);
				}
			}
		}
		for (String line : HOST_CANDIDATES) {
			IceCandidate candidate = new IceCandidate(line, "0", 0, CandidateLine.usernameFragment(line));
			this.candidateJson.add(candidate.toJson());
			this.candidates.add(candidate);
		}
	}

	/**
	 * Runs the connection path's Java code on canned input.
	 * @param rounds how many times each description and candidate goes through it (a few
	 * thousand make the JIT compile the grammars)
	 * @return what it cost
	 */
	public static Result run(int rounds) {
		return run(rounds, () -> false);
	}

	/**
	 * Runs the connection path's Java code on canned input until done or cancelled.
	 * @param rounds how many times each description and candidate goes through it
	 * @param cancelled asked before each round; {@code true} stops the warm-up
	 * @return what it cost, with the rounds actually run
	 */
	public static Result run(int rounds, BooleanSupplier cancelled) {
		ThreadMXBean threads = ManagementFactory.getThreadMXBean();
		boolean cpuTime = threads.isCurrentThreadCpuTimeSupported();
		long cpu0 = cpuTime ? threads.getCurrentThreadCpuTime() : 0;
		long t0 = System.nanoTime();
		WarmUp warmUp = new WarmUp();
		int done = 0;
		while (done < rounds && !cancelled.getAsBoolean()) {
			warmUp.round(done++);
		}
		long cpu = cpuTime ? threads.getCurrentThreadCpuTime() - cpu0 : -1;
		return new Result(done, System.nanoTime() - t0, cpu, warmUp.sink);
	}

	private void round(int round) {
		for (int i = 0; i < this.descriptions.size(); i++) {
			SessionDescription description = this.descriptions.get(i);
			// What a remote description goes through before it reaches the engine, and
			// what a local one comes back as.
			String ufrags = RemoteOfferAdmission.iceUfragsOf(description);
			NativeInput.Description checked = NativeInput.description(description,
					((round & 1) == 0) ? NativeInput.Origin.REMOTE : NativeInput.Origin.LOCAL);
			SessionDescription back = Conversions.fromNative(checked.value());
			this.sink += checked.summary().mediaSections() + back.sdp().length()
					+ ((ufrags != null) ? ufrags.length() : 0) + LiveTransceivers.rejectedMids(back.sdp()).size();
			if (round % 8 == 0) {
				// JSON, as signaling carries it; less often: it is Jackson's code, shared
				// with the rest of the application
				this.sink += SessionDescription.fromJson(this.descriptionJson.get(i)).toJson().length();
			}
		}
		for (int i = 0; i < this.candidates.size(); i++) {
			IceCandidate candidate = this.candidates.get(i);
			NativeInput.checkCandidate(candidate);
			// As a gathered candidate comes back from the engine (Conversions.fromNative)
			String line = candidate.candidate();
			String fragment = CandidateLine.usernameFragment(line);
			this.sink += ((fragment != null) ? fragment.length() : 0)
					+ ((CandidateLine.ipAddress(line) != null) ? 1 : 0) + CandidateLine.port(line);
			if (round % 8 == 0) {
				this.sink += IceCandidate.fromJson(this.candidateJson.get(i)).toJson().length();
			}
		}
	}

	private static String read(String name) {
		String path = "warm-up/" + name + ".json";
		try (InputStream in = WarmUp.class.getResourceAsStream(path)) {
			if (in == null) {
				throw new IllegalStateException("Missing resource " + path + " next to " + WarmUp.class.getName());
			}
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * What a warm-up cost.
	 *
	 * @param rounds the rounds run
	 * @param elapsedNanos wall-clock time
	 * @param cpuNanos the running thread's CPU time, {@code -1} where the JVM does not
	 * measure it (the JIT's compilation runs on its own threads and is not counted)
	 * @param checksum a value computed from the results, so that the JIT cannot drop the
	 * work
	 */
	public record Result(int rounds, long elapsedNanos, long cpuNanos, long checksum) {
	}

}
