package dev.specter.metrics;

import java.util.Locale;

/**
 * Reads the transport and type of an ICE candidate line
 * ({@code candidate:<foundation> <component> <transport> <priority> <address> <port> typ <type> ...})
 * for meter tags; anything unexpected becomes {@code unknown}, so tag values stay few.
 */
final class CandidateFields {

	private CandidateFields() {
	}

	static String type(String line) {
		String[] fields = line.trim().split("\\s+");
		for (int i = 0; i < fields.length - 1; i++) {
			if (fields[i].equals("typ")) {
				return known(fields[i + 1], "host", "srflx", "prflx", "relay");
			}
		}
		return "unknown";
	}

	static String protocol(String line) {
		String[] fields = line.trim().split("\\s+");
		return (fields.length > 2) ? known(fields[2].toLowerCase(Locale.ROOT), "udp", "tcp") : "unknown";
	}

	private static String known(String value, String... allowed) {
		for (String candidate : allowed) {
			if (candidate.equals(value)) {
				return candidate;
			}
		}
		return "unknown";
	}

}
