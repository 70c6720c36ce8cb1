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
		return (field(line, 5) != null) ? field(line, 4) : null;
	}

	static int port(String line) {
		String port = (field(line, 4) != null) ? field(line, 5) : null;
		try {
			return (port != null) ? Integer.parseInt(port) : -1;
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
		return ipLiteral(address(line));
	}

	/**
	 * Returns the address if it is an IP literal (never a DNS lookup), else {@code null}.
	 */
	static InetAddress ipLiteral(String address) {
		if (address == null || address.isEmpty() || !isIpLiteral(address)) {
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

	/** The value after the first field equal to {@code name}, or {@code null}. */
	private static String attribute(String line, String name) {
		if (line == null) {
			return null;
		}
		String text = line.trim();
		int at = skipSpace(text, 0);
		while (at < text.length()) {
			int end = skipField(text, at);
			int next = skipSpace(text, end);
			if (end - at == name.length() && text.startsWith(name, at) && next < text.length()) {
				return text.substring(next, skipField(text, next));
			}
			at = next;
		}
		return null;
	}

	/**
	 * Field {@code index} (from 0) of the line split at runs of whitespace, as
	 * {@code line.trim().split("\\s+")[index]} (or {@code null} past the last field),
	 * without compiling a pattern or splitting the whole line: this runs for every
	 * candidate, on the engine's thread.
	 */
	static String field(String line, int index) {
		if (line == null) {
			return null;
		}
		String text = line.trim();
		int at = skipSpace(text, 0);
		for (int i = 0; at < text.length(); i++) {
			int end = skipField(text, at);
			if (i == index) {
				return text.substring(at, end);
			}
			at = skipSpace(text, end);
		}
		return null;
	}

	private static int skipSpace(String text, int from) {
		int at = from;
		while (at < text.length() && isSpace(text.charAt(at))) {
			at++;
		}
		return at;
	}

	private static int skipField(String text, int from) {
		int at = from;
		while (at < text.length() && !isSpace(text.charAt(at))) {
			at++;
		}
		return at;
	}

	/**
	 * {@code \\s} of {@link java.util.regex.Pattern}: space, tab, newline, vertical tab,
	 * form feed, return.
	 */
	private static boolean isSpace(char c) {
		return c == ' ' || c == '\t' || c == '\n' || c == 0x0B || c == '\f' || c == '\r';
	}

}
