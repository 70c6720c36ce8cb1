package dev.specter.test;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Counts the UDP sockets this process holds (Linux): the socket inodes among
 * {@code /proc/self/fd} that {@code /proc/net/udp} or {@code udp6} lists, each once (a
 * line can repeat while the table changes, and other processes' sockets are not counted).
 */
public final class UdpSockets {

	private UdpSockets() {
	}

	public static int count() throws IOException {
		Set<String> owned = new HashSet<>();
		try (DirectoryStream<Path> fds = Files.newDirectoryStream(Path.of("/proc/self/fd"))) {
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
