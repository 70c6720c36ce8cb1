package dev.specter;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.specter.hostile.HostileProbes;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An attacker's ordinary calls in unusual states and orders (closed connections, rejected
 * or stopped sections, munged local descriptions, odd candidates and channel options,
 * calls racing close), run by {@link HostileProbes} in a child JVM so that a native crash
 * fails this test with the probe's name and an {@code hs_err} file instead of ending the
 * build. Each probe's outcome is asserted: {@code ok} or the typed error's code.
 */
class HostileApiIT {

	@Test
	void everyProbeEndsWithItsTypedOutcome() throws Exception {
		Map<String, String> outcomes = runChild();
		System.out.println("Hostile probes: " + outcomes);
		Map<String, String> expected = expected();
		assertThat(outcomes).containsAllEntriesOf(expected);
		assertThat(outcomes.keySet()).containsExactlyInAnyOrderElementsOf(expected.keySet());
	}

	static Map<String, String> expected() {
		Map<String, String> expected = new LinkedHashMap<>();
		put(expected, "closed.createOffer", "NOT_FOUND", "closed.setRemote", "NOT_FOUND", "closed.addIceCandidate",
				"NOT_FOUND", "closed.restartIce", "NOT_FOUND", "closed.createDataChannel", "NOT_FOUND",
				"closed.sendText", "NOT_FOUND", "closed.getStats", "NOT_FOUND", "closed.addTrack", "NOT_FOUND",
				"closed.addTransceiver", "NOT_FOUND", "closed.transceivers", "NOT_FOUND", "closed.peerSideGetStats",
				"ok");
		put(expected, "candidate.beforeRemote", "TIMEOUT", "candidate.negativeIndex", "INVALID_ARGUMENT",
				"candidate.indexMax", "INVALID_ARGUMENT", "candidate.indexMin", "INVALID_ARGUMENT",
				"candidate.noMidNoIndex", "INVALID_ARGUMENT", "candidate.unknownUfrag", "ok", "candidate.restartStorm",
				"ok");
		put(expected, "local.answerInStable", "REJECTED", "local.changedMid", "REJECTED", "local.changedUfrag", "ok",
				"local.portZero", "ok", "local.noSections", "REJECTED", "local.percent", "REJECTED", "local.stillWorks",
				"ok", "local.rollbackInStable", "ok", "local.prAnswer", "REJECTED");
		put(expected, "channel.nulLabel", "INVALID_ARGUMENT", "channel.surrogateLabel", "INVALID_ARGUMENT",
				"channel.label64k", "LIMIT_EXCEEDED", "channel.percentLabel", "ok", "channel.surrogateProtocol",
				"INVALID_ARGUMENT", "channel.protocol64k", "ok", "channel.id1023", "ok", "channel.id1023again",
				"INVALID_ARGUMENT", "channel.id1024", "INVALID_ARGUMENT", "channel.idNegative", "INVALID_ARGUMENT",
				"channel.idOfOpenChannel", "INVALID_ARGUMENT", "channel.idOfOpenChannelOnRemote", "INVALID_ARGUMENT",
				"channel.idOfClosingChannel", "INVALID_ARGUMENT", "channel.closeTwice", "ok", "channel.stillWorks",
				"ok");
		put(expected, "remote.changedMid", "REJECTED", "remote.candidateForRenamedMid", "INVALID_ARGUMENT",
				"remote.candidateIndexOne", "INVALID_ARGUMENT", "remote.glare", "REJECTED",
				"remote.rollbackThenStillWorks", "ok");
		put(expected, "media.addTrackTwice", "INVALID_TRACK", "media.removeTrack", "ok", "media.removeTrackTwice",
				"NOT_FOUND", "media.addTrackAfterRemove", "ok", "media.trackStatsUnsent", "ok", "media.playEmptyH264",
				"INVALID_MEDIA", "media.playDirectory", "INVALID_MEDIA", "media.playGarbageWav", "INVALID_TRACK",
				"media.playVideoTrackAsWav", "INVALID_TRACK", "media.playNulPath", "INVALID_ARGUMENT",
				"media.remoteOfferStopsSection", "ok", "media.setDirectionOfStopped", "NOT_FOUND",
				"media.transceiversAfterStop", "ok", "media.answerAfterStop", "ok", "media.setDirectionAfterAnswer",
				"NOT_FOUND", "media.getStatsAfterStop", "ok", "media.setDirectionStopped", "INVALID_ARGUMENT",
				"media.addTransceiverStopped", "INVALID_ARGUMENT", "media.addTransceiverNullKind", "INVALID_ARGUMENT",
				"media.sameTrackIdTwice", "INVALID_ARGUMENT", "media.negotiateSameTrackIdTwice", "REJECTED",
				"media.statsSameTrackIdTwice", "INVALID_TRACK", "media.closeTrackAttached", "ok");
		put(expected, "race.round0", "ok", "race.round1", "ok", "race.round2", "ok", "race.round3", "ok", "race.round4",
				"ok");
		put(expected, "codecs.only-video-rtx", "INVALID_ARGUMENT", "codecs.only-video-red", "INVALID_ARGUMENT",
				"codecs.only-video-ulpfec", "INVALID_ARGUMENT", "codecs.only-audio-CN", "INVALID_ARGUMENT",
				"codecs.only-audio-red", "INVALID_ARGUMENT", "codecs.only-audio-telephone-event", "ok",
				"codecs.only-audio-telephone-event.connection", "ok",
				"codecs.only-audio-telephone-event.addTransceiver", "ok", "codecs.only-audio-telephone-event.addTrack",
				"INVALID_TRACK", "codecs.only-audio-telephone-event.createOffer", "ok",
				"codecs.only-audio-telephone-event.transceivers", "ok", "codecs.only-audio-telephone-event.closeTrack",
				"ok");
		for (int round = 0; round < 3; round++) {
			put(expected, "specterClose.race" + round, "ok", "specterClose.afterClose" + round, "CLOSED",
					"specterClose.newPeerConnectionAfterClose" + round, "CLOSED");
		}
		return expected;
	}

	private static void put(Map<String, String> map, String... pairs) {
		for (int i = 0; i < pairs.length; i += 2) {
			map.put(pairs[i], pairs[i + 1]);
		}
	}

	static Map<String, String> runChild(String... only) throws Exception {
		Path dir = Files.createDirectories(Path.of("target", "hostile-crashes")).toAbsolutePath();
		String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
		List<String> command = new ArrayList<>(
				List.of(java, "-Xmx512m", "-XX:-CreateCoredumpOnCrash", "-XX:ErrorFile=" + dir + "/hs_err_pid%p.log",
						"-cp", System.getProperty("java.class.path"), HostileProbes.class.getName()));
		command.addAll(List.of(only));
		Process process = new ProcessBuilder(command).redirectError(dir.resolve("child-stderr.log").toFile()).start();
		Map<String, String> outcomes = new LinkedHashMap<>();
		String started = null;
		List<String> other = new ArrayList<>();
		try (BufferedReader in = new BufferedReader(
				new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
			String line;
			while ((line = in.readLine()) != null) {
				if (line.startsWith("S ")) {
					started = line.substring(2);
				}
				else if (line.startsWith("R ")) {
					String[] parts = line.split(" ", 3);
					outcomes.put(parts[1], parts[2]);
					started = null;
				}
				else {
					other.add(line);
				}
			}
		}
		assertThat(process.waitFor(5, TimeUnit.MINUTES)).isTrue();
		int exit = process.exitValue();
		assertThat(started).as("probe running when the child JVM died (exit " + exit + ", hs_err in " + dir + ")")
			.isNull();
		assertThat(exit).as("child exit code; outcomes so far " + outcomes + " " + other).isZero();
		assertThat(other).contains("EXIT");
		return outcomes;
	}

}
