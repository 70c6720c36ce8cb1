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
		if (address.indexOf(':') >= 0) {
			return address.chars().allMatch((c) -> Character.digit(c, 16) >= 0 || c == ':' || c == '.' || c == '%');
		}
		return address.chars().allMatch((c) -> (c >= '0' && c <= '9') || c == '.');
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

	private static String[] fields(String line) {
		return (line != null) ? line.trim().split("\\s+") : new String[0];
	}

}
