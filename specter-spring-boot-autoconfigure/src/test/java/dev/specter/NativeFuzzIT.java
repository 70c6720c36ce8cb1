package dev.specter;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.specter.fuzz.FuzzCampaign;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The fuzzer that survives what it finds: {@link FuzzCampaign} runs the target in a child
 * JVM, so a native crash becomes a failure of this test with the input saved under
 * {@code target/fuzz-crashes/}, not a lost build. Inputs are structure-aware mutations of
 * the captured SDPs and candidates (src/test/resources/sdp-corpus) with format
 * specifiers, overlong lines, control bytes, NULs, unpaired surrogates, invalid UTF-8 and
 * numeric extremes, across every public method that takes text or JSON and the inbound
 * STOMP signaling.
 * <p>
 * The normal build runs 50,000 inputs (about 1 minute here);
 * {@code -Dspecter.fuzz.inputs=1000000} (and {@code -Dspecter.fuzz.seed}) runs more.
 */
class NativeFuzzIT {

	private static final long INPUTS = Long.getLong("specter.fuzz.inputs", 50_000);

	private static final int BATCH = Integer.getInteger("specter.fuzz.batch", 2000);

	private static final long SEED = Long.getLong("specter.fuzz.seed", 20261203L);

	private static final Path CORPUS = Path.of("src/test/resources/sdp-corpus");

	@Test
	void noInputCrashesTheJvmOrEscapesTheDocumentedErrors() throws Exception {
		FuzzCampaign.Result result = new FuzzCampaign(SEED, CORPUS, -1, Path.of("target")).run(INPUTS, BATCH);
		System.out.println("Native fuzz: " + result.inputs() + " inputs in " + result.time().toSeconds() + " s, seed "
				+ SEED + ", crashes " + result.crashes().size() + ", escapes " + result.escapes().size()
				+ ", child JVMs " + result.children() + ", notes " + result.notes().size() + " "
				+ result.notes().stream().filter((n) -> !n.startsWith("N -1 ")).limit(3).toList() + "\n  "
				+ result.notes().stream().filter((n) -> n.startsWith("N -1 ")).toList() + "\n  baseline "
				+ result.base() + "\n  at end   " + result.end());
		assertThat(result.crashes()).as("crashed inputs (saved)").isEmpty();
		assertThat(result.escapes()).as("exceptions outside the documented types").isEmpty();
		// the inputs reach the engine: real and lightly mutated descriptions and
		// candidates are applied
		String outcomes = result.notes().stream().filter((n) -> n.startsWith("N -1 outcomes")).findFirst().orElse("");
		assertThat(outcomes).containsPattern("SET_REMOTE ok=[1-9]")
			.containsPattern("CANDIDATE ok=[1-9]")
			.containsPattern("SET_REMOTE REJECTED=[1-9]");
		Map<String, Long> base = counts(result.base());
		Map<String, Long> end = counts(result.end());
		assertThat(end.get("connections")).isEqualTo(base.get("connections"));
		assertThat(end.get("channels")).isEqualTo(base.get("channels"));
		assertThat(end.get("tracks")).isEqualTo(base.get("tracks"));
		assertThat(end.get("specters")).isEqualTo(base.get("specters"));
		// libwebrtc keeps a few threads per network change and pool; thousands of inputs
		// must not add up
		assertThat(end.get("osThreads")).isLessThanOrEqualTo(base.get("osThreads") + 16);
		assertThat(end.get("javaThreads")).isLessThanOrEqualTo(base.get("javaThreads") + 16);
	}

	/**
	 * The harness catches a crash: input 25 is the known crash of issue 14, handed to
	 * webrtc-java past the guard (a test-only input). The child dies, the input is saved,
	 * and a new child runs the rest.
	 */
	@Test
	void aNativeCrashIsReportedWithItsInputAndTheRunGoesOn() throws Exception {
		Path out = Files.createDirectories(Path.of("target", "fuzz-harness-check"));
		FuzzCampaign.Result result = new FuzzCampaign(7L, CORPUS, 25, out).run(60, 20);
		assertThat(result.crashes()).hasSize(1);
		Path crash = result.crashes().get(0);
		assertThat(crash.getFileName().toString()).isEqualTo("crash-seed7-input25.txt");
		String saved = Files.readString(crash);
		assertThat(saved).contains("RAW_SET_REMOTE").contains("a=sctp-port:%n%n%n%n");
		assertThat(saved).containsPattern("child JVM exit code [1-9]");
		assertThat(result.children()).isEqualTo(2);
		assertThat(result.end()).isNotNull();
		System.out.println("Harness check: " + saved);
	}

	private static Map<String, Long> counts(String line) {
		assertThat(line).isNotNull();
		Map<String, Long> counts = new LinkedHashMap<>();
		for (String pair : line.split(" ")) {
			String[] parts = pair.split("=");
			counts.put(parts[0], Long.parseLong(parts[1]));
		}
		return counts;
	}

}
