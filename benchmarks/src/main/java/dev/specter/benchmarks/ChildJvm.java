package dev.specter.benchmarks;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs a main class of this module in a child JVM (this JVM's {@code java} and class
 * path, the {@code specter.bench.*} system properties passed on), echoes its output and
 * keeps its table lines (those starting with {@code |}); a child that outlives its
 * timeout is killed with its own children (worker processes included).
 */
final class ChildJvm {

	private ChildJvm() {
	}

	static List<String> run(Class<?> main, List<String> jvmOptions, List<String> args, long timeoutSeconds)
			throws IOException, InterruptedException {
		List<String> command = new ArrayList<>();
		command.add(ProcessHandle.current().info().command().orElse("java"));
		command.addAll(jvmOptions);
		System.getProperties()
			.stringPropertyNames()
			.stream()
			.filter((name) -> name.startsWith(Settings.PREFIX))
			.sorted()
			.forEach((name) -> command.add("-D" + name + "=" + System.getProperty(name)));
		command.add("-cp");
		command.add(System.getProperty("java.class.path"));
		command.add(main.getName());
		command.addAll(args);
		Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
		List<String> table = new ArrayList<>();
		Thread reader = new Thread(() -> {
			try (BufferedReader lines = new BufferedReader(
					new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
				String line;
				while ((line = lines.readLine()) != null) {
					System.out.println(line);
					System.out.flush();
					if (line.startsWith("|")) {
						synchronized (table) {
							if (line.startsWith("|---") && table.size() >= 2) {
								// a new table: a blank line before its header row
								table.add(table.size() - 1, "");
							}
							table.add(line);
						}
					}
				}
			}
			catch (IOException ex) {
				// the child ended
			}
		}, "child-output");
		reader.start();
		if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
			System.err.println("child " + args + " did not finish in " + timeoutSeconds + " s: killed");
			process.descendants().forEach(ProcessHandle::destroyForcibly);
			process.destroyForcibly();
		}
		reader.join(5000);
		synchronized (table) {
			return List.copyOf(table);
		}
	}

	/** Writes a results file (Markdown), creating its directory. */
	static void write(String file, List<String> lines) throws IOException {
		Path path = Path.of(file);
		if (path.getParent() != null) {
			Files.createDirectories(path.getParent());
		}
		Files.write(path, lines, StandardCharsets.UTF_8);
		System.out.println("Results written to " + path.toAbsolutePath());
	}

	/**
	 * VmRSS in KiB of a process ({@code /proc/PID/status}), or 0 if it is gone.
	 */
	static long rssKib(long pid) {
		try {
			for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
				if (line.startsWith("VmRSS:")) {
					return Long.parseLong(line.substring(6).trim().split("\\s+")[0]);
				}
			}
		}
		catch (IOException | RuntimeException ex) {
			// the process ended meanwhile
		}
		return 0;
	}

}
