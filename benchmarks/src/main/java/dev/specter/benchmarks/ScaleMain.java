package dev.specter.benchmarks;

import java.io.FileOutputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Runs in a child JVM of its own (so heap, RSS and threads belong to one side only):
 * <ul>
 * <li>{@code scale SIDE FILE}: adds connected pairs in steps while every pair sends one
 * message per second (echoed by its answerer), until a step breaks a service bound (a
 * set-up failed, set-up median over 100 ms, round-trip p99 over 250 ms, fewer than 99 %
 * of the messages echoed) or the cap is reached;</li>
 * <li>{@code burst SIDE FILE}: starts N pairs at once and counts those whose data channel
 * opened.</li>
 * </ul>
 * SIDE is {@code starter}, {@code raw}, {@code raw-unqueued} or {@code raw-off-native}
 * (raw with the starter's rule: no application code on the native thread). Results go to
 * FILE as properties.
 */
public final class ScaleMain {

	private ScaleMain() {
	}

	public static void main(String[] args) throws Exception {
		String mode = args[0];
		String sideName = args[1];
		Properties out = new Properties();
		int status = 0;
		if (mode.equals("stomp")) {
			try {
				dev.specter.webrtc.StompRelayBench.run(out, Settings.integer("stomp.events", 50_000, 10_000),
						Settings.integer("stomp.warmup", 20_000, 4_000));
			}
			catch (Throwable ex) {
				ex.printStackTrace();
				out.setProperty("error", String.valueOf(ex));
				status = 1;
			}
			finally {
				try (OutputStream stream = new FileOutputStream(args[2])) {
					out.store(stream, mode);
				}
				stopFlightRecordings();
				System.err.flush();
				Runtime.getRuntime().halt(status);
			}
		}
		Side side = null;
		try {
			side = open(sideName);
			// JVM start to a ready side (the starter: its Spring Boot context)
			out.setProperty("startupMs",
					String.valueOf(java.lang.management.ManagementFactory.getRuntimeMXBean().getUptime()));
			out.setProperty("startupCpuMs", fmt(processCpuNanos() / 1e6));
			if (mode.equals("scale")) {
				scale(side, out);
			}
			else {
				burst(side, out);
			}
		}
		catch (Throwable ex) {
			ex.printStackTrace();
			out.setProperty("error", String.valueOf(ex));
			status = 1;
		}
		// The figures are written before any teardown: closing thousands of connections
		// (and disposing webrtc-java's factory) is not what is measured, and once hung
		// for good in PeerConnectionFactory.dispose, losing a run's results.
		try (OutputStream stream = new FileOutputStream(args[2])) {
			out.store(stream, mode + " " + sideName);
		}
		stopFlightRecordings();
		System.out.flush();
		System.err.flush();
		if (side != null) {
			teardown(side, Settings.integer("teardown-seconds", 60, 30));
		}
		Runtime.getRuntime().halt(status);
	}

	/**
	 * Closes the side (its open connections first, then the factory or the context) on a
	 * daemon thread, waiting at most {@code seconds}: a teardown that does not finish is
	 * reported on stderr, never waited for (the results are already written).
	 */
	private static void teardown(Side side, int seconds) {
		long t0 = System.nanoTime();
		Thread closer = new Thread(side::close, "bench-teardown");
		closer.setDaemon(true);
		closer.start();
		try {
			closer.join(TimeUnit.SECONDS.toMillis(seconds));
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		if (closer.isAlive()) {
			log(side, "teardown did not finish in " + seconds + " s (results already written); stack:");
			for (StackTraceElement element : closer.getStackTrace()) {
				System.err.println("\tat " + element);
			}
		}
		else {
			log(side, String.format("teardown: %.1f s", (System.nanoTime() - t0) / 1e9));
		}
		System.err.flush();
	}

	private static Side open(String name) {
		return switch (name) {
			case "starter" -> new StarterSide();
			case "raw" -> new RawSide(true);
			case "raw-unqueued" -> new RawSide(false);
			case "raw-off-native" -> new RawSide(true, true);
			default -> throw new IllegalArgumentException("unknown side " + name);
		};
	}

	private static void log(Side side, String message) {
		System.err.printf("[%s] %s%n", side.name(), message);
	}

	// ---- scale
	// ----------------------------------------------------------------------------

	static void scale(Side side, Properties out) throws Exception {
		int max = Settings.integer("scale.max", 500, 100);
		int step = Settings.integer("scale.step", 100, 50);
		int probes = Settings.integer("scale.probes", 10, 5);
		int window = Settings.integer("scale.window", 16, 8);
		int holdSeconds = Settings.integer("scale.hold-seconds", 5, 2);
		List<BenchPair> held = new CopyOnWriteArrayList<>();
		Samples rtt = new Samples();
		AtomicLong sendFailures = new AtomicLong();
		AtomicLong sent = new AtomicLong();
		// Capacity, not noise: a step fails on service-level bounds some 10-20x the quiet
		// figures (a shared machine's noise moves medians 2x; saturation breaks these).
		int rttLimitMs = Settings.integer("scale.rtt-p99-limit-ms", 250, 250);
		int setupLimitMs = Settings.integer("scale.setup-limit-ms", 100, 100);
		double minEchoed = 0.99;
		out.setProperty("rttLimitMs", String.valueOf(rttLimitMs));
		out.setProperty("setupLimitMs", String.valueOf(setupLimitMs));

		// warm-up: load and JIT the set-up path (the starter's takes hundreds of pairs to
		// compile),
		// then measure the empty process
		int warmup = Settings.integer("scale.warmup", 300, 5);
		for (int i = 0; i < warmup; i++) {
			side.openPair().orTimeout(30, TimeUnit.SECONDS).get().close();
		}
		Thread.sleep(500);
		long heap0 = Proc.heapAfterGc();
		long rss0 = Proc.rssKib();
		long threads0 = Proc.osThreads();
		out.setProperty("baseline.heapBytes", String.valueOf(heap0));
		out.setProperty("baseline.rssKib", String.valueOf(rss0));
		out.setProperty("baseline.osThreads", String.valueOf(threads0));
		out.setProperty("baseline.jvmThreads", String.valueOf(Proc.jvmThreads()));

		// every held pair sends one message a second, spread over 100 slots of 10 ms
		ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor((r) -> {
			Thread thread = new Thread(r, "bench-ticker");
			thread.setDaemon(true);
			return thread;
		});
		AtomicLong tick = new AtomicLong();
		ticker.scheduleAtFixedRate(() -> {
			int slot = (int) (tick.getAndIncrement() % 100);
			List<BenchPair> snapshot = held;
			for (int i = slot; i < snapshot.size(); i += 100) {
				try {
					snapshot.get(i).send("t" + System.nanoTime());
					sent.incrementAndGet();
				}
				catch (Throwable ex) {
					sendFailures.incrementAndGet();
				}
			}
		}, 10, 10, TimeUnit.MILLISECONDS);

		double baseSetup = Double.NaN;
		double baseRtt = Double.NaN;
		int lastGood = 0;
		String stopReason = "cap reached";
		int failures = 0;
		int stepIndex = 0;
		List<Double> creationRates = new ArrayList<>();
		for (int target = step; target <= max; target += step) {
			stepIndex++;
			// concurrent creation (window of in-flight set-ups) for creations/s
			int concurrent = Math.max(0, target - held.size() - probes);
			Semaphore inFlight = new Semaphore(window);
			AtomicInteger failed = new AtomicInteger();
			List<CompletableFuture<?>> started = new ArrayList<>();
			long t0 = System.nanoTime();
			for (int i = 0; i < concurrent; i++) {
				inFlight.acquire();
				CompletableFuture<BenchPair> future = side.openPair().orTimeout(30, TimeUnit.SECONDS);
				started.add(future.whenComplete((pair, ex) -> {
					inFlight.release();
					if (pair != null) {
						hold(pair, rtt);
						held.add(pair);
					}
					else {
						failed.incrementAndGet();
					}
				}));
			}
			CompletableFuture.allOf(started.toArray(CompletableFuture[]::new)).exceptionally((ex) -> null).join();
			double rate = concurrent / ((System.nanoTime() - t0) / 1e9);
			creationRates.add(rate);
			// sequential probes for the set-up time at this load
			Samples setup = new Samples();
			for (int i = 0; i < probes; i++) {
				try {
					BenchPair pair = side.openPair().orTimeout(30, TimeUnit.SECONDS).get();
					setup.add(pair.setupNanos());
					hold(pair, rtt);
					held.add(pair);
				}
				catch (Exception ex) {
					failed.incrementAndGet();
				}
			}
			failures += failed.get();
			// hold: every pair messages once a second; collect the round trips
			rtt.clear();
			long sent0 = sent.get();
			Thread.sleep(holdSeconds * 1000L);
			// replies still in flight at the end are allowed for: count the messages sent
			// up to 1 s before
			long sentInHold = Math.max(1, sent.get() - sent0 - held.size());
			double echoed = Math.min(1.0, rtt.size() / (double) sentInHold);
			double setupMedian = setup.median() / 1e6;
			double rttMedian = rtt.median() / 1e3;
			double rttP99 = rtt.percentile(99) / 1e3;
			int rttCount = rtt.size();
			long heap = Proc.heapAfterGc();
			long rss = Proc.rssKib();
			long threads = Proc.osThreads();
			int jvmThreads = Proc.jvmThreads();
			int pairs = held.size();
			String prefix = "step." + stepIndex + ".";
			out.setProperty(prefix + "pairs", String.valueOf(pairs));
			out.setProperty(prefix + "setupMedianMs", fmt(setupMedian));
			out.setProperty(prefix + "rttMedianUs", fmt(rttMedian));
			out.setProperty(prefix + "rttP99Us", fmt(rttP99));
			out.setProperty(prefix + "rttSamples", String.valueOf(rttCount));
			out.setProperty(prefix + "echoed", fmt(echoed));
			out.setProperty(prefix + "heapBytes", String.valueOf(heap));
			out.setProperty(prefix + "rssKib", String.valueOf(rss));
			out.setProperty(prefix + "osThreads", String.valueOf(threads));
			out.setProperty(prefix + "jvmThreads", String.valueOf(jvmThreads));
			out.setProperty(prefix + "openFiles", String.valueOf(Proc.openFiles()));
			out.setProperty(prefix + "creationsPerSec", fmt(rate));
			out.setProperty(prefix + "failures", String.valueOf(failed.get()));
			out.setProperty("steps", String.valueOf(stepIndex));
			log(side,
					String.format(
							"%d pairs: set-up median %.1f ms, rtt median %.0f us p99 %.0f us (%d samples), "
									+ "heap %d MB, RSS %d MB, threads %d os / %d jvm, %.0f creations/s, %d failed",
							pairs, setupMedian, rttMedian, rttP99, rttCount, heap >> 20, rss >> 10, threads, jvmThreads,
							rate, failed.get()));
			// per-connection figures at the largest step reached (held or not)
			out.setProperty("heapPerConnectionBytes", String.valueOf((heap - heap0) / (2L * pairs)));
			out.setProperty("rssPerConnectionKib", fmt((rss - rss0) / (2.0 * pairs)));
			out.setProperty("osThreads", String.valueOf(threads));
			out.setProperty("threadsPerConnection", fmt((threads - threads0) / (2.0 * pairs)));
			if (stepIndex == 1) {
				baseSetup = setupMedian;
				baseRtt = rttMedian;
			}
			if (failed.get() > 0) {
				stopReason = failed.get() + " set-ups failed at " + pairs + " pairs";
				break;
			}
			if (setupMedian > setupLimitMs) {
				stopReason = String.format("set-up median %.1f ms > %d ms at %d pairs", setupMedian, setupLimitMs,
						pairs);
				break;
			}
			if (rttP99 > rttLimitMs * 1000.0) {
				stopReason = String.format("round-trip p99 %.0f us > %d ms at %d pairs", rttP99, rttLimitMs, pairs);
				break;
			}
			if (echoed < minEchoed) {
				stopReason = String.format("%.1f %% of the messages echoed at %d pairs", 100 * echoed, pairs);
				break;
			}
			out.setProperty("setupVsFirstStep", fmt(setupMedian / baseSetup));
			out.setProperty("rttVsFirstStep", fmt(rttMedian / baseRtt));
			lastGood = pairs;
			out.setProperty("held", String.valueOf(pairs));
		}
		ticker.shutdownNow();
		out.setProperty("held", String.valueOf(lastGood));
		out.setProperty("cap", String.valueOf(max));
		out.setProperty("stopReason", stopReason);
		out.setProperty("failures", String.valueOf(failures));
		out.setProperty("sendFailures", String.valueOf(sendFailures.get()));
		out.setProperty("creationsPerSec",
				fmt(creationRates.stream()
					.mapToDouble(Double::doubleValue)
					.sorted()
					.skip(creationRates.size() / 2)
					.findFirst()
					.orElse(Double.NaN)));
		if (side instanceof StarterSide starter) {
			out.setProperty("droppedEvents", String.valueOf(starter.droppedEvents()));
		}
	}

	private static void hold(BenchPair pair, Samples rtt) {
		pair.onReply((text) -> {
			if (text.startsWith("t")) {
				rtt.add(System.nanoTime() - Long.parseLong(text, 1, text.length(), 10));
			}
		});
	}

	// ---- burst
	// ----------------------------------------------------------------------------

	static void burst(Side side, Properties out) throws Exception {
		int pairs = Settings.integer("burst.pairs", 500, 100);
		int timeoutSeconds = Settings.integer("burst.timeout-seconds", 60, 30);
		int warmup = Settings.integer("burst.warmup", 5, 5);
		for (int i = 0; i < warmup; i++) {
			side.openPair().orTimeout(30, TimeUnit.SECONDS).get().close();
		}
		Thread.sleep(Settings.integer("burst.pause-millis", 500, 500));
		Samples setup = new Samples();
		AtomicLong lastDone = new AtomicLong();
		AtomicInteger connected = new AtomicInteger();
		List<CompletableFuture<?>> all = new ArrayList<>();
		int dumpAt = Settings.integer("dump-threads-at-millis", 0, 0);
		if (dumpAt > 0) {
			Thread dumper = new Thread(() -> {
				try {
					Thread.sleep(dumpAt);
					dumpThreads();
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
			});
			dumper.setDaemon(true);
			dumper.start();
		}
		com.sun.management.OperatingSystemMXBean os = (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
			.getOperatingSystemMXBean();
		long cpu0 = os.getProcessCpuTime();
		long jit0 = java.lang.management.ManagementFactory.getCompilationMXBean().getTotalCompilationTime();
		long switches0 = Proc.contextSwitches();
		long candidates0 = side.candidatesGathered();
		var sched0 = Proc.schedstat();
		Profiler.start("burst");
		long t0 = System.nanoTime();
		for (int i = 0; i < pairs; i++) {
			all.add(side.openPair().orTimeout(timeoutSeconds, TimeUnit.SECONDS).whenComplete((pair, ex) -> {
				if (pair != null) {
					setup.add(pair.setupNanos());
					connected.incrementAndGet();
					lastDone.accumulateAndGet(System.nanoTime(), Math::max);
				}
			}));
		}
		long fired = System.nanoTime();
		CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).exceptionally((ex) -> null).join();
		Profiler.stop("burst");
		out.setProperty("cpuMsSinceStart", fmt(processCpuNanos() / 1e6));
		var sched1 = Proc.schedstat();
		int ok = connected.get();
		out.setProperty("schedPerPair", Proc.schedstatDelta(sched0, sched1, Math.max(1, ok), 6));
		out.setProperty("cpuMsPerPair", fmt((os.getProcessCpuTime() - cpu0) / 1e6 / Math.max(1, ok)));
		out.setProperty("jitMsPerPair",
				fmt((java.lang.management.ManagementFactory.getCompilationMXBean().getTotalCompilationTime() - jit0)
						/ (double) Math.max(1, ok)));
		out.setProperty("contextSwitchesPerPair", fmt((Proc.contextSwitches() - switches0) / (double) Math.max(1, ok)));
		out.setProperty("openFiles", String.valueOf(Proc.openFiles()));
		out.setProperty("sockets", Proc.sockets());
		out.setProperty("candidatesPerConnection",
				fmt((side.candidatesGathered() - candidates0) / (2.0 * Math.max(1, pairs))));
		double seconds = (lastDone.get() - t0) / 1e9;
		out.setProperty("pairs", String.valueOf(pairs));
		out.setProperty("connected", String.valueOf(ok));
		out.setProperty("unconnected", String.valueOf(pairs - ok));
		out.setProperty("creationsPerSec", fmt(ok / seconds));
		out.setProperty("firedSeconds", fmt((fired - t0) / 1e9));
		out.setProperty("setupMedianMs", fmt(setup.median() / 1e6));
		out.setProperty("setupP95Ms", fmt(setup.percentile(95) / 1e6));
		if (side instanceof StarterSide starter) {
			out.setProperty("droppedEvents", String.valueOf(starter.droppedEvents()));
			out.setProperty("failedOperations", String.valueOf(starter.failedOperations()));
			out.setProperty("failedOperationsByKind", starter.failuresByKind());
		}
		log(side, String.format("burst of %d pairs: %d connected, %.0f pairs/s, set-up median %.0f ms, %d open files",
				pairs, ok, ok / seconds, setup.median() / 1e6, Proc.openFiles()));
	}

	/**
	 * Runtime.halt skips JFR's dump at exit: write any recording started with
	 * -XX:StartFlightRecording now.
	 */
	private static void stopFlightRecordings() {
		try {
			for (jdk.jfr.Recording recording : jdk.jfr.FlightRecorder.getFlightRecorder().getRecordings()) {
				if (recording.getDestination() != null) {
					recording.stop();
				}
			}
		}
		catch (Throwable ex) {
			// no JFR
		}
	}

	/** Diagnostic: the Java stacks of every thread, as a thread dump would show them. */
	static void dumpThreads() {
		for (var info : java.lang.management.ManagementFactory.getThreadMXBean().dumpAllThreads(true, true)) {
			System.err.print(info.toString().replace("\t...", ""));
			StackTraceElement[] stack = info.getStackTrace();
			for (int i = 8; i < Math.min(stack.length, 30); i++) {
				System.err.println("\tat " + stack[i]);
			}
		}
	}

	/** CPU time of the whole process (every thread, native ones included) since start. */
	static long processCpuNanos() {
		return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
			.getOperatingSystemMXBean()).getProcessCpuTime();
	}

	static String fmt(double value) {
		return String.format(java.util.Locale.ROOT, "%.3f", value);
	}

}
