package dev.specter.webrtc;

import java.net.InetAddress;

/**
 * Reads fields of an ICE candidate line
 * ({@code candidate:<foundation> <component> <transport> <priority> <address> <port> typ <type> ...}).
 */
final class CandidateLine {

	private CandidateLine() {
	}

	static String usernameFragment(String line) {
		return attribute(line, "ufrag");
	}

	static String type(String line) {
		return attribute(line, "typ");
	}

	static String address(String line) {
		String[] fields = fields(line);
		return (fields.length > 5) ? fields[4] : null;
	}

	static int port(String line) {
		String[] fields = fields(line);
		try {
			return (fields.length > 5) ? Integer.parseInt(fields[5]) : -1;
		}
		catch (NumberFormatException ex) {
			return -1;
		}
	}

	/**
	 * Returns the candidate's address if it is an IP literal (never a DNS lookup), else
	 * {@code null} (an mDNS {@code .local} name, say).
	 */
	static InetAddress ipAddress(String line) {
		String address = address(line);
		if (address == null || !isIpLiteral(address)) {
			return null;
		}
		try {
			return InetAddress.getByName(address);
		}
		catch (Exception ex) {
			return null;
		}
	}

	private static boolean isIpLiteral(String address) {
		boolean ipv6 = address.indexOf(':') >= 0;
		for (int i = 0; i < address.length(); i++) {
			char c = address.charAt(i);
			boolean allowed = ipv6 ? (Character.digit(c, 16) >= 0 || c == ':' || c == '.' || c == '%')
					: ((c >= '0' && c <= '9') || c == '.');
			if (!allowed) {
				return false;
			}
		}
		return true;
	}

	private static String attribute(String line, String name) {
		String[] fields = fields(line);
		for (int i = 0; i < fields.length - 1; i++) {
			if (fields[i].equals(name)) {
				return fields[i + 1];
			}
		}
		return null;
	}

	/**
	 * Splits at runs of whitespace, as {@code line.trim().split("\\s+")} would, without compiling a
	 * pattern (this runs for every candidate, on the engine's thread).
	 */
	static String[] fields(String line) {
		if (line == null) {
			return new String[0];
		}
		String trimmed = line.trim();
		java.util.ArrayList<String> fields = new java.util.ArrayList<>(12);
		int length = trimmed.length();
		int i = 0;
		while (i < length) {
			while (i < length && isSpace(trimmed.charAt(i))) {
				i++;
			}
			int start = i;
			while (i < length && !isSpace(trimmed.charAt(i))) {
				i++;
			}
			if (i > start) {
				fields.add(trimmed.substring(start, i));
			}
		}
		if (fields.isEmpty()) {
			// "".split(...) returns one empty field
			return new String[] { "" };
		}
		return fields.toArray(new String[0]);
	}

	/** {@code \\s} of {@link java.util.regex.Pattern}: space, tab, newline, vertical tab, form feed, return. */
	private static boolean isSpace(char c) {
		return c == ' ' || c == '\t' || c == '\n' || c == 0x0B || c == '\f' || c == '\r';
	}

}
