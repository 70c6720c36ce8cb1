package dev.specter.benchmarks;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Process figures: resident set size and OS thread count from /proc/self/status, heap
 * after GC.
 */
final class Proc {

	private Proc() {
	}

	/** VmRSS in KiB, or -1 if /proc is unavailable. */
	static long rssKib() {
		return statusField("VmRSS:");
	}

	/**
	 * OS threads of this process (JVM, GC, JIT and webrtc-java's native threads), or -1.
	 */
	static long osThreads() {
		return statusField("Threads:");
	}

	/**
	 * Voluntary context switches (a thread blocked: parked, waiting, sleeping) summed
	 * over every thread of this process, native ones included: a count of thread
	 * hand-offs that depends far less on how busy the machine is than a latency does.
	 */
	static long contextSwitches() {
		long total = 0;
		try (var tasks = Files.list(Path.of("/proc/self/task"))) {
			for (Path task : (Iterable<Path>) tasks::iterator) {
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
			return -1;
		}
		return total;
	}

	/** Open file descriptors of this process (sockets included), or -1. */
	static long openFiles() {
		try (var fds = Files.list(Path.of("/proc/self/fd"))) {
			return fds.count();
		}
		catch (IOException | RuntimeException ex) {
			return -1;
		}
	}

	static int jvmThreads() {
		return ManagementFactory.getThreadMXBean().getThreadCount();
	}

	/** Used heap in bytes after asking for two full collections. */
	static long heapAfterGc() {
		for (int i = 0; i < 2; i++) {
			System.gc();
			try {
				Thread.sleep(100);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
		return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
	}

	/**
	 * The sockets this process holds, by kind: "udp=N tcp-listen=N tcp-other=N" (IPv4 and
	 * IPv6 together), counting each socket inode of {@code /proc/self/fd} once, as
	 * {@code /proc/net} lists it (a line can repeat while the table changes; other
	 * processes are not counted).
	 */
	static String sockets() {
		java.util.Set<String> owned = new java.util.HashSet<>();
		java.util.Set<String> udp = new java.util.HashSet<>();
		java.util.Set<String> listen = new java.util.HashSet<>();
		java.util.Set<String> other = new java.util.HashSet<>();
		try (java.nio.file.DirectoryStream<java.nio.file.Path> fds = java.nio.file.Files
			.newDirectoryStream(java.nio.file.Path.of("/proc/self/fd"))) {
			for (java.nio.file.Path fd : fds) {
				try {
					String target = java.nio.file.Files.readSymbolicLink(fd).toString();
					if (target.startsWith("socket:[")) {
						owned.add(target.substring(8, target.length() - 1));
					}
				}
				catch (java.io.IOException ex) {
					// closed meanwhile
				}
			}
			for (String file : new String[] { "udp", "udp6", "tcp", "tcp6" }) {
				java.util.List<String> lines = java.nio.file.Files
					.readAllLines(java.nio.file.Path.of("/proc/net/" + file));
				for (String line : lines.subList(1, lines.size())) {
					String[] fields = line.trim().split("\\s+");
					if (fields.length <= 9 || !owned.contains(fields[9])) {
						continue;
					}
					if (file.startsWith("udp")) {
						udp.add(fields[9]);
					}
					else if (fields[3].equals("0A")) {
						listen.add(fields[9]);
					}
					else {
						other.add(fields[9]);
					}
				}
			}
		}
		catch (java.io.IOException ex) {
			return "unknown";
		}
		return "udp=" + udp.size() + " tcp-listen=" + listen.size() + " tcp-other=" + other.size();
	}

	/**
	 * Scheduler figures of every thread of this process, by thread group (the thread's
	 * name, {@code /proc/self/task/N/comm}, without its trailing digits and dashes): {cpu
	 * ns, run-queue wait ns, timeslices} from {@code /proc/self/task/N/schedstat}.
	 * Threads that ended meanwhile are missing: take the difference of two snapshots of a
	 * steady set of threads.
	 */
	static java.util.Map<String, long[]> schedstat() {
		return schedstat("self");
	}

	/**
	 * {@link #schedstat()} of another process of this machine ({@code pid}, or
	 * {@code self}); empty if it is gone.
	 */
	static java.util.Map<String, long[]> schedstat(String pid) {
		java.util.Map<String, long[]> groups = new java.util.TreeMap<>();
		try (var tasks = Files.list(Path.of("/proc/" + pid + "/task"))) {
			for (Path task : (Iterable<Path>) tasks::iterator) {
				try {
					String comm = Files.readString(task.resolve("comm")).trim().replaceAll("[-_ ]?[0-9]+$", "");
					String[] fields = Files.readString(task.resolve("schedstat")).trim().split(" ");
					long[] sum = groups.computeIfAbsent(comm, (key) -> new long[4]);
					for (int i = 0; i < 3; i++) {
						sum[i] += Long.parseLong(fields[i]);
					}
					sum[3]++;
				}
				catch (IOException | RuntimeException ex) {
					// the thread ended meanwhile
				}
			}
		}
		catch (IOException ex) {
			// not Linux
		}
		return groups;
	}

	/**
	 * CPU time of all threads of this process in ns, from
	 * {@code /proc/self/task/N/schedstat} (nanosecond resolution; the JVM's process CPU
	 * time counts 10 ms clock ticks here). Threads that ended meanwhile are missing.
	 */
	static long cpuNanos() {
		long sum = 0;
		for (long[] group : schedstat().values()) {
			sum += group[0];
		}
		return sum;
	}

	/**
	 * "group cpu/wait ms per unit (threads)" for the groups whose CPU or wait moved most
	 * between two {@link #schedstat()} snapshots, and the process total.
	 */
	static String schedstatDelta(java.util.Map<String, long[]> before, java.util.Map<String, long[]> after,
			double units, int top) {
		java.util.List<Object[]> rows = new java.util.ArrayList<>();
		long cpu = 0;
		long wait = 0;
		long slices = 0;
		for (var entry : after.entrySet()) {
			long[] b = before.getOrDefault(entry.getKey(), new long[4]);
			long[] a = entry.getValue();
			long dCpu = Math.max(0, a[0] - b[0]);
			long dWait = Math.max(0, a[1] - b[1]);
			long dSlices = Math.max(0, a[2] - b[2]);
			cpu += dCpu;
			wait += dWait;
			slices += dSlices;
			rows.add(new Object[] { entry.getKey(), dCpu, dWait, a[3], dSlices });
		}
		rows.sort((x, y) -> Long.compare((long) y[1] + (long) y[2], (long) x[1] + (long) x[2]));
		StringBuilder out = new StringBuilder(String.format(java.util.Locale.ROOT,
				"all threads: CPU %.2f ms, run-queue wait %.2f ms, %.1f timeslices", cpu / 1e6 / units,
				wait / 1e6 / units, slices / units));
		for (int i = 0; i < Math.min(top, rows.size()); i++) {
			Object[] row = rows.get(i);
			out.append(String.format(java.util.Locale.ROOT, "; %s (%d) %.2f / %.2f / %.1f", row[0], row[3],
					(long) row[1] / 1e6 / units, (long) row[2] / 1e6 / units, (long) row[4] / units));
		}
		return out.toString();
	}

	private static long statusField(String name) {
		try {
			for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
				if (line.startsWith(name)) {
					String[] parts = line.substring(name.length()).trim().split("\\s+");
					return Long.parseLong(parts[0]);
				}
			}
		}
		catch (IOException | RuntimeException ex) {
			// not Linux
		}
		return -1;
	}

}
