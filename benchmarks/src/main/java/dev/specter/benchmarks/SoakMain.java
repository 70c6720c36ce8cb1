package dev.specter.benchmarks;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * RSS soak of worker mode against in-process: N connect/close cycles (a connected pair
 * with its data channel open, then both connections closed), each mode in a child JVM of
 * its own, sampling every 500 cycles the RSS of the whole application: the application's
 * JVM plus every JVM it started (its worker processes, found as
 * {@link ProcessHandle#descendants()}), each read from {@code /proc/PID/status}
 * ({@code VmRSS}). The slope (KiB per cycle) is a least-squares fit over the samples of
 * the last half of the run, past the JIT's and the allocators' warm-up.
 * <p>
 * Run on demand, never by the build:
 * {@code java -cp benchmarks/target/specter-benchmarks.jar
 * dev.specter.benchmarks.SoakMain}. Options (system properties):
 * {@code specter.bench.soak.*} {@code cycles} (5000), {@code sample-every} (500),
 * {@code warmup} (100 cycles before the first sample), {@code modes}
 * ({@code in-process,workers}), {@code workers} (2), {@code max-connections-per-worker}
 * (500, so a worker is recycled every 250 cycles), {@code timeout-minutes} (per child,
 * 120); {@code specter.bench.results} (default {@code benchmarks/results-soak.md}). Both
 * the application's JVM and each worker run with a fixed, pre-touched heap
 * ({@code -Xms=-Xmx}, {@code -XX:+AlwaysPreTouch}), so that heap sizing does not move
 * RSS: what is left is native memory, metaspace and code.
 */
public final class SoakMain {

	private SoakMain() {
	}

	public static void main(String[] args) throws Exception {
		if (args.length > 0) {
			child(args[0]);
			return;
		}
		List<String> lines = new ArrayList<>();
		lines.add("# Worker mode RSS soak, " + Instant.now());
		lines.add("");
		int cycles = Settings.integer("soak.cycles", 5000, 500);
		lines.add(String.format(Locale.ROOT,
				"%d connect/close cycles per mode, samples every %d; workers: %d, recycled after %d connections; "
						+ "app JVM -Xms256m -Xmx256m, workers -Xms128m -Xmx128m, both -XX:+AlwaysPreTouch.",
				cycles, Settings.integer("soak.sample-every", 500, 100), Settings.integer("soak.workers", 2, 2),
				Settings.integer("soak.max-connections-per-worker", 500, 100)));
		lines.add("");
		for (String mode : Settings.string("soak.modes", "in-process,workers").split(",")) {
			lines.add("## " + mode.trim());
			lines.add("");
			lines.addAll(ChildJvm.run(SoakMain.class, List.of("-Xms256m", "-Xmx256m", "-XX:+AlwaysPreTouch"),
					List.of(mode.trim()),
					TimeUnit.MINUTES.toSeconds(Settings.integer("soak.timeout-minutes", 120, 20))));
			lines.add("");
		}
		ChildJvm.write(Settings.string("results", "benchmarks/results-soak.md"), lines);
		System.exit(0);
	}

	private static void child(String mode) throws Exception {
		int cycles = Settings.integer("soak.cycles", 5000, 500);
		int every = Settings.integer("soak.sample-every", 500, 100);
		int fitEvery = Settings.integer("soak.fit-every", 100, 20);
		int warmup = Settings.integer("soak.warmup", 100, 20);
		List<String> properties = new ArrayList<>();
		if (mode.equals("workers")) {
			properties.add("specter.engine.isolation=workers");
			properties.add("specter.engine.workers=" + Settings.integer("soak.workers", 2, 2));
			properties.add("specter.engine.max-connections-per-worker="
					+ Settings.integer("soak.max-connections-per-worker", 500, 100));
			properties.add("specter.engine.worker-jvm-options=-Xms128m,-Xmx128m,-XX:+AlwaysPreTouch");
		}
		else if (!mode.equals("in-process")) {
			throw new IllegalArgumentException("unknown mode " + mode);
		}
		StarterSide side = new StarterSide(properties.toArray(String[]::new));
		int failures = 0;
		for (int i = 0; i < warmup; i++) {
			failures += cycle(side);
		}
		System.out.println(
				"| cycles | elapsed (s) | app JVM RSS (MiB) | worker JVMs | workers' RSS (MiB) | total RSS (MiB) |");
		System.out.println("|---:|---:|---:|---:|---:|---:|");
		List<long[]> samples = new ArrayList<>();
		long t0 = System.nanoTime();
		for (int done = 0;; done++) {
			boolean row = done % every == 0 || done == cycles;
			if (row || done % fitEvery == 0) {
				// let the closes of the last cycles (and a recycled worker's exit) finish
				Thread.sleep(250);
				long app = Proc.rssKib();
				List<ProcessHandle> children = ProcessHandle.current().descendants().toList();
				long workers = children.stream().mapToLong((child) -> ChildJvm.rssKib(child.pid())).sum();
				samples.add(new long[] { done, app + workers, app });
			}
			if (row) {
				long app = samples.get(samples.size() - 1)[2];
				long total = samples.get(samples.size() - 1)[1];
				long workers = total - app;
				long children = ProcessHandle.current().descendants().count();
				System.out.printf(Locale.ROOT, "| %d | %.0f | %.1f | %d | %.1f | %.1f |%n", done,
						(System.nanoTime() - t0) / 1e9, app / 1024.0, children, workers / 1024.0, total / 1024.0);
				System.out.flush();
			}
			if (done == cycles) {
				break;
			}
			failures += cycle(side);
			if (failures > 20) {
				throw new IllegalStateException("more than 20 cycles failed");
			}
		}
		long[] envelope = range(samples, cycles / 2);
		System.out.println();
		List<long[]> rows = samples.stream().filter((sample) -> sample[0] % every == 0 || sample[0] == cycles).toList();
		System.out.println("| slope | KiB/cycle |");
		System.out.println("|---|---:|");
		System.out.printf(Locale.ROOT, "| total, last half, rows above (every %d cycles) | %.1f |%n", every,
				slope(rows, cycles / 2, 1));
		System.out.printf(Locale.ROOT, "| app JVM, last half, rows above | %.1f |%n", slope(rows, cycles / 2, 2));
		System.out.printf(Locale.ROOT, "| total, last half, every %d cycles | %.1f |%n", fitEvery,
				slope(samples, cycles / 2, 1));
		System.out.printf(Locale.ROOT, "| app JVM, last half, every %d cycles | %.1f |%n", fitEvery,
				slope(samples, cycles / 2, 2));
		System.out.printf(Locale.ROOT, "| total, whole run, every %d cycles | %.1f |%n", fitEvery,
				slope(samples, 0, 1));
		System.out.printf(Locale.ROOT,
				"| total RSS range over the last half (MiB) | %.1f - %.1f |%n| failed cycles | %d |%n"
						+ "| time per cycle (ms) | %.1f |%n",
				envelope[0] / 1024.0, envelope[1] / 1024.0, failures, (System.nanoTime() - t0) / 1e6 / cycles);
		System.out.flush();
		Thread closer = new Thread(side::close);
		closer.setDaemon(true);
		closer.start();
		closer.join(30_000);
		Runtime.getRuntime().halt(0);
	}

	/** Lowest and highest total of the samples from a cycle on. */
	private static long[] range(List<long[]> samples, long from) {
		var stats = samples.stream()
			.filter((sample) -> sample[0] >= from)
			.mapToLong((sample) -> sample[1])
			.summaryStatistics();
		return new long[] { stats.getMin(), stats.getMax() };
	}

	/** One connect/close cycle; 1 if it failed. */
	private static int cycle(StarterSide side) {
		try {
			side.openPair().orTimeout(30, TimeUnit.SECONDS).get().close();
			return 0;
		}
		catch (Exception ex) {
			System.err.println("cycle failed: " + ex);
			return 1;
		}
	}

	/**
	 * Least-squares slope of column {@code column} over cycles from {@code from}, per
	 * cycle.
	 */
	static double slope(List<long[]> samples, long from, int column) {
		double n = 0;
		double sx = 0;
		double sy = 0;
		double sxx = 0;
		double sxy = 0;
		for (long[] sample : samples) {
			if (sample[0] >= from) {
				n++;
				sx += sample[0];
				sy += sample[column];
				sxx += (double) sample[0] * sample[0];
				sxy += (double) sample[0] * sample[column];
			}
		}
		double denominator = n * sxx - sx * sx;
		return (n < 2 || denominator == 0) ? Double.NaN : (n * sxy - sx * sy) / denominator;
	}

}
