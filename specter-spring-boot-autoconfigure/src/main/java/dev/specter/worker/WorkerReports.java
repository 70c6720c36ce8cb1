package dev.specter.worker;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** Reads what a dead worker left: the tail of its output and its crash report. */
final class WorkerReports {

	private static final int TAIL_BYTES = 4096;

	/**
	 * Crash reports kept in the workers' directory: a worker crashed again and again (by
	 * one client that found a native fault) must not fill the disk; the head of each is
	 * in the application's log.
	 */
	static final int KEPT_CRASH_REPORTS = 4;

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

	/**
	 * Deletes what an ended worker left that the application's log already holds: its
	 * output file, and the crash reports of the directory beyond the newest
	 * {@link #KEPT_CRASH_REPORTS}.
	 */
	static void prune(Path directory, int number) {
		try {
			Files.deleteIfExists(directory.resolve("worker-" + number + ".log"));
			List<Path> reports;
			try (Stream<Path> files = Files.list(directory)) {
				reports = files.filter((f) -> f.getFileName().toString().startsWith("hs_err_worker-"))
					.sorted(Comparator.comparingLong(WorkerReports::modified).reversed())
					.toList();
			}
			for (Path report : reports.subList(Math.min(reports.size(), KEPT_CRASH_REPORTS), reports.size())) {
				Files.deleteIfExists(report);
			}
		}
		catch (IOException ex) {
			// what is left is deleted with the directory
		}
	}

	private static long modified(Path file) {
		try {
			return Files.getLastModifiedTime(file).toMillis();
		}
		catch (IOException ex) {
			return 0;
		}
	}

}
