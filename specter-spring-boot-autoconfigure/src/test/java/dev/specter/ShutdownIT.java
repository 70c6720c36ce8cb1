package dev.specter;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.specter.test.ShutdownProbe;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Closing the Spring context with 100 live connections ends the JVM cleanly (exit code 0,
 * no native crash output) within 10 seconds; a second close is harmless. Runs in a
 * separate JVM so that "the JVM exits" is what is measured.
 */
class ShutdownIT {

	@Test
	void contextCloseWithHundredLiveConnectionsEndsTheJvm() throws Exception {
		String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
		// the engine mode of this run (the worker-mode pass sets it as a system property)
		String isolation = System.getProperty("specter.engine.isolation", "in-process");
		Process process = new ProcessBuilder(java, "-Dspecter.engine.isolation=" + isolation, "-cp",
				System.getProperty("java.class.path"), ShutdownProbe.class.getName(), "50")
			.redirectErrorStream(true)
			.start();
		StringBuilder output = new StringBuilder();
		long liveAt = 0;
		try (BufferedReader reader = new BufferedReader(
				new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
			String line;
			while ((line = reader.readLine()) != null) {
				output.append(line).append('\n');
				if (line.startsWith("LIVE ")) {
					liveAt = System.nanoTime();
				}
			}
		}
		assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
		long exitedAt = System.nanoTime();
		String log = output.toString();
		assertThat(log).as(log).contains("LIVE 100").contains("CLOSED");
		assertThat(process.exitValue()).as(log).isZero();
		double seconds = (exitedAt - liveAt) / 1e9;
		System.out.println("Shutdown with 100 live connections took " + seconds + " s");
		assertThat(seconds).as("seconds from 100 live connections to JVM exit").isLessThan(10);
		for (String crash : List.of("SIGSEGV", "SIGABRT", "hs_err", "fatal error", "Fatal error", "core dumped")) {
			assertThat(log).as(log).doesNotContain(crash);
		}
		assertThat(log).doesNotContain("Exception");
	}

}
