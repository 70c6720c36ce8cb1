package dev.specter.benchmarks;

import java.lang.reflect.Method;

/**
 * Diagnostic: profiles one phase with async-profiler when
 * {@code -Dspecter.bench.profile=PHASE} and
 * {@code -Dspecter.bench.profiler-lib=/path/libasyncProfiler.so} are given and the
 * profiler's jar ({@code tools.profiler:async-profiler}) is on the class path. Writes
 * collapsed stacks per thread to {@code PHASE.collapsed} in the working directory. With
 * {@code -Dspecter.bench.profiler-lib=jfr} it records the phase with JFR instead (the
 * "profile" settings, every compilation included) to {@code PHASE.jfr}. Does nothing
 * otherwise.
 */
final class Profiler {

	private Profiler() {
	}

	private static jdk.jfr.Recording recording;

	static void start(String phase) {
		mark(phase, "start");
		if (jfr(phase)) {
			try {
				recording = new jdk.jfr.Recording(jdk.jfr.Configuration.getConfiguration("profile"));
				recording.enable("jdk.Compilation").withThreshold(java.time.Duration.ZERO);
				recording.enable("jdk.ExecutionSample").withPeriod(java.time.Duration.ofMillis(1));
				recording.start();
			}
			catch (java.io.IOException | java.text.ParseException ex) {
				System.err.println("[profiler] JFR not available: " + ex);
			}
			return;
		}
		execute(phase, "start,event=cpu,interval=1ms,threads");
	}

	static void stop(String phase) {
		mark(phase, "stop");
		if (jfr(phase)) {
			if (recording != null) {
				try {
					recording.stop();
					recording.dump(java.nio.file.Path.of(phase + ".jfr"));
				}
				catch (java.io.IOException ex) {
					System.err.println("[profiler] JFR dump failed: " + ex);
				}
			}
			return;
		}
		execute(phase, "stop,collapsed,threads,file=" + phase + ".collapsed");
	}

	/**
	 * Prints the wall-clock time, to find the phase in a recording started with the JVM.
	 */
	private static void mark(String phase, String what) {
		if (phase.equals(Settings.string("profile", ""))) {
			System.err.println("[profiler] " + phase + " " + what + " at " + java.time.LocalTime.now());
		}
	}

	private static boolean jfr(String phase) {
		return phase.equals(Settings.string("profile", "")) && "jfr".equals(Settings.string("profiler-lib", ""));
	}

	private static void execute(String phase, String command) {
		if (!phase.equals(Settings.string("profile", ""))) {
			return;
		}
		try {
			Class<?> type = Class.forName("one.profiler.AsyncProfiler");
			Object profiler = type.getMethod("getInstance", String.class)
				.invoke(null, Settings.string("profiler-lib", null));
			Method execute = type.getMethod("execute", String.class);
			System.err.println("[profiler] " + execute.invoke(profiler, command));
		}
		catch (ReflectiveOperationException | LinkageError ex) {
			System.err.println("[profiler] not available: " + ex);
		}
	}

}
