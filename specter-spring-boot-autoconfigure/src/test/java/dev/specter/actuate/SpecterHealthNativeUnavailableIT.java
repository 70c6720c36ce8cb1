package dev.specter.actuate;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The health indicator's real path when the native library is missing: a child JVM runs
 * the test application with this module's test classpath minus webrtc-java's
 * {@code linux-x86_64} classifier jar (the native library), so the real
 * {@code NativeLibrary} check fails the way it does on a machine where the library cannot
 * load.
 */
class SpecterHealthNativeUnavailableIT {

	@Test
	void healthIsDownWhenTheNativeLibraryCannotLoad() throws Exception {
		List<String> classpath = classpath();
		assertThat(classpath).anyMatch((entry) -> entry.contains("webrtc-java") && entry.contains("linux-x86_64"));
		List<String> withoutNative = classpath.stream()
			.filter((entry) -> !(entry.contains("webrtc-java") && entry.contains("linux-x86_64")))
			.toList();
		// the engine mode of this run (the worker-mode pass sets it as a system property)
		String isolation = "-Dspecter.engine.isolation=" + System.getProperty("specter.engine.isolation", "in-process");
		Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
				isolation, "-cp", String.join(File.pathSeparator, withoutNative),
				HealthProbeApplication.class.getName())
			.redirectErrorStream(true)
			.start();
		String output;
		try (InputStream in = process.getInputStream()) {
			output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
		System.out.println(output);
		assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
		assertThat(process.exitValue()).as(output).isZero();
		assertThat(output).contains("endpoint=DOWN", "status=DOWN", "nativeLibrary=unavailable")
			.containsPattern("error=webrtc-java's native library cannot load")
			.doesNotContain("nativeLibrary=loaded");
	}

	/**
	 * This JVM's classpath, expanded from surefire's manifest-only jar if it uses one.
	 */
	private static List<String> classpath() throws IOException {
		List<String> entries = new ArrayList<>();
		for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
			if (entry.endsWith(".jar") && entry.contains("surefire")) {
				try (JarFile jar = new JarFile(entry)) {
					Manifest manifest = jar.getManifest();
					String manifestClasspath = (manifest != null) ? manifest.getMainAttributes().getValue("Class-Path")
							: null;
					if (manifestClasspath != null) {
						URI base = Path.of(entry).toUri();
						for (String relative : manifestClasspath.trim().split("\\s+")) {
							entries.add(Path.of(base.resolve(relative)).toString());
						}
						continue;
					}
				}
			}
			entries.add(entry);
		}
		return entries;
	}

}
