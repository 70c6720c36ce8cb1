package dev.specter.benchmarks;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * The benchmark's CPU contention, reproducible: a separate process ({@code java -cp …
 * LoadMain N}) whose N threads spin on arithmetic until its standard input closes (the
 * parent stopped it, or died). {@link Load} starts and stops it around a phase; with
 * {@code specter.bench.load.nice} it runs under {@code nice -n}.
 */
public final class LoadMain {

	private LoadMain() {
	}

	public static void main(String[] args) throws Exception {
		int threads = Integer.parseInt(args[0]);
		for (int i = 0; i < threads; i++) {
			Thread thread = new Thread(LoadMain::spin, "load-" + i);
			thread.setDaemon(true);
			thread.start();
		}
		// until the parent closes our stdin (or dies)
		while (System.in.read() >= 0) {
			// nothing to read
		}
		Runtime.getRuntime().halt(0);
	}

	private static volatile long sink;

	private static void spin() {
		long x = System.nanoTime();
		while (true) {
			for (int i = 0; i < 1_000_000; i++) {
				x = x * 6364136223846793005L + 1442695040888963407L;
			}
			sink = x;
		}
	}

	/**
	 * A running load process, stopped by {@link #close()}; {@link #none()} for a quiet
	 * run.
	 */
	static final class Load implements AutoCloseable {

		private final Process process;

		private final int threads;

		private Load(Process process, int threads) {
			this.process = process;
			this.threads = threads;
		}

		static Load none() {
			return new Load(null, 0);
		}

		/** Starts {@code threads} busy threads in a child JVM (none for 0). */
		static Load start(int threads) throws IOException {
			if (threads <= 0) {
				return none();
			}
			List<String> command = new ArrayList<>();
			int nice = Settings.integer("load.nice", 0, 0);
			if (nice != 0) {
				command.add("nice");
				command.add("-n");
				command.add(String.valueOf(nice));
			}
			command.add(ProcessHandle.current().info().command().orElse("java"));
			command.add("-Xmx32m");
			command.add("-XX:TieredStopAtLevel=1");
			command.add("-cp");
			command.add(System.getProperty("java.class.path"));
			command.add(LoadMain.class.getName());
			command.add(String.valueOf(threads));
			Process process = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD)
				.redirectError(ProcessBuilder.Redirect.INHERIT)
				.start();
			return new Load(process, threads);
		}

		int threads() {
			return this.threads;
		}

		String describe() {
			if (this.threads == 0) {
				return "quiet";
			}
			int nice = Settings.integer("load.nice", 0, 0);
			return String.format(Locale.ROOT, "loaded (%d busy threads%s)", this.threads,
					(nice != 0) ? ", nice " + nice : "");
		}

		@Override
		public void close() throws Exception {
			if (this.process == null) {
				return;
			}
			this.process.getOutputStream().close();
			if (!this.process.waitFor(5, TimeUnit.SECONDS)) {
				this.process.destroyForcibly();
				this.process.waitFor(5, TimeUnit.SECONDS);
			}
		}

	}

}
