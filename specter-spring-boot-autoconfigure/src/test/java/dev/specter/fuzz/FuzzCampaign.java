package dev.specter.fuzz;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The parent side of the fuzzer: runs {@link FuzzChild} in a child JVM (same class path,
 * the java of {@code java.home}) and feeds it batches of input indexes over stdin. The
 * child prints the index of every input before it runs it; when the child dies (a native
 * crash: exit code not 0, an {@code hs_err} file), the parent regenerates the interrupted
 * input, saves it (and the {@code hs_err} file) under {@code target/fuzz-crashes/},
 * counts a crash, and starts a new child at the next input: the run goes on.
 */
public final class FuzzCampaign {

	private static final String EOF = "\u0000EOF";

	/**
	 * What a run found.
	 *
	 * @param inputs the inputs run
	 * @param crashes the crashed inputs, saved
	 * @param escapes the escape lines of the children
	 * @param children the child JVMs started
	 * @param base the child's counts after warm-up
	 * @param end the child's counts after closing everything
	 * @param time the duration
	 */
	public record Result(long inputs, List<Path> crashes, List<String> escapes, int children, String base, String end,
			Duration time, List<String> notes) {
	}

	private final long seed;

	private final Path corpus;

	private final long crashAt;

	private final Path out;

	private final FuzzInputs inputs;

	/**
	 * A campaign.
	 * @param seed the seed
	 * @param corpus the corpus directory
	 * @param crashAt the index of the injected, unguarded crash (test of the harness), -1
	 * for none
	 * @param out where crashes, escapes and child logs go (target/)
	 */
	public FuzzCampaign(long seed, Path corpus, long crashAt, Path out) {
		this.seed = seed;
		this.corpus = corpus;
		this.crashAt = crashAt;
		this.out = out;
		this.inputs = new FuzzInputs(seed, corpus, crashAt);
	}

	/**
	 * Runs inputs 0 to {@code total - 1}.
	 * @param total the number of inputs
	 * @param batch the inputs per batch
	 * @return what it found
	 * @throws Exception if the harness itself fails
	 */
	public Result run(long total, int batch) throws Exception {
		long start = System.nanoTime();
		Path crashes = Files.createDirectories(this.out.resolve("fuzz-crashes"));
		Path escapesDir = Files.createDirectories(this.out.resolve("fuzz-escapes"));
		List<Path> crashed = new ArrayList<>();
		Path progress = this.out.resolve("fuzz-progress-seed" + this.seed + ".txt");
		Files.deleteIfExists(progress);
		List<String> escapes = new ArrayList<>();
		List<String> notes = new ArrayList<>();
		String base = null;
		String end = null;
		int children = 0;
		long next = 0;
		Child child = null;
		while (next < total || child != null) {
			if (child == null) {
				child = new Child(children++, crashes);
				String line;
				while ((line = child.line(Duration.ofMinutes(3))) != null && !line.equals("READY")) {
					if (line.startsWith("BASE ")) {
						base = line.substring(5);
					}
				}
				if (line == null) {
					throw new IllegalStateException("the fuzz child did not start; see " + child.log);
				}
			}
			if (next >= total) {
				child.send("END");
				String line;
				while ((line = child.line(Duration.ofMinutes(2))) != null && !line.equals("EXIT")) {
					if (line.startsWith("STATS ")) {
						end = line.substring(6);
					}
					else if (line.startsWith("E ")) {
						escapes.add(line);
					}
					else if (line.startsWith("N ")) {
						notes.add(line);
					}
				}
				child.process.waitFor(60, TimeUnit.SECONDS);
				child.process.destroyForcibly();
				child = null;
				break;
			}
			long to = Math.min(total, next + batch);
			child.send("RUN " + next + " " + to);
			long inFlight = -1;
			String line;
			while ((line = child.line(Duration.ofMinutes(3))) != null) {
				if (line.startsWith("S ")) {
					inFlight = Long.parseLong(line.substring(2));
				}
				else if (line.startsWith("E ")) {
					escapes.add(line);
					saveEscape(escapesDir, line);
				}
				else if (line.startsWith("N ")) {
					notes.add(line);
				}
				else if (line.equals("B " + to)) {
					break;
				}
			}
			if (line == null) {
				// the child died (or hung and was killed) in input inFlight
				child.process.destroyForcibly();
				int exit = child.process.waitFor();
				long culprit = Math.max(inFlight, next);
				crashed.add(saveCrash(crashes, child, culprit, exit));
				child = null;
				next = culprit + 1;
			}
			else {
				next = to;
			}
			Files.writeString(progress,
					String.format("%d of %d inputs in %d s, crashes %d, escapes %d, child JVMs %d%n", next, total,
							Duration.ofNanos(System.nanoTime() - start).toSeconds(), crashed.size(), escapes.size(),
							children),
					StandardOpenOption.CREATE, StandardOpenOption.APPEND);
		}
		return new Result(total, crashed, escapes, children, base, end, Duration.ofNanos(System.nanoTime() - start),
				notes);
	}

	private Path saveCrash(Path crashes, Child child, long index, int exit) throws IOException {
		Path file = crashes.resolve("crash-seed" + this.seed + "-input" + index + ".txt");
		Path hsErr = crashes.resolve("hs_err_pid" + child.process.pid() + ".log");
		StringBuilder text = new StringBuilder("child JVM exit code " + exit + " in\n");
		text.append(this.inputs.generate(index).describe());
		if (Files.exists(hsErr)) {
			Path kept = crashes.resolve("crash-seed" + this.seed + "-input" + index + ".hs_err.log");
			Files.move(hsErr, kept, StandardCopyOption.REPLACE_EXISTING);
			text.append("hs_err: ").append(kept.getFileName()).append('\n');
		}
		text.append("child log: ").append(child.log.getFileName()).append('\n');
		Files.writeString(file, text.toString());
		return file;
	}

	private void saveEscape(Path dir, String line) throws IOException {
		String[] words = line.split(" ", 3);
		long index = Long.parseLong(words[1]);
		StringBuilder text = new StringBuilder(line).append('\n');
		if (index >= 0) {
			text.append(this.inputs.generate(index).describe());
		}
		Files.writeString(dir.resolve("escape-seed" + this.seed + "-input" + index + "-" + System.nanoTime() + ".txt"),
				text.toString());
	}

	private final class Child {

		final Process process;

		final Path log;

		private final Writer stdin;

		private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();

		Child(int number, Path crashes) throws IOException {
			String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
			this.log = FuzzCampaign.this.out.resolve("fuzz-child-" + FuzzCampaign.this.seed + "-" + number + ".log");
			this.process = new ProcessBuilder(java, "-Xmx768m", "-XX:-CreateCoredumpOnCrash",
					"-XX:ErrorFile=" + crashes.toAbsolutePath() + "/hs_err_pid%p.log", "-cp",
					System.getProperty("java.class.path"), FuzzChild.class.getName(),
					Long.toString(FuzzCampaign.this.seed), FuzzCampaign.this.corpus.toAbsolutePath().toString(),
					Long.toString(FuzzCampaign.this.crashAt))
				.redirectError(this.log.toFile())
				.start();
			this.stdin = new OutputStreamWriter(this.process.getOutputStream(), StandardCharsets.UTF_8);
			Thread reader = new Thread(() -> {
				try (BufferedReader in = new BufferedReader(
						new InputStreamReader(this.process.getInputStream(), StandardCharsets.UTF_8))) {
					String line;
					while ((line = in.readLine()) != null) {
						this.lines.add(line);
					}
				}
				catch (IOException ex) {
					// the child is gone
				}
				this.lines.add(EOF);
			}, "fuzz-child-reader-" + number);
			reader.setDaemon(true);
			reader.start();
		}

		void send(String command) throws IOException {
			try {
				this.stdin.write(command + "\n");
				this.stdin.flush();
			}
			catch (IOException ex) {
				// a dead child: the reader reports EOF
			}
		}

		/**
		 * The next line, or {@code null} at EOF or after {@code timeout} of silence (then
		 * the child is killed).
		 */
		String line(Duration timeout) throws InterruptedException {
			String line = this.lines.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
			if (line == null) {
				this.process.destroyForcibly();
				return null;
			}
			return line.equals(EOF) ? null : line;
		}

	}

}
