package dev.specter.benchmarks;

import java.io.FileInputStream;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs every measurement, starter and raw webrtc-java in the same run, and prints the
 * table (also written to {@code results.md}). See the module's README for what each row
 * means.
 */
public final class BenchmarkMain {

	private static final int MIB = 1024 * 1024;

	private final Report report;

	/**
	 * Rounds of the child phases (scale, burst) inside one run of the phases: the run's
	 * own setting when every phase runs once, 1 when the rounds interleave quiet and
	 * loaded runs of every phase.
	 */
	private final int childRounds;

	private BenchmarkMain(Report report, int childRounds) {
		this.report = report;
		this.childRounds = childRounds;
	}

	public static void main(String[] args) throws Exception {
		long start = System.nanoTime();
		List<String> conditions = conditions();
		int rounds = Settings.integer("rounds", 3, 1);
		Report summary = new Report();
		String markdown;
		if (conditions.size() == 1 && conditions.get(0).equals("quiet")) {
			BenchmarkMain main = new BenchmarkMain(summary, rounds);
			main.report.note("Parameters: " + main.parameters());
			main.connectionAndChildPhases();
			main.onceOnlyPhases();
			main.report.note(String.format(Locale.ROOT, "Total run time: %.0f s.", (System.nanoTime() - start) / 1e9));
			markdown = main.report.markdown(environment());
		}
		else {
			markdown = contention(conditions, rounds, start);
		}
		System.out.println();
		System.out.println(markdown);
		Path results = Path.of(Settings.string("results",
				Files.isDirectory(Path.of("benchmarks")) ? "benchmarks/results.md" : "results.md"));
		Files.writeString(results, markdown);
		System.out.println("Written to " + results.toAbsolutePath());
		// webrtc-java's native threads are not daemons; every factory was disposed, but
		// be sure.
		System.exit(0);
	}

	/**
	 * {@code specter.bench.conditions}: {@code quiet}, {@code loaded}, or both (the
	 * default): each round then runs every phase quiet and under load, in an order that
	 * alternates from round to round.
	 */
	private static List<String> conditions() {
		List<String> conditions = new ArrayList<>();
		for (String condition : Settings.string("conditions", "quiet,loaded").split(",")) {
			String name = condition.trim().toLowerCase(Locale.ROOT);
			if (!name.equals("quiet") && !name.equals("loaded")) {
				throw new IllegalArgumentException("specter.bench.conditions: quiet and/or loaded, got " + condition);
			}
			conditions.add(name);
		}
		return conditions;
	}

	private static int loadThreads() {
		return Settings.integer("load.threads", 4, 4);
	}

	/**
	 * Every round runs the connection and child phases once per condition (quiet, then
	 * under the load process, or the other way round in odd rounds); the summary gives,
	 * per row, the ratio to raw in each condition as the range over rounds.
	 */
	private static String contention(List<String> conditions, int rounds, long start) throws Exception {
		List<List<Report>> byCondition = new ArrayList<>();
		for (int c = 0; c < conditions.size(); c++) {
			byCondition.add(new ArrayList<>());
		}
		StringBuilder sections = new StringBuilder();
		String parameters = null;
		for (int round = 0; round < rounds; round++) {
			for (int k = 0; k < conditions.size(); k++) {
				int c = (round % 2 == 0) ? k : conditions.size() - 1 - k;
				boolean loaded = conditions.get(c).equals("loaded");
				Report report = new Report();
				BenchmarkMain main = new BenchmarkMain(report, 1);
				parameters = main.parameters();
				try (LoadMain.Load load = loaded ? LoadMain.Load.start(loadThreads()) : LoadMain.Load.none()) {
					progress("round " + (round + 1) + " of " + rounds + ", " + load.describe());
					if (loaded) {
						Thread.sleep(1000);
					}
					double load0 = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
					main.connectionAndChildPhases();
					report.note(String.format(Locale.ROOT, "Load average (1 min) at start / end: %.1f / %.1f.", load0,
							ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage()));
					sections.append("\n## Round ")
						.append(round + 1)
						.append(", ")
						.append(load.describe())
						.append("\n\n")
						.append(report.body());
				}
				byCondition.get(c).add(report);
			}
		}
		Report once = new Report();
		BenchmarkMain main = new BenchmarkMain(once, 1);
		main.onceOnlyPhases();
		StringBuilder out = new StringBuilder();
		out.append("# Specter benchmarks: starter vs raw webrtc-java, quiet and under load\n\n");
		out.append("Run: ").append(environment()).append("\n\n");
		out.append(String.format(Locale.ROOT,
				"%d interleaved rounds; each runs every phase quiet and loaded (%d busy threads in a separate "
						+ "process, `LoadMain`, nice %d), in alternating order. Ratios are starter ÷ raw within "
						+ "the same run; a cell gives the median ratio over the rounds and [min–max]; \"met\" counts "
						+ "the rounds that met the target. Parameters: %s.%n%n",
				rounds, loadThreads(), Settings.integer("load.nice", 0, 0), parameters));
		out.append(Report.summary(conditions, byCondition));
		if (!once.body().isBlank()) {
			out.append("\n## Quiet only (once)\n\n").append(once.body());
		}
		out.append(sections);
		out.append(String.format(Locale.ROOT, "%nTotal run time: %.0f s.%n", (System.nanoTime() - start) / 1e9));
		return out.toString();
	}

	private void connectionAndChildPhases() throws Exception {
		if (Settings.phase("setup") || Settings.phase("throughput") || Settings.phase("rtt")) {
			connectionPhases();
		}
		if (Settings.phase("scale")) {
			scalePhase();
		}
		if (Settings.phase("burst")) {
			burstPhase();
		}
	}

	private void onceOnlyPhases() throws Exception {
		if (Settings.phase("dispatch")) {
			dispatchPhase();
		}
		if (Settings.phase("stomp")) {
			stompPhase();
		}
		if (Settings.phase("workers")) {
			new WorkerCost(this.report).run();
		}
	}

	private String parameters() {
		return String.format(Locale.ROOT,
				"set-up %d warm-up + %d measured pairs per side; throughput %d MiB x (1 warm-up + %d) runs per side; "
						+ "round trip %d warm-up + %d measured per side; JMH %d x 1 s warm-up, %d x 1 s measurement, 1 fork; "
						+ "scale cap %d pairs in steps of %d after %d warm-up pairs, %d s hold per step; burst %d pairs",
				setupWarmup(), setupIterations(), payloadMib(), throughputRuns(), rttWarmup(), rttIterations(),
				Settings.integer("jmh.warmup", 3, 1), Settings.integer("jmh.iterations", 5, 2),
				Settings.integer("scale.max", 500, 100), Settings.integer("scale.step", 100, 50),
				Settings.integer("scale.warmup", 300, 5), Settings.integer("scale.hold-seconds", 5, 2),
				Settings.integer("burst.pairs", 500, 100));
	}

	private static int setupWarmup() {
		return Settings.integer("setup.warmup", 1000, 3);
	}

	private static int setupIterations() {
		return Settings.integer("setup.iterations", 100, 10);
	}

	private static int payloadMib() {
		return Settings.integer("throughput.mib", 64, 64);
	}

	private static int throughputRuns() {
		return Settings.integer("throughput.runs", 5, 1);
	}

	private static int rttWarmup() {
		return Settings.integer("rtt.warmup", 1000, 100);
	}

	private static int rttIterations() {
		return Settings.integer("rtt.iterations", 5000, 300);
	}

	private static void progress(String message) {
		System.err.println("[bench] " + message);
	}

	// ---- (1) set-up, (2) throughput and round trip: both sides in this JVM, interleaved
	// ----

	private void connectionPhases() throws Exception {
		progress("starting the starter's Spring Boot context and the raw factory");
		try (StarterSide starter = new StarterSide();
				RawSide raw = new RawSide(true);
				RawSide rawOffNative = new RawSide(true, true)) {
			Side[] sides = { starter, raw };
			if (Settings.phase("setup")) {
				setup(new Side[] { starter, raw, rawOffNative });
			}
			if (Settings.phase("throughput") || Settings.phase("rtt")) {
				BenchPair[] pairs = { open(starter), open(raw), open(rawOffNative),
						((StarterSide.Pair) open(starter)).inline() };
				try {
					if (Settings.phase("throughput")) {
						throughput(sides, pairs);
					}
					if (Settings.phase("rtt")) {
						roundTrip(new Side[] { starter, raw, rawOffNative, starter }, pairs);
					}
				}
				finally {
					for (BenchPair pair : pairs) {
						pair.close();
					}
				}
			}
			if (starter.droppedEvents() > 0) {
				this.report
					.note("The starter reported " + starter.droppedEvents() + " dropped events during phases 1-2.");
			}
		}
	}

	private static BenchPair open(Side side) throws Exception {
		return side.openPair().get(30, TimeUnit.SECONDS);
	}

	private void setup(Side[] sides) throws Exception {
		int warmup = setupWarmup();
		int iterations = setupIterations();
		int n = sides.length;
		Samples[] samples = new Samples[n];
		Samples[][] stages = new Samples[n][3];
		for (int s = 0; s < n; s++) {
			samples[s] = new Samples();
			stages[s] = new Samples[] { new Samples(), new Samples(), new Samples() };
		}
		// Pairs 101-200 are also recorded: the JIT is still compiling the starter's
		// longer Java paths
		// then (Spring's event multicast among them), which the steady-state rows leave
		// out.
		int earlyFrom = 100;
		int earlyTo = Math.min(200, warmup);
		Samples[] early = new Samples[n];
		Samples[] cpu = new Samples[n];
		for (int s = 0; s < n; s++) {
			early[s] = new Samples();
			cpu[s] = new Samples();
		}
		// CPU time of all threads over one pair's set-up (pairs are set up one at a time,
		// so it is that pair's, plus whatever else the JVM does meanwhile, plus a part of
		// reading /proc, the same for every side).
		java.lang.management.CompilationMXBean jit = java.lang.management.ManagementFactory.getCompilationMXBean();
		long[] jitAt = new long[4];
		progress("(1) set-up: " + warmup + " warm-up + " + iterations + " measured pairs per side, " + n
				+ " sides in rotating order");
		for (int i = 0; i < warmup + iterations; i++) {
			if (i == earlyFrom) {
				jitAt[0] = jit.getTotalCompilationTime();
			}
			if (i == earlyTo) {
				jitAt[1] = jit.getTotalCompilationTime();
			}
			if (i == warmup) {
				jitAt[2] = jit.getTotalCompilationTime();
			}
			for (int k = 0; k < n; k++) {
				int s = (i + k) % n; // rotate which side goes first
				long cpuBefore = Proc.cpuNanos();
				BenchPair pair = open(sides[s]);
				long cpuUsed = Proc.cpuNanos() - cpuBefore;
				if (i >= earlyFrom && i < earlyTo) {
					early[s].add(pair.setupNanos());
				}
				if (i >= warmup) {
					samples[s].add(pair.setupNanos());
					cpu[s].add(cpuUsed);
					long[] st = pair.setupStages();
					for (int j = 0; j < 3; j++) {
						stages[s][j].add(st[j]);
					}
				}
				pair.close();
				Thread.sleep(20);
			}
		}
		jitAt[3] = jit.getTotalCompilationTime();
		this.report.lowerIsBetter("Set-up: new connection → data channel open, median (ms)", samples[0].median() / 1e6,
				samples[1].median() / 1e6, 1.10, "%.2f");
		this.report.lowerIsBetter("Set-up: new connection → data channel open, p95 (ms)",
				samples[0].percentile(95) / 1e6, samples[1].percentile(95) / 1e6, 1.10, "%.2f");
		this.report
			.note(String.format(Locale.ROOT, "Set-up stages (median ms from \"new connection\"): offer/answer done "
					+ "%.2f starter vs %.2f raw; offerer's channel open %.2f vs %.2f; answerer's channel open %.2f vs %.2f.",
					stages[0][0].median() / 1e6, stages[1][0].median() / 1e6, stages[0][1].median() / 1e6,
					stages[1][1].median() / 1e6, stages[0][2].median() / 1e6, stages[1][2].median() / 1e6));
		if (n > 2) {
			this.report.row(
					"Set-up: raw webrtc-java with the starter's rule (user code off the native thread), "
							+ "median (ms); ratio = starter ÷ this (diagnostic)",
					fmt("%.2f", samples[0].median() / 1e6), fmt("%.2f", samples[2].median() / 1e6),
					fmt("%.3f×", samples[0].median() / samples[2].median()), "— (diagnostic)", "—");
			this.report.note(String.format(Locale.ROOT,
					"Set-up stages, offer/answer done (median ms): raw with user code off " + "the native thread %.2f.",
					stages[2][0].median() / 1e6));
		}
		this.report.row("Set-up: CPU time of all threads per pair set up (two connections), median (ms) (diagnostic)",
				fmt("%.3f", cpu[0].median() / 1e6), fmt("%.3f", cpu[1].median() / 1e6),
				fmt("%.3f×", cpu[0].median() / (double) cpu[1].median()), "— (diagnostic)", "—");
		if (earlyTo > earlyFrom) {
			this.report.row(
					"Set-up while the JIT still compiles (pairs " + (earlyFrom + 1) + "-" + earlyTo + "), median (ms)"
							+ ((n > 2) ? "; raw with the rule " + fmt("%.2f", early[2].median() / 1e6) : "")
							+ " (diagnostic)",
					fmt("%.2f", early[0].median() / 1e6), fmt("%.2f", early[1].median() / 1e6),
					fmt("%.3f×", early[0].median() / early[1].median()), "— (diagnostic)", "—");
			this.report.note(String.format(Locale.ROOT,
					"JIT compilation time per pair set up (all sides together): %.2f ms "
							+ "over pairs %d-%d, %.2f ms over the measured pairs %d-%d.",
					(jitAt[1] - jitAt[0]) / (double) ((earlyTo - earlyFrom) * n), earlyFrom + 1, earlyTo,
					(jitAt[3] - jitAt[2]) / (double) (iterations * n), warmup + 1, warmup + iterations));
		}
	}

	private void throughput(Side[] sides, BenchPair[] pairs) throws Exception {
		int runs = throughputRuns();
		byte[] payload = new byte[payloadMib() * MIB];
		new Random(42).nextBytes(payload);
		Samples[] rates = { new Samples(), new Samples() };
		progress("(2) throughput: " + payloadMib() + " MiB, 1 warm-up + " + runs + " runs per side, alternating");
		for (int run = 0; run <= runs; run++) {
			for (int k = 0; k < 2; k++) {
				int s = (run + k) % 2;
				CompletableFuture<Void> received = pairs[s].expectBulk(payload.length);
				long t0 = System.nanoTime();
				pairs[s].sendBulk(payload);
				received.get(300, TimeUnit.SECONDS);
				double seconds = (System.nanoTime() - t0) / 1e9;
				double mbps = payload.length / 1e6 / seconds;
				progress(String.format(Locale.ROOT, "  %s run %d: %.1f MB/s", sides[s].name(), run, mbps));
				if (run > 0) {
					rates[s].add(Math.round(mbps * 1000));
				}
				Thread.sleep(200);
			}
		}
		this.report.higherIsBetter(
				"Throughput: " + payloadMib() + " MiB reliable ordered, median of " + runs + " runs (MB/s)",
				rates[0].median() / 1000, rates[1].median() / 1000, 0.95, "%.1f");
	}

	private void roundTrip(Side[] sides, BenchPair[] pairs) throws Exception {
		int warmup = rttWarmup();
		int iterations = rttIterations();
		int n = sides.length;
		Samples[] samples = new Samples[n];
		for (int s = 0; s < n; s++) {
			samples[s] = new Samples();
		}
		@SuppressWarnings("unchecked")
		CompletableFuture<String>[] replies = new CompletableFuture[n];
		for (int s = 0; s < n; s++) {
			int side = s;
			pairs[s].onReply((text) -> {
				CompletableFuture<String> reply = replies[side];
				if (reply != null) {
					reply.complete(text);
				}
			});
		}
		progress("(2) round trip: " + warmup + " warm-up + " + iterations + " 32-byte messages per side, alternating");
		for (int i = 0; i < warmup + iterations; i++) {
			for (int k = 0; k < n; k++) {
				int s = (i + k) % n;
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
		// Thread hand-offs per round trip, one side at a time: independent of machine
		// load.
		double[] switches = new double[n];
		int block = Math.min(2000, iterations);
		for (int s = 0; s < n; s++) {
			long before = Proc.contextSwitches();
			for (int i = 0; i < block; i++) {
				CompletableFuture<String> reply = new CompletableFuture<>();
				replies[s] = reply;
				pairs[s].send(String.format(Locale.ROOT, "ctx-%027d", i));
				reply.get(10, TimeUnit.SECONDS);
			}
			switches[s] = (Proc.contextSwitches() - before) / (double) block;
		}
		this.report.row("Round trip: voluntary context switches per round trip, all threads (diagnostic)",
				fmt("%.1f", switches[0]), fmt("%.1f", switches[1]), fmt("%.2f×", switches[0] / switches[1]),
				"— (diagnostic)", "—");
		this.report.lowerIsBetter("Round trip: 32 B text echoed by the answerer, median (µs)",
				samples[0].median() / 1e3, samples[1].median() / 1e3, 1.25, "%.0f");
		this.report.lowerIsBetter("Round trip: 32 B text echoed by the answerer, p99 (µs)",
				samples[0].percentile(99) / 1e3, samples[1].percentile(99) / 1e3, 1.25, "%.0f");
		if (n > 2) {
			this.report.row(
					"Round trip: raw webrtc-java with the starter's rule (user code off the native thread), median (µs); "
							+ "ratio = starter ÷ this (diagnostic)",
					fmt("%.0f", samples[0].median() / 1e3), fmt("%.0f", samples[2].median() / 1e3),
					fmt("%.3f×", samples[0].median() / samples[2].median()), "— (diagnostic)", "—");
			this.report
				.note(String.format(Locale.ROOT,
						"Round trip, raw with user code off the native thread: p99 %.0f µs, "
								+ "%.1f context switches per round trip.",
						samples[2].percentile(99) / 1e3, switches[2]));
		}
		if (n > 3) {
			String inline = "Round trip: starter with inline message handlers (Specter.handleMessagesInline: echo and "
					+ "reply on the engine's thread)";
			this.report.lowerIsBetter(inline + ", median (µs)", samples[3].median() / 1e3, samples[1].median() / 1e3,
					1.05, "%.0f");
			this.report.lowerIsBetter(inline + ", p99 (µs)", samples[3].percentile(99) / 1e3,
					samples[1].percentile(99) / 1e3, 1.25, "%.0f");
			this.report.note(String.format(Locale.ROOT,
					"Round trip, starter with inline handlers: %.1f context switches "
							+ "per round trip (starter with @SpecterListener %.1f, raw %.1f).",
					switches[3], switches[0], switches[1]));
		}
	}

	// ---- (3) event dispatch: JMH
	// ----------------------------------------------------------

	private void dispatchPhase() throws Exception {
		progress("(3) event dispatch: JMH (forked JVMs); JMH's own log goes to target/jmh.log");
		int warmup = Settings.integer("jmh.warmup", 3, 1);
		int iterations = Settings.integer("jmh.iterations", 5, 2);
		Path log = Path.of(Files.isDirectory(Path.of("benchmarks/target")) ? "benchmarks/target/jmh.log" : "jmh.log");
		Options options = new OptionsBuilder().include("dev\\.specter\\.webrtc\\.Dispatch.*Benchmark\\..*")
			.forks(1)
			.warmupIterations(warmup)
			.warmupTime(TimeValue.seconds(1))
			.measurementIterations(iterations)
			.measurementTime(TimeValue.seconds(1))
			.shouldFailOnError(true)
			.output(log.toString())
			.build();
		Collection<RunResult> results = new Runner(options).run();
		double starter1 = Double.NaN;
		double raw1 = Double.NaN;
		double starterN = Double.NaN;
		double rawN = Double.NaN;
		double starterP50 = Double.NaN;
		double rawP50 = Double.NaN;
		double starterP99 = Double.NaN;
		double rawP99 = Double.NaN;
		String connections = "8";
		for (RunResult result : results) {
			String benchmark = result.getParams().getBenchmark();
			var primary = result.getPrimaryResult();
			boolean starter = benchmark.endsWith(".starter");
			if (benchmark.contains("DispatchLatencyBenchmark")) {
				double p50 = primary.getStatistics().getPercentile(50);
				double p99 = primary.getStatistics().getPercentile(99);
				if (starter) {
					starterP50 = p50;
					starterP99 = p99;
				}
				else {
					rawP50 = p50;
					rawP99 = p99;
				}
			}
			else {
				String n = result.getParams().getParam("connections");
				boolean one = "1".equals(n);
				if (!one) {
					connections = n;
				}
				double score = primary.getScore();
				if (starter && one) {
					starter1 = score;
				}
				else if (starter) {
					starterN = score;
				}
				else if (one) {
					raw1 = score;
				}
				else {
					rawN = score;
				}
			}
		}
		this.report.row("Event dispatch: native callback → @SpecterListener, 1 connection, ordered (events/s)",
				fmt("%,.0f", starter1), fmt("%,.0f", raw1), fmt("%.3f×", starter1 / raw1), "≥ 200,000 events/s",
				met(starter1 >= 200_000));
		this.report.row("Event dispatch: " + connections + " connections, each ordered (events/s)",
				fmt("%,.0f", starterN), fmt("%,.0f", rawN), fmt("%.3f×", starterN / rawN), "more than 1 connection",
				met(starterN > starter1));
		this.report.row("Event latency, idle connection: callback → listener, median (µs)", fmt("%.2f", starterP50),
				fmt("%.2f", rawP50), fmt("+%.1f µs", starterP50 - rawP50), "— (added latency)", "—");
		this.report.row("Event latency, idle connection: callback → listener, p99 (µs)", fmt("%.2f", starterP99),
				fmt("%.2f", rawP99), fmt("+%.1f µs", starterP99 - rawP99), "— (added latency)", "—");
	}

	// ---- (4) scale and burst: one child JVM per side
	// ---------------------------------------

	/**
	 * Runs the children of one phase in interleaved rounds (the order alternates each
	 * round, so that a drift of this shared machine's speed does not favour one side). On
	 * this VM one child's rates move by 10-25 % from run to run; a single pair of runs
	 * cannot tell a 10 % difference, the median of per-round ratios can.
	 */
	private List<Properties[]> rounds(String mode, String... sides) throws Exception {
		int rounds = this.childRounds;
		List<Properties[]> results = new ArrayList<>();
		for (int round = 0; round < rounds; round++) {
			Properties[] bySide = new Properties[sides.length];
			for (int i = 0; i < sides.length; i++) {
				int index = (round % 2 == 0) ? i : sides.length - 1 - i;
				bySide[index] = child(mode, sides[index]);
			}
			results.add(bySide);
		}
		return results;
	}

	/** The median of one key over the rounds, for side {@code index}. */
	private static double median(List<Properties[]> rounds, int index, String key) {
		return median(rounds.stream().mapToDouble((round) -> num(round[index], key)).toArray());
	}

	/**
	 * The median over the rounds of side {@code a}'s value divided by side {@code b}'s.
	 */
	private static double medianRatio(List<Properties[]> rounds, int a, int b, String key) {
		return median(rounds.stream().mapToDouble((round) -> num(round[a], key) / num(round[b], key)).toArray());
	}

	private static double median(double[] values) {
		double[] sorted = values.clone();
		java.util.Arrays.sort(sorted);
		int n = sorted.length;
		return (n == 0) ? Double.NaN : (n % 2 == 1) ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
	}

	/** "a / b / c" of one key over the rounds, for side {@code index}. */
	private static String perRound(List<Properties[]> rounds, int index, String key) {
		return String.join(" / ", rounds.stream().map((round) -> trim(round[index].getProperty(key), 0)).toList());
	}

	private void scalePhase() throws Exception {
		List<Properties[]> rounds = rounds("scale", "starter", "raw");
		Properties starter = rounds.get(0)[0];
		Properties raw = rounds.get(0)[1];
		int cap = Integer.parseInt(starter.getProperty("cap", raw.getProperty("cap", "0")));
		int s = Integer.parseInt(starter.getProperty("held", "0"));
		int r = Integer.parseInt(raw.getProperty("held", "0"));
		this.report.row(
				"Scale: connected pairs held, 1 msg/s each, with every set-up done, set-up median ≤ "
						+ starter.getProperty("setupLimitMs", "?") + " ms, round-trip p99 ≤ "
						+ starter.getProperty("rttLimitMs", "?") + " ms and ≥ 99 % echoed (cap " + cap + ")",
				heldText(starter), heldText(raw), fmt("%.2f×", (double) s / r), "≥ raw (ref. raw held 2,000)",
				met(s >= r));
		double sHeap = num(starter, "heapPerConnectionBytes") / 1024;
		double rHeap = num(raw, "heapPerConnectionBytes") / 1024;
		this.report.row("Scale: Java heap per connection (KB)", fmt("%.1f", sHeap), fmt("%.1f", rHeap),
				fmt("+%.1f KB", sHeap - rHeap), "—", "—");
		double sRss = num(starter, "rssPerConnectionKib");
		double rRss = num(raw, "rssPerConnectionKib");
		this.report.row("Scale: native RSS per connection (KB)", fmt("%.0f", sRss), fmt("%.0f", rRss),
				fmt("%.2f×", sRss / rRss), "≤ 1.10× raw (ref. ~200 KB)", met(sRss <= 1.10 * rRss));
		this.report.row("Scale: OS threads at the largest step (per added connection)", threadsText(starter),
				threadsText(raw), "—", "constant (≈ 0 per connection)",
				met(num(starter, "threadsPerConnection") < 0.01));
		double sRate = median(rounds, 0, "creationsPerSec");
		double rRate = median(rounds, 1, "creationsPerSec");
		double rateRatio = medianRatio(rounds, 0, 1, "creationsPerSec");
		this.report.row(
				"Scale: connected pairs created per second (16 in flight, median over steps; median of " + rounds.size()
						+ " interleaved rounds, ratio = median of the rounds' ratios)",
				fmt("%.0f", sRate), fmt("%.0f", rRate), fmt("%.2f×", rateRatio), "≥ 0.95× raw", met(rateRatio >= 0.95));
		this.report.note("Scale creations/s per round: starter " + perRound(rounds, 0, "creationsPerSec") + ", raw "
				+ perRound(rounds, 1, "creationsPerSec") + "; held pairs, heap, RSS and threads are from round 1.");
		this.report
			.note("Scale, starter: stopped because " + starter.getProperty("stopReason", starter.getProperty("error"))
					+ "; raw: " + raw.getProperty("stopReason", raw.getProperty("error")) + ".");
		this.report.section("Scale steps", scaleSteps("starter", starter) + "\n" + scaleSteps("raw", raw));
	}

	private void burstPhase() throws Exception {
		List<Properties[]> rounds = rounds("burst", "starter", "raw", "raw-off-native");
		Properties starter = rounds.get(0)[0];
		Properties raw = rounds.get(0)[1];
		Properties offNative = rounds.get(0)[2];
		// No warm-up for raw without its candidate queue: with UDP host candidates only,
		// a pair set
		// up alone sends every candidate before the remote description and never connects
		// (with
		// ICE-TCP, the candidates of the TCP phase came late enough to connect it).
		Properties unqueued = child("burst", "raw-unqueued", "burst.warmup=0");
		int warmup = Settings.integer("burst.warmup", 5, 5);
		String pairs = starter.getProperty("pairs", "?");
		double sRate = median(rounds, 0, "creationsPerSec");
		double rRate = median(rounds, 1, "creationsPerSec");
		double rateRatio = medianRatio(rounds, 0, 1, "creationsPerSec");
		this.report.row(
				"Burst: " + pairs + " pairs started at once, connected pairs per second (median of " + rounds.size()
						+ " interleaved rounds, ratio = median of the rounds' ratios)",
				fmt("%.0f", sRate), fmt("%.0f", rRate), fmt("%.2f×", rateRatio), "— (reference; ref. ~235/s)", "—");
		double oRate = median(rounds, 2, "creationsPerSec");
		double ruleRatio = medianRatio(rounds, 0, 2, "creationsPerSec");
		this.report.row(
				"Burst: connected pairs per second against raw webrtc-java with the starter's rule (user code off "
						+ "the native thread); ratio = starter ÷ this",
				fmt("%.0f", sRate), fmt("%.0f", oRate), fmt("%.2f×", ruleRatio), "≥ 0.90× and 100 % connected",
				met(ruleRatio >= 0.90 && rounds.stream().allMatch((round) -> num(round[0], "unconnected") == 0)));
		this.report.note("Burst pairs/s per round: starter " + perRound(rounds, 0, "creationsPerSec") + ", raw "
				+ perRound(rounds, 1, "creationsPerSec") + ", raw with the rule "
				+ perRound(rounds, 2, "creationsPerSec") + "; CPU per pair (ms): " + perRoundMs(rounds, 0) + ", "
				+ perRoundMs(rounds, 1) + ", " + perRoundMs(rounds, 2)
				+ "; UDP sockets after the burst (round 1): starter " + starter.getProperty("sockets") + ", raw "
				+ raw.getProperty("sockets") + ", raw with the rule " + offNative.getProperty("sockets") + ".");
		this.report.note(burstCost("after " + warmup + " warm-up pairs", starter, raw, offNative));
		this.report.note("Burst, per connected pair, thread group (threads) CPU ms / run-queue wait ms / timeslices "
				+ "(round 1, /proc/self/task/*/schedstat): starter: " + starter.getProperty("schedPerPair") + ". Raw: "
				+ raw.getProperty("schedPerPair") + ". Raw with the rule: " + offNative.getProperty("schedPerPair")
				+ ".");
		// The same burst once the JIT has compiled the set-up path: the starter runs far
		// more Java
		// code (Spring's event multicast among it), which the first bursts pay for in
		// compilation.
		int warmWarmup = Settings.integer("burst.warm-warmup", 200, 50);
		Properties warmStarter = child("burst", "starter", "burst.warmup=" + warmWarmup);
		Properties warmRaw = child("burst", "raw", "burst.warmup=" + warmWarmup);
		Properties warmOffNative = child("burst", "raw-off-native", "burst.warmup=" + warmWarmup);
		double wsRate = num(warmStarter, "creationsPerSec");
		double wrRate = num(warmRaw, "creationsPerSec");
		double woRate = num(warmOffNative, "creationsPerSec");
		this.report.row(
				"Burst after " + warmWarmup + " warm-up pairs (JIT mostly done), connected pairs per second; "
						+ "raw with the rule: " + fmt("%.0f", woRate) + " (diagnostic)",
				fmt("%.0f", wsRate), fmt("%.0f", wrRate), fmt("%.2f×", wsRate / wrRate), "— (diagnostic)", "—");
		this.report.note(burstCost("after " + warmWarmup + " warm-up pairs", warmStarter, warmRaw, warmOffNative));
		int unconnected = (int) rounds.stream()
			.mapToDouble((round) -> num(round[0], "unconnected"))
			.max()
			.orElse(Double.NaN);
		boolean starterFailed = rounds.stream().anyMatch((round) -> round[0].getProperty("error") != null);
		this.report.row(
				"Burst: " + pairs + " pairs started at once, pairs left unconnected (starter: most in any round)",
				starterFailed ? "error" : String.valueOf(unconnected),
				unqueued.getProperty("unconnected", "error") + " (no candidate queue); "
						+ raw.getProperty("unconnected", "error") + " (queued)",
				"—", "starter 0 (100 % connect)", met(unconnected == 0 && !starterFailed));
		this.report.note(String.format(Locale.ROOT,
				"Burst set-up median / p95: starter %s / %s ms, raw %s / %s ms, raw without candidate queue %s / %s ms. "
						+ "Open files after the burst: starter %s, raw %s, raw without queue %s. Starter operations failed: %s %s%s.",
				starter.getProperty("setupMedianMs"), starter.getProperty("setupP95Ms"),
				raw.getProperty("setupMedianMs"), raw.getProperty("setupP95Ms"), unqueued.getProperty("setupMedianMs"),
				unqueued.getProperty("setupP95Ms"), starter.getProperty("openFiles"), raw.getProperty("openFiles"),
				unqueued.getProperty("openFiles"), starter.getProperty("failedOperations", "?"),
				starter.getProperty("failedOperationsByKind", ""),
				(starter.getProperty("error") != null) ? "; error: " + starter.getProperty("error") : ""));
	}

	private static String perRoundMs(List<Properties[]> rounds, int index) {
		return String.join(" / ",
				rounds.stream().map((round) -> trim(round[index].getProperty("cpuMsPerPair"), 2)).toList());
	}

	private void stompPhase() throws Exception {
		Properties p = child("stomp", "starter");
		String value = (p.getProperty("error") != null) ? "error: " + p.getProperty("error")
				: fmt("%,.0f", num(p, "stomp.eventsPerSec"));
		this.report.row(
				"STOMP relay: events/s from the native callback to a STOMP client subscribed to the public "
						+ "topic (simple broker, loopback WebSocket)",
				value, "— (no relay in webrtc-java)", "—", "— (none set)",
				"true".equals(p.getProperty("stomp.complete")) ? "all " + p.getProperty("stomp.events") + " relayed"
						: "**" + p.getProperty("stomp.received") + " of " + p.getProperty("stomp.events")
								+ " relayed**");
	}

	private static String heldText(Properties p) {
		if (p.getProperty("error") != null) {
			return "error";
		}
		String held = p.getProperty("held", "0");
		return "cap reached".equals(p.getProperty("stopReason")) ? "≥ " + held : held;
	}

	private static String threadsText(Properties p) {
		return p.getProperty("osThreads", "?") + " (" + p.getProperty("threadsPerConnection", "?") + ")";
	}

	private static String scaleSteps(String name, Properties p) {
		StringBuilder table = new StringBuilder();
		table.append("**")
			.append(name)
			.append("** (baseline before the first pair: RSS ")
			.append(Long.parseLong(p.getProperty("baseline.rssKib", "0")) / 1024)
			.append(" MB, ")
			.append(p.getProperty("baseline.osThreads", "?"))
			.append(" OS threads)\n\n");
		table.append(
				"| pairs | set-up median (ms) | round trip median (µs) | round trip p99 (µs) | heap (MB) | RSS (MB) | OS threads | JVM threads | open files | creations/s |\n");
		table.append("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
		int steps = Integer.parseInt(p.getProperty("steps", "0"));
		for (int i = 1; i <= steps; i++) {
			String s = "step." + i + ".";
			table.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %d | %d | %s | %s | %s | %s |%n",
					p.getProperty(s + "pairs"), trim(p.getProperty(s + "setupMedianMs"), 1),
					trim(p.getProperty(s + "rttMedianUs"), 0), trim(p.getProperty(s + "rttP99Us"), 0),
					Long.parseLong(p.getProperty(s + "heapBytes", "0")) >> 20,
					Long.parseLong(p.getProperty(s + "rssKib", "0")) >> 10, p.getProperty(s + "osThreads"),
					p.getProperty(s + "jvmThreads"), p.getProperty(s + "openFiles"),
					trim(p.getProperty(s + "creationsPerSec"), 0)));
		}
		return table.toString();
	}

	private static String trim(String value, int decimals) {
		if (value == null) {
			return "?";
		}
		return String.format(Locale.ROOT, "%." + decimals + "f", Double.parseDouble(value));
	}

	/**
	 * Runs ScaleMain in a child JVM with this JVM's class path and the specter.bench.*
	 * properties.
	 */
	private static Properties child(String mode, String side, String... settings) throws Exception {
		progress("(4) " + mode + ", " + side + ": child JVM " + String.join(" ", settings));
		Path file = Files.createTempFile("specter-bench-" + mode + "-" + side, ".properties");
		List<String> command = new ArrayList<>();
		command.add(ProcessHandle.current().info().command().orElse("java"));
		for (String name : System.getProperties().stringPropertyNames()) {
			if (name.startsWith(Settings.PREFIX)) {
				command.add("-D" + name + "=" + System.getProperty(name));
			}
		}
		for (String setting : settings) {
			command.add("-D" + Settings.PREFIX + setting);
		}
		command.add("-cp");
		command.add(System.getProperty("java.class.path"));
		command.add(ScaleMain.class.getName());
		command.add(mode);
		command.add(side);
		command.add(file.toString());
		Process process = new ProcessBuilder(command).inheritIO().start();
		int timeout = childTimeoutSeconds(mode, settings);
		boolean finished = process.waitFor(timeout, TimeUnit.SECONDS);
		if (!finished) {
			process.destroyForcibly();
			process.waitFor(10, TimeUnit.SECONDS);
		}
		Properties properties = new Properties();
		if (Files.size(file) > 0) {
			// written before the child's teardown: a child that hung closing still
			// delivered
			try (InputStream in = new FileInputStream(file.toFile())) {
				properties.load(in);
			}
		}
		Files.deleteIfExists(file);
		if (!finished) {
			progress("(4) " + mode + ", " + side + ": killed after " + timeout + " s"
					+ (properties.isEmpty() ? ", no results" : " (results were written)"));
			if (properties.isEmpty()) {
				properties.setProperty("error", "no results within " + timeout + " s");
			}
			properties.setProperty("killedAfterSeconds", String.valueOf(timeout));
		}
		else if (process.exitValue() != 0 && properties.getProperty("error") == null) {
			properties.setProperty("error", "exit " + process.exitValue());
		}
		return properties;
	}

	/**
	 * How long a child may take: what its phase should take on a loaded 2-core machine
	 * (generous per-pair and per-step allowances, twice over), not a flat 20 minutes;
	 * {@code specter.bench.child.timeout-seconds} overrides it.
	 */
	static int childTimeoutSeconds(String mode, String... settings) {
		int override = Settings.integer("child.timeout-seconds", 0, 0);
		if (override > 0) {
			return override;
		}
		int teardown = Settings.integer("teardown-seconds", 60, 30);
		int seconds = switch (mode) {
			case "scale" -> {
				int max = Settings.integer("scale.max", 500, 100);
				int step = Settings.integer("scale.step", 100, 50);
				int warmup = Settings.integer("scale.warmup", 300, 5);
				int hold = Settings.integer("scale.hold-seconds", 5, 2);
				int probes = Settings.integer("scale.probes", 10, 5);
				// a set-up takes ~10 ms quiet: allow 100 ms per pair, 1 s per probe
				yield 30 + (warmup + max) / 10 + (max / step) * (hold + probes + 5);
			}
			case "burst" -> {
				int warmup = Settings.integer("burst.warmup", 5, 5);
				for (String setting : settings) {
					if (setting.startsWith("burst.warmup=")) {
						warmup = Integer.parseInt(setting.substring("burst.warmup=".length()));
					}
				}
				yield 30 + warmup / 10 + Settings.integer("burst.timeout-seconds", 60, 30) + 30;
			}
			default -> 180;
		};
		return 2 * seconds + teardown;
	}

	private static String burstCost(String when, Properties starter, Properties raw, Properties offNative) {
		return String
			.format(Locale.ROOT, "Burst %s, process CPU per connected pair (of which JIT compilation): starter "
					+ "%s ms (%s), raw %s ms (%s), raw with the rule %s ms (%s); voluntary context switches per pair: %s, %s, %s.",
					when, starter.getProperty("cpuMsPerPair"), starter.getProperty("jitMsPerPair"),
					raw.getProperty("cpuMsPerPair"), raw.getProperty("jitMsPerPair"),
					offNative.getProperty("cpuMsPerPair"), offNative.getProperty("jitMsPerPair"),
					starter.getProperty("contextSwitchesPerPair"), raw.getProperty("contextSwitchesPerPair"),
					offNative.getProperty("contextSwitchesPerPair"));
	}

	private static double num(Properties p, String key) {
		String value = p.getProperty(key);
		return (value != null) ? Double.parseDouble(value) : Double.NaN;
	}

	static String fmt(String format, double value) {
		return Double.isNaN(value) ? "n/a" : String.format(Locale.ROOT, format, value);
	}

	static String met(boolean met) {
		return met ? "yes" : "**no**";
	}

	private static String environment() {
		Runtime runtime = Runtime.getRuntime();
		return String.format(Locale.ROOT, "%s; %d CPUs; max heap %d MB; JVM %s %s; webrtc-java 0.14.0; %s",
				ZonedDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME), runtime.availableProcessors(),
				runtime.maxMemory() >> 20, System.getProperty("java.vm.name"), System.getProperty("java.version"),
				String.join(" ", ManagementFactory.getRuntimeMXBean().getInputArguments()));
	}

}
