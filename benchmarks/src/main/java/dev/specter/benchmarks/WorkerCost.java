package dev.specter.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Phase {@code workers}: what {@code specter.engine.isolation=workers} costs against
 * in-process, both through the starter (a Spring Boot context each, events through
 * {@code @SpecterListener}) in the same JVM and the same run. Each round starts both
 * contexts, then measures set-up, 64 MiB throughput and the round trip with the two modes
 * alternating iteration by iteration; the rows give each round's ratio (workers ÷
 * in-process) as the median over the rounds and its range.
 */
final class WorkerCost {

	private static final int MIB = 1024 * 1024;

	private final Report report;

	WorkerCost(Report report) {
		this.report = report;
	}

	private static void progress(String message) {
		System.err.println("[bench] " + message);
	}

	void run() throws Exception {
		int rounds = Settings.integer("workers.rounds", 3, 1);
		int workers = Settings.integer("workers.count", 2, 2);
		int setupWarmup = Settings.integer("workers.setup.warmup", 300, 30);
		int setupIterations = Settings.integer("workers.setup.iterations", 100, 20);
		int mib = Settings.integer("throughput.mib", 64, 8);
		int runs = Settings.integer("workers.throughput.runs", 3, 1);
		int rttWarmup = Settings.integer("workers.rtt.warmup", 1000, 200);
		int rttIterations = Settings.integer("workers.rtt.iterations", 3000, 300);
		List<double[]> figures = new ArrayList<>();
		for (int round = 0; round < rounds; round++) {
			progress("(workers) round " + (round + 1) + " of " + rounds + ": starting both contexts (" + workers
					+ " workers)");
			try (StarterSide inProcess = new StarterSide("in-process", new String[0]);
					StarterSide isolated = new StarterSide("workers",
							new String[] { "specter.engine.isolation=workers", "specter.engine.workers=" + workers })) {
				// odd rounds start with the other mode
				Side[] sides = (round % 2 == 0) ? new Side[] { isolated, inProcess }
						: new Side[] { inProcess, isolated };
				int w = (round % 2 == 0) ? 0 : 1;
				double[] f = new double[12];
				Samples[] setup = setup(sides, setupWarmup, setupIterations);
				f[0] = setup[w].median() / 1e6;
				f[1] = setup[1 - w].median() / 1e6;
				BenchPair[] pairs = { open(sides[0]), open(sides[1]) };
				try {
					Samples[] rates = throughput(sides, pairs, mib, runs);
					f[2] = rates[w].median() / 1000;
					f[3] = rates[1 - w].median() / 1000;
					Samples[] rtt = new Samples[2];
					double[] switches = roundTrip(sides, pairs, rttWarmup, rttIterations, rtt);
					f[4] = rtt[w].median() / 1e3;
					f[5] = rtt[1 - w].median() / 1e3;
					f[6] = rtt[w].percentile(99) / 1e3;
					f[7] = rtt[1 - w].percentile(99) / 1e3;
					f[8] = switches[w];
					f[9] = switches[1 - w];
				}
				finally {
					for (BenchPair pair : pairs) {
						pair.close();
					}
				}
				progress(String.format(Locale.ROOT,
						"(workers) round %d: set-up %.2f / %.2f ms, %d MiB %.1f / %.1f MB/s, round trip median %.0f / "
								+ "%.0f µs, p99 %.0f / %.0f µs, %.1f / %.1f context switches (workers / in-process)",
						round + 1, f[0], f[1], mib, f[2], f[3], f[4], f[5], f[6], f[7], f[8], f[9]));
				figures.add(f);
			}
		}
		row("Worker mode: set-up, new connection → data channel open, median (ms)", figures, 0, "%.2f", 1.3, true);
		row("Worker mode: throughput, " + mib + " MiB reliable ordered, median of " + runs + " runs (MB/s)", figures, 2,
				"%.1f", 0.9, false);
		row("Worker mode: round trip, 32 B text echoed by a @SpecterListener, median (µs)", figures, 4, "%.0f", 1.5,
				true);
		row("Worker mode: round trip, p99 (µs)", figures, 6, "%.0f", 1.5, true);
		row("Worker mode: voluntary context switches per round trip, the application and its workers (diagnostic)",
				figures, 8, "%.1f", Double.NaN, true);
		this.report.note(String.format(Locale.ROOT,
				"Worker mode rows: \"starter\" = specter.engine.isolation=workers (%d workers, the two connections "
						+ "of a pair on different workers), \"raw\" = the starter in-process, both in this JVM; values "
						+ "are medians over %d rounds, the ratio is the median of the per-round ratios [min–max]. "
						+ "Per round: %d + %d pairs set up, 1 + %d transfers, %d + %d round trips per mode, "
						+ "alternating.",
				workers, rounds, setupWarmup, setupIterations, runs, rttWarmup, rttIterations));
	}

	private void row(String metric, List<double[]> figures, int index, String format, double target, boolean lower) {
		double[] workers = new double[figures.size()];
		double[] inProcess = new double[figures.size()];
		double[] ratios = new double[figures.size()];
		int met = 0;
		for (int i = 0; i < figures.size(); i++) {
			workers[i] = figures.get(i)[index];
			inProcess[i] = figures.get(i)[index + 1];
			ratios[i] = workers[i] / inProcess[i];
			if (!Double.isNaN(target) && (lower ? ratios[i] <= target : ratios[i] >= target)) {
				met++;
			}
		}
		String ratio = BenchmarkMain.fmt("%.2f×", median(ratios)) + ((ratios.length > 1)
				? " [" + BenchmarkMain.fmt("%.2f", min(ratios)) + "–" + BenchmarkMain.fmt("%.2f", max(ratios)) + "]"
				: "");
		if (Double.isNaN(target)) {
			this.report.row(metric, BenchmarkMain.fmt(format, median(workers)),
					BenchmarkMain.fmt(format, median(inProcess)), ratio, "— (diagnostic)", "—");
		}
		else {
			this.report.row(metric, BenchmarkMain.fmt(format, median(workers)),
					BenchmarkMain.fmt(format, median(inProcess)), ratio,
					String.format(Locale.ROOT, "%s %.2f×", lower ? "≤" : "≥", target),
					met + " of " + figures.size() + " rounds");
		}
	}

	private static double median(double[] values) {
		double[] sorted = values.clone();
		java.util.Arrays.sort(sorted);
		int n = sorted.length;
		return (n % 2 == 1) ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
	}

	private static double min(double[] values) {
		return java.util.Arrays.stream(values).min().orElse(Double.NaN);
	}

	private static double max(double[] values) {
		return java.util.Arrays.stream(values).max().orElse(Double.NaN);
	}

	private static BenchPair open(Side side) throws Exception {
		return side.openPair().get(30, TimeUnit.SECONDS);
	}

	private static Samples[] setup(Side[] sides, int warmup, int iterations) throws Exception {
		Samples[] samples = { new Samples(), new Samples() };
		Samples[] switches = { new Samples(), new Samples() };
		@SuppressWarnings("unchecked")
		java.util.Map<String, Long>[] byThread = new java.util.Map[] { new java.util.TreeMap<String, Long>(),
				new java.util.TreeMap<String, Long>() };
		Samples[][] stages = { { new Samples(), new Samples(), new Samples() },
				{ new Samples(), new Samples(), new Samples() } };
		progress("(workers) set-up: " + warmup + " warm-up + " + iterations + " measured pairs per mode");
		for (int i = 0; i < warmup + iterations; i++) {
			for (int k = 0; k < 2; k++) {
				int s = (i + k) % 2;
				java.util.Map<String, Long> threadsBefore = (i >= warmup) ? switchesByThread() : null;
				long switchesBefore = (i >= warmup) ? contextSwitchesWithChildren() : 0;
				BenchPair pair = open(sides[s]);
				if (i >= warmup) {
					switches[s].add(contextSwitchesWithChildren() - switchesBefore);
					java.util.Map<String, Long> total = byThread[s];
					switchesByThread().forEach((name, count) -> total.merge(name,
							count - threadsBefore.getOrDefault(name, count), Long::sum));
					samples[s].add(pair.setupNanos());
					long[] st = pair.setupStages();
					for (int j = 0; j < 3; j++) {
						stages[s][j].add(st[j]);
					}
				}
				pair.close();
				Thread.sleep(20);
			}
		}
		for (int s = 0; s < 2; s++) {
			progress(String.format(Locale.ROOT,
					"(workers)   %s set-up stages (median ms): offer/answer done %.2f, offerer's channel open %.2f, "
							+ "answerer's %.2f; voluntary context switches per pair (the application and its "
							+ "workers), median %.0f",
					sides[s].name(), stages[s][0].median() / 1e6, stages[s][1].median() / 1e6,
					stages[s][2].median() / 1e6, switches[s].median()));
			StringBuilder top = new StringBuilder();
			byThread[s].entrySet()
				.stream()
				.filter((e) -> e.getValue() >= iterations)
				.sorted(java.util.Map.Entry.<String, Long>comparingByValue().reversed())
				.forEach((e) -> top
					.append(String.format(Locale.ROOT, " %s %.1f;", e.getKey(), e.getValue() / (double) iterations)));
			progress("(workers)   " + sides[s].name() + " context switches per pair set-up by thread:" + top);
		}
		return samples;
	}

	private static Samples[] throughput(Side[] sides, BenchPair[] pairs, int mib, int runs) throws Exception {
		byte[] payload = new byte[mib * MIB];
		new Random(42).nextBytes(payload);
		Samples[] rates = { new Samples(), new Samples() };
		for (int run = 0; run <= runs; run++) {
			for (int k = 0; k < 2; k++) {
				int s = (run + k) % 2;
				CompletableFuture<Void> received = pairs[s].expectBulk(payload.length);
				long t0 = System.nanoTime();
				pairs[s].sendBulk(payload);
				received.get(300, TimeUnit.SECONDS);
				double mbps = payload.length / 1e6 / ((System.nanoTime() - t0) / 1e9);
				progress(String.format(Locale.ROOT, "(workers)   %s run %d: %.1f MB/s", sides[s].name(), run, mbps));
				if (run > 0) {
					rates[s].add(Math.round(mbps * 1000));
				}
				Thread.sleep(200);
			}
		}
		return rates;
	}

	/**
	 * Fills {@code samples}; returns the context switches per round trip of each mode.
	 */
	private static double[] roundTrip(Side[] sides, BenchPair[] pairs, int warmup, int iterations, Samples[] samples)
			throws Exception {
		@SuppressWarnings("unchecked")
		CompletableFuture<String>[] replies = new CompletableFuture[2];
		for (int s = 0; s < 2; s++) {
			int side = s;
			samples[s] = new Samples();
			pairs[s].onReply((text) -> {
				CompletableFuture<String> reply = replies[side];
				if (reply != null) {
					reply.complete(text);
				}
			});
		}
		progress("(workers) round trip: " + warmup + " warm-up + " + iterations + " messages per mode");
		for (int i = 0; i < warmup + iterations; i++) {
			for (int k = 0; k < 2; k++) {
				int s = (i + k) % 2;
				String text = String.format(Locale.ROOT, "ping-%026d", i);
				CompletableFuture<String> reply = new CompletableFuture<>();
				replies[s] = reply;
				long t0 = System.nanoTime();
				pairs[s].send(text);
				String echoed = reply.get(10, TimeUnit.SECONDS);
				long elapsed = System.nanoTime() - t0;
				if (!echoed.equals(text)) {
					throw new IllegalStateException("echo mismatch on " + sides[s].name() + ": " + echoed);
				}
				if (i >= warmup) {
					samples[s].add(elapsed);
				}
			}
		}
		double[] switches = new double[2];
		int block = Math.min(2000, iterations);
		for (int s = 0; s < 2; s++) {
			java.util.Map<String, Long> byThreadBefore = switchesByThread();
			long before = contextSwitchesWithChildren();
			for (int i = 0; i < block; i++) {
				CompletableFuture<String> reply = new CompletableFuture<>();
				replies[s] = reply;
				pairs[s].send(String.format(Locale.ROOT, "ctx-%027d", i));
				reply.get(10, TimeUnit.SECONDS);
			}
			switches[s] = (contextSwitchesWithChildren() - before) / (double) block;
			java.util.Map<String, Long> byThread = switchesByThread();
			StringBuilder top = new StringBuilder();
			byThread.entrySet()
				.stream()
				.map((e) -> java.util.Map.entry(e.getKey(), e.getValue() - byThreadBefore.getOrDefault(e.getKey(), 0L)))
				.filter((e) -> e.getValue() >= block / 10)
				.sorted(java.util.Map.Entry.<String, Long>comparingByValue().reversed())
				.forEach((e) -> top
					.append(String.format(Locale.ROOT, " %s %.2f;", e.getKey(), e.getValue() / (double) block)));
			progress("(workers)   " + sides[s].name() + " context switches per round trip by thread:" + top);
		}
		return switches;
	}

	/**
	 * Voluntary context switches of every thread of this process and of its child
	 * processes (the workers; the in-process side's count includes the idle workers of
	 * the other context, which stay parked).
	 */
	static long contextSwitchesWithChildren() {
		long total = Proc.contextSwitches();
		for (ProcessHandle child : ProcessHandle.current().children().toList()) {
			total += contextSwitches(Path.of("/proc/" + child.pid() + "/task"));
		}
		return total;
	}

	/**
	 * Voluntary context switches by process ("app" or the child's pid) and thread name
	 * (digits removed), summed (diagnostic).
	 */
	static java.util.Map<String, Long> switchesByThread() {
		java.util.Map<String, Long> counts = new java.util.TreeMap<>();
		List<String> processes = new ArrayList<>();
		processes.add("self");
		ProcessHandle.current().children().forEach((child) -> processes.add(String.valueOf(child.pid())));
		for (String process : processes) {
			try (var list = Files.list(Path.of("/proc/" + process + "/task"))) {
				for (Path task : (Iterable<Path>) list::iterator) {
					try {
						String name = Files.readString(task.resolve("comm")).trim().replaceAll("[0-9]+", "#");
						for (String line : Files.readAllLines(task.resolve("status"))) {
							if (line.startsWith("voluntary_ctxt_switches:")) {
								counts.merge((process.equals("self") ? "app" : "worker") + "/" + name,
										Long.parseLong(line.substring(line.indexOf(':') + 1).trim()), Long::sum);
							}
						}
					}
					catch (IOException | RuntimeException ex) {
						// the thread ended meanwhile
					}
				}
			}
			catch (IOException ex) {
				// the process ended meanwhile
			}
		}
		return counts;
	}

	private static long contextSwitches(Path tasks) {
		long total = 0;
		try (var list = Files.list(tasks)) {
			for (Path task : (Iterable<Path>) list::iterator) {
				try {
					for (String line : Files.readAllLines(task.resolve("status"))) {
						if (line.startsWith("voluntary_ctxt_switches:")) {
							total += Long.parseLong(line.substring(line.indexOf(':') + 1).trim());
						}
					}
				}
				catch (IOException | RuntimeException ex) {
					// the thread ended meanwhile
				}
			}
		}
		catch (IOException ex) {
			// the process ended meanwhile
		}
		return total;
	}

}
