package dev.specter.benchmarks;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Multi-core scaling of worker mode: the same workload in-process (reference) and with 1,
 * 2 and 4 workers, each configuration in a child JVM of its own, in interleaved rounds:
 * after a warm-up (pairs set up and closed one by one), a <b>burst</b> of N pairs started
 * at once (connected pairs per second, from the first call to the last channel open),
 * then, with those N pairs held, a <b>load</b> phase: every pair sends a timestamped
 * 32-byte text message R times a second, which its answerer echoes from its
 * {@code @SpecterListener}; the round trip (median, p99) is taken over every echo of the
 * hold.
 * <p>
 * Run on demand, never by the build:
 * {@code java -cp benchmarks/target/specter-benchmarks.jar
 * dev.specter.benchmarks.WorkerScalingMain}. Options ({@code specter.bench.scaling.*}):
 * {@code configs} ({@code in-process,1,2,4}), {@code rounds} (2), {@code warmup} (100),
 * {@code pairs} (200), {@code rate} (5 messages a second per pair), {@code hold-seconds}
 * (10); {@code specter.bench.results} (default {@code benchmarks/results-scaling.md}).
 */
public final class WorkerScalingMain {

	private static final String CPU_ROW = "burst, per connected pair";

	private WorkerScalingMain() {
	}

	public static void main(String[] args) throws Exception {
		if (args.length > 0) {
			child(args[0]);
			return;
		}
		int rounds = Settings.integer("scaling.rounds", 2, 1);
		List<String> lines = new ArrayList<>();
		lines.add("# Worker mode scaling, " + Instant.now() + ", " + Runtime.getRuntime().availableProcessors()
				+ " cores");
		lines.add("");
		lines.add(String.format(Locale.ROOT,
				"Burst of %d pairs after %d warm-up pairs; then those pairs held, each sending %d messages/s "
						+ "(echoed) for %d s. %d round(s), configurations interleaved.",
				Settings.integer("scaling.pairs", 200, 50), Settings.integer("scaling.warmup", 100, 10),
				Settings.integer("scaling.rate", 5, 5), Settings.integer("scaling.hold-seconds", 10, 3), rounds));
		lines.add("");
		lines.add("| round | engine | connected | pairs/s | set-up median (ms) | echoes/s | RTT median (ms) "
				+ "| RTT p99 (ms) | lost |");
		lines.add("|---:|---|---:|---:|---:|---:|---:|---:|---:|");
		List<String> cpu = new ArrayList<>();
		String[] configs = Settings.string("scaling.configs", "in-process,1,2,4").split(",");
		for (int round = 1; round <= rounds; round++) {
			for (String config : configs) {
				for (String row : ChildJvm.run(WorkerScalingMain.class, List.of("-Xmx512m"), List.of(config.trim()),
						600)) {
					if (row.contains(CPU_ROW)) {
						cpu.add("- round " + round + ", " + row.substring(1, row.length() - 1).trim());
					}
					else {
						lines.add("| " + round + " " + row);
					}
				}
			}
		}
		lines.add("");
		lines.add("CPU and run-queue wait per connected pair during the burst (ms), by thread group "
				+ "(`/proc/PID/task/*/schedstat`; the worker JVMs summed):");
		lines.add("");
		lines.addAll(cpu);
		ChildJvm.write(Settings.string("results", "benchmarks/results-scaling.md"), lines);
		System.exit(0);
	}

	/** Scheduler figures of every thread of the workers, by thread group, summed. */
	private static Map<String, long[]> workerThreads(List<Long> pids) {
		Map<String, long[]> sum = new TreeMap<>();
		for (long pid : pids) {
			Proc.schedstat(Long.toString(pid)).forEach((group, values) -> {
				long[] total = sum.computeIfAbsent(group, (key) -> new long[4]);
				for (int i = 0; i < 4; i++) {
					total[i] += values[i];
				}
			});
		}
		return sum;
	}

	private static void child(String config) throws Exception {
		int warmup = Settings.integer("scaling.warmup", 100, 10);
		int pairs = Settings.integer("scaling.pairs", 200, 50);
		int rate = Settings.integer("scaling.rate", 5, 5);
		int holdSeconds = Settings.integer("scaling.hold-seconds", 10, 3);
		String[] properties = config.equals("in-process") ? new String[0]
				: new String[] { "specter.engine.isolation=workers", "specter.engine.workers=" + config };
		StarterSide side = new StarterSide(properties);
		String name = config.equals("in-process") ? "in-process" : config + " worker(s)";
		for (int i = 0; i < warmup; i++) {
			side.openPair().orTimeout(30, TimeUnit.SECONDS).get().close();
		}
		Thread.sleep(1000);
		// burst
		List<CompletableFuture<BenchPair>> started = new ArrayList<>();
		Samples setup = new Samples();
		AtomicLong lastOpen = new AtomicLong();
		List<Long> workers = ProcessHandle.current().descendants().map(ProcessHandle::pid).toList();
		Map<String, long[]> app0 = Proc.schedstat();
		Map<String, long[]> workers0 = workerThreads(workers);
		long t0 = System.nanoTime();
		for (int i = 0; i < pairs; i++) {
			started.add(side.openPair().orTimeout(60, TimeUnit.SECONDS).whenComplete((pair, ex) -> {
				if (pair != null) {
					setup.add(pair.setupNanos());
					lastOpen.accumulateAndGet(System.nanoTime(), Math::max);
				}
			}));
		}
		CompletableFuture.allOf(started.toArray(CompletableFuture[]::new)).exceptionally((ex) -> null).join();
		List<BenchPair> held = started.stream()
			.filter((f) -> !f.isCompletedExceptionally())
			.map((f) -> f.join())
			.toList();
		double perSecond = held.size() / ((lastOpen.get() - t0) / 1e9);
		Map<String, long[]> app1 = Proc.schedstat();
		Map<String, long[]> workers1 = workerThreads(workers);
		int units = Math.max(1, held.size());
		Thread.sleep(1000);
		// load
		Samples rtt = new Samples();
		AtomicInteger sent = new AtomicInteger();
		for (BenchPair pair : held) {
			pair.onReply((text) -> {
				if (text.startsWith("t")) {
					rtt.add(System.nanoTime() - Long.parseLong(text, 1, text.indexOf('-'), 10));
				}
			});
		}
		ScheduledExecutorService senders = Executors.newScheduledThreadPool(2);
		long periodMicros = 1_000_000L / rate;
		for (int i = 0; i < held.size(); i++) {
			BenchPair pair = held.get(i);
			senders.scheduleAtFixedRate(() -> {
				String text = "t" + System.nanoTime() + "-";
				pair.send(text + "x".repeat(Math.max(0, 32 - text.length())));
				sent.incrementAndGet();
			}, i * periodMicros / held.size(), periodMicros, TimeUnit.MICROSECONDS);
		}
		Thread.sleep(TimeUnit.SECONDS.toMillis(holdSeconds));
		senders.shutdownNow();
		senders.awaitTermination(5, TimeUnit.SECONDS);
		Thread.sleep(2000);
		int echoed = rtt.size();
		System.out.printf(Locale.ROOT, "| %s | %d/%d | %.1f | %.0f | %.0f | %.2f | %.2f | %d |%n", name, held.size(),
				pairs, perSecond, setup.median() / 1e6, echoed / (double) holdSeconds, rtt.median() / 1e6,
				rtt.percentile(99) / 1e6, sent.get() - echoed);
		System.out.printf(Locale.ROOT, "| %s, %s | app JVM: %s | worker JVMs: %s |%n", name, CPU_ROW,
				Proc.schedstatDelta(app0, app1, units, 4), Proc.schedstatDelta(workers0, workers1, units, 4));
		System.out.flush();
		Thread closer = new Thread(side::close);
		closer.setDaemon(true);
		closer.start();
		closer.join(60_000);
		Runtime.getRuntime().halt(0);
	}

}
