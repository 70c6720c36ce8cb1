package dev.specter;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import dev.specter.test.StartupProbe;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A real start-up without a usable {@code libpulse.so.0}: the test hides it from a child
 * JVM (a private mount namespace where an empty file is bind-mounted over it; this needs
 * root, as CI and the development machines run) and expects Boot's failure report to name
 * the Debian package, not a bare {@code UnsatisfiedLinkError}.
 */
class NativeLibraryMissingIT {

	private static final Path LIBPULSE = Path.of("/usr/lib/x86_64-linux-gnu/libpulse.so.0");

	@Test
	void startupFailsNamingTheMissingDebianPackage() throws Exception {
		Path library = LIBPULSE.toRealPath();
		String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
		// the engine mode of this run (the worker-mode pass sets it as a system property)
		String isolation = "-Dspecter.engine.isolation=" + System.getProperty("specter.engine.isolation", "in-process");
		String script = "mount --bind /dev/null '" + library + "' && exec '" + java + "' " + isolation
				+ " -Djava.io.tmpdir=" + Files.createTempDirectory("specter-missing") + " -cp '"
				+ System.getProperty("java.class.path") + "' " + StartupProbe.class.getName();
		Process process = new ProcessBuilder("unshare", "--mount", "sh", "-c", script).redirectErrorStream(true)
			.start();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
		assertThat(process.exitValue()).as(output).isNotZero();
		assertThat(output).as(output)
			.contains("APPLICATION FAILED TO START")
			.contains("libpulse.so.0")
			.contains("Install the Debian package 'libpulse0': apt-get install -y libpulse0")
			.doesNotContain("STARTED AND STOPPED");

		Process control = new ProcessBuilder(java, isolation, "-cp", System.getProperty("java.class.path"),
				StartupProbe.class.getName())
			.redirectErrorStream(true)
			.start();
		String controlOutput = new String(control.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(control.waitFor(60, TimeUnit.SECONDS)).isTrue();
		assertThat(controlOutput).as("the same start-up with the library present").contains("STARTED AND STOPPED");
	}

}
