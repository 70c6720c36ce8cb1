package dev.specter.worker;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Reads what a dead worker left: the tail of its output and its crash report. */
final class WorkerReports {

	private static final int TAIL_BYTES = 4096;

	private WorkerReports() {
	}

	/** The last few KiB of a file, or a note that there is none. */
	static String tail(Path file) {
		try {
			byte[] bytes = Files.readAllBytes(file);
			int from = Math.max(0, bytes.length - TAIL_BYTES);
			return new String(bytes, from, bytes.length - from, StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			return "(no output)";
		}
	}

	/** The first KiB of a crash report: the signal, the faulting frame, the thread. */
	static String head(Path file) {
		try {
			byte[] bytes = Files.readAllBytes(file);
			return new String(bytes, 0, Math.min(bytes.length, 2 * TAIL_BYTES), StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			return "(unreadable)";
		}
	}

	/** The JVM crash reports of a worker process ({@code -XX:ErrorFile}). */
	static List<Path> crashReports(Path directory, int number, long pid) {
		Path report = directory.resolve("hs_err_worker-" + number + "_pid" + pid + ".log");
		if (Files.isRegularFile(report)) {
			return List.of(report);
		}
		try (Stream<Path> files = Files.list(directory)) {
			return files.filter((f) -> f.getFileName().toString().startsWith("hs_err_worker-" + number + "_")).toList();
		}
		catch (IOException ex) {
			return List.of();
		}
	}

}
