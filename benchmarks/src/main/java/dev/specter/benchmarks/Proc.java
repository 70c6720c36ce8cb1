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
