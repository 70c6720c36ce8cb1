package dev.specter.test;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import dev.specter.SpecterFactory;
import dev.specter.worker.WorkerSpecterFactory;

/**
 * Counts the UDP sockets this process holds (Linux), and in worker mode those of the
 * engine's worker processes too: the socket inodes among {@code /proc/<pid>/fd} that
 * {@code /proc/net/udp} or {@code udp6} lists, each once (a line can repeat while the
 * table changes, and other processes' sockets are not counted).
 */
public final class UdpSockets {

	private UdpSockets() {
	}

	/**
	 * The UDP sockets of this process.
	 * @return the count
	 */
	public static int count() throws IOException {
		return count(List.of(ProcessHandle.current().pid()));
	}

	/**
	 * The UDP sockets of this process and of the processes that run the factory's engine
	 * (its workers in worker mode).
	 * @param factory the factory
	 * @return the count
	 */
	public static int count(SpecterFactory factory) throws IOException {
		List<Long> pids = new ArrayList<>();
		pids.add(ProcessHandle.current().pid());
		if (factory instanceof WorkerSpecterFactory workers) {
			pids.addAll(workers.workerPids());
		}
		return count(pids);
	}

	private static int count(List<Long> pids) throws IOException {
		Set<String> owned = new HashSet<>();
		for (long pid : pids) {
			try (DirectoryStream<Path> fds = Files.newDirectoryStream(Path.of("/proc/" + pid + "/fd"))) {
				for (Path fd : fds) {
					try {
						String target = Files.readSymbolicLink(fd).toString();
						if (target.startsWith("socket:[")) {
							owned.add(target.substring(8, target.length() - 1));
						}
					}
					catch (IOException ex) {
						// closed meanwhile
					}
				}
			}
		}
		Set<String> udp = new HashSet<>();
		for (String table : List.of("/proc/net/udp", "/proc/net/udp6")) {
			List<String> lines = Files.readAllLines(Path.of(table));
			for (String line : lines.subList(1, lines.size())) {
				String[] fields = line.trim().split("\\s+");
				if (fields.length > 9 && owned.contains(fields[9])) {
					udp.add(fields[9]);
				}
			}
		}
		return udp.size();
	}

}
