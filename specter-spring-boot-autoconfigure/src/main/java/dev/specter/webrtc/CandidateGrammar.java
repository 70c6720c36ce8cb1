package dev.specter.webrtc;

import java.util.Set;

/**
 * RFC 8839's candidate-attribute grammar, as libwebrtc parses it:
 * {@code candidate:<foundation> <component> <transport> <priority> <address> <port> typ <type>
 * [raddr <address>] [rport <port>] *(<name> <value>)}, with the extensions libwebrtc
 * reads as numbers ({@code generation}, {@code network-id}, {@code network-cost}) and
 * {@code tcptype} checked too. Characters are printable ASCII without {@code %}.
 */
final class CandidateGrammar {

	private static final Set<String> TYPES = Set.of("host", "srflx", "prflx", "relay");

	private static final Set<String> TCP_TYPES = Set.of("active", "passive", "so");

	private static final Set<String> NUMERIC_EXTENSIONS = Set.of("generation", "network-id", "network-cost");

	private CandidateGrammar() {
	}

	/**
	 * Checks the text of a candidate as an application or a remote peer sends it
	 * ({@code candidate:...}, or {@code a=candidate:...}).
	 * @param candidate the candidate
	 * @return what is wrong with it, or {@code null} if it is well formed
	 */
	static String problemWithLine(String candidate) {
		String text = candidate;
		if (text.startsWith("a=")) {
			text = text.substring(2);
		}
		if (!text.startsWith("candidate:")) {
			return "a candidate must start with candidate:";
		}
		return problem(text.substring("candidate:".length()));
	}

	/**
	 * Checks the value of a candidate attribute (after {@code candidate:}).
	 * @param value the value
	 * @return what is wrong with it, or {@code null} if it is well formed
	 */
	static String problem(String value) {
		String characters = characterProblem(value);
		if (characters != null) {
			return characters;
		}
		String[] fields = value.split(" ", -1);
		if (fields.length < 8) {
			return "a candidate needs <foundation> <component> <transport> <priority> <address> <port> typ <type>";
		}
		if (!SdpTokens.iceChars(fields[0], 32)) {
			return "the foundation must be 1 to 32 of A-Z a-z 0-9 + /";
		}
		if (!SdpTokens.number(fields[1], 256) || fields[1].length() > 3 || fields[1].equals("0")) {
			return "the component must be 1 to 256";
		}
		if (!fields[2].equalsIgnoreCase("udp") && !fields[2].equalsIgnoreCase("tcp")) {
			return "the transport must be UDP or TCP";
		}
		if (!SdpTokens.number(fields[3], 4294967295L)) {
			return "the priority must be 0 to 4294967295";
		}
		if (!SdpTokens.address(fields[4])) {
			return "the address must be an IP address or a host name";
		}
		if (!SdpTokens.number(fields[5], 65535)) {
			return "the port must be 0 to 65535";
		}
		if (!fields[6].equals("typ") || !TYPES.contains(fields[7])) {
			return "typ must be host, srflx, prflx or relay";
		}
		if ((fields.length - 8) % 2 != 0) {
			return "the extensions must be <name> <value> pairs";
		}
		for (int i = 8; i < fields.length; i += 2) {
			String name = fields[i];
			String extension = fields[i + 1];
			if (!SdpTokens.token(name, 64) || extension.isEmpty() || extension.length() > 256) {
				return "the extensions must be <name> <value> pairs";
			}
			if (name.equals("raddr") && !SdpTokens.address(extension)) {
				return "raddr must be an IP address or a host name";
			}
			if (name.equals("rport") && !SdpTokens.number(extension, 65535)) {
				return "rport must be 0 to 65535";
			}
			if (NUMERIC_EXTENSIONS.contains(name) && !SdpTokens.number(extension, Integer.MAX_VALUE)) {
				return name + " must be a number";
			}
			if (name.equals("tcptype") && !TCP_TYPES.contains(extension)) {
				return "tcptype must be active, passive or so";
			}
			if (name.equals("ufrag") && !SdpTokens.iceChars(extension, 256)) {
				return "ufrag must be 1 to 256 of A-Z a-z 0-9 + /";
			}
		}
		return null;
	}

	/**
	 * The character check, a method of its own: its loop (one pass per character) made
	 * the JIT compile all of {@link #problem} twice, on-stack replacement first (JFR,
	 * loaded burst: 0.65 s and 0.86 s of C2 time).
	 */
	private static String characterProblem(String value) {
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			if (c < 0x20 || c > 0x7E) {
				return "character " + NativeInput.describe(c) + " is not allowed in a candidate";
			}
			if (c == '%') {
				return "'%' is not allowed in a candidate";
			}
		}
		return null;
	}

}
