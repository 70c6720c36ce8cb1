package dev.specter.webrtc;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import dev.specter.OperationRejectedException;

/**
 * Checks SDP text against the grammar libwebrtc accepts before it is handed over (RFC
 * 8866 line grammar and order, the m-line, c=, b=, t= and the a= attributes libwebrtc
 * parses into numbers or fixed words, RFC 8839 candidate lines). A refusal is an
 * {@link OperationRejectedException} that names the line number and its type or attribute
 * name, never its value.
 * <p>
 * Beyond RFC 8866, every character must be printable ASCII ({@code 0x20-0x7E}) other than
 * {@code %}, with lines ended by CRLF or LF: libwebrtc 0.14's error path uses the text of
 * a line it refuses as a printf format string (see docs/native-input.md), and no browser
 * or WebRTC stack puts {@code %}, a control byte or a non-ASCII byte into an offer or
 * answer.
 */
final class SdpGrammar {

	/**
	 * Longest line accepted; the longest lines of real descriptions (fingerprints,
	 * candidates) are under 300.
	 */
	static final int MAX_LINE = 2048;

	/** Most m-sections accepted. */
	static final int MAX_MEDIA_SECTIONS = 256;

	private static final Set<String> MEDIA = Set.of("audio", "video", "application");

	private static final Set<String> SETUP = Set.of("actpass", "active", "passive", "holdconn");

	private static final Set<String> DIRECTIONS = Set.of("sendonly", "recvonly", "sendrecv", "inactive");

	/**
	 * Session-level line types in RFC 8866 order (an index is the rank; equal ranks may
	 * repeat).
	 */
	/*
	 * Compiled once: String.matches compiles its pattern on every call, on every
	 * description of every connection (and makes the JIT compile the regex compiler).
	 */
	private static final Pattern PROTOCOL = Pattern.compile("[A-Za-z0-9]+(/[A-Za-z0-9]+)*");

	private static final Pattern FINGERPRINT = Pattern
		.compile("[A-Za-z0-9-]{1,16} [0-9A-Fa-f]{2}(:[0-9A-Fa-f]{2}){0,127}");

	private static final Pattern ENCODING = Pattern.compile("[A-Za-z0-9._-]{1,64}");

	private static final String SESSION_ORDER = "iuepcbtzka";

	private static final String MEDIA_ORDER = "icbka";

	private SdpGrammar() {
	}

	/**
	 * What a checked description holds.
	 *
	 * @param mids the {@code a=mid} of each m-section, in order ({@code null} for a
	 * section without one)
	 */
	record Summary(List<String> mids) {

		int mediaSections() {
			return this.mids.size();
		}

	}

	/**
	 * Checks a description.
	 * @param sdp the SDP
	 * @return what it holds
	 * @throws OperationRejectedException naming the first line that breaks the grammar
	 */
	static Summary check(String sdp) {
		if (sdp == null || sdp.isEmpty()) {
			throw refuse(0, null, "the description is empty");
		}
		checkCharacters(sdp);
		List<String> lines = lines(sdp);
		if (lines.size() < 4) {
			throw refuse(lines.size(), null, "a description needs at least the v=, o=, s= and t= lines");
		}
		if (!lines.get(0).equals("v=0")) {
			throw refuse(1, lines.get(0), "the first line must be v=0");
		}
		checkOrigin(lines.get(1));
		if (!lines.get(2).startsWith("s=")) {
			throw refuse(3, lines.get(2), "the third line must be s=");
		}
		List<String> mids = new ArrayList<>();
		boolean inMedia = false;
		int rank = 0;
		boolean timing = false;
		String mid = null;
		for (int i = 3; i < lines.size(); i++) {
			int number = i + 1;
			String line = lines.get(i);
			if (line.length() < 2 || line.charAt(1) != '=' || line.charAt(0) < 'a' || line.charAt(0) > 'z') {
				throw refuse(number, line, "a line must be <lowercase letter>=<value>");
			}
			char type = line.charAt(0);
			String value = line.substring(2);
			if (type == 'm') {
				if (!timing) {
					throw refuse(number, line, "a t= line must come before the first m= line");
				}
				if (inMedia) {
					mids.add(mid);
				}
				if (mids.size() >= MAX_MEDIA_SECTIONS) {
					throw refuse(number, line, "more than " + MAX_MEDIA_SECTIONS + " m-sections");
				}
				checkMedia(number, line, value);
				inMedia = true;
				rank = 0;
				mid = null;
				continue;
			}
			String order = inMedia ? MEDIA_ORDER : SESSION_ORDER;
			int position = order.indexOf(type);
			if (type == 'r' && !inMedia && rank == SESSION_ORDER.indexOf('t')) {
				position = rank;
			}
			if (position < 0) {
				throw refuse(number, line,
						"a " + type + "= line is not allowed " + (inMedia ? "in an m-section" : "here"));
			}
			if (position < rank) {
				throw refuse(number, line, "line out of the RFC 8866 order");
			}
			rank = position;
			switch (type) {
				case 't' -> {
					timing = true;
					checkTiming(number, line, value);
				}
				case 'c' -> checkConnection(number, line, value);
				case 'b' -> checkBandwidth(number, line, value);
				case 'a' -> {
					String found = checkAttribute(number, line, value);
					if (found != null) {
						if (!inMedia) {
							throw refuse(number, line, "a=mid belongs in an m-section");
						}
						if (mid != null) {
							throw refuse(number, line, "an m-section has one a=mid");
						}
						mid = found;
					}
				}
				default -> {
					// i=, u=, e=, p=, z=, k=, r=: free text, checked for characters
					// already
				}
			}
		}
		if (!timing) {
			throw refuse(lines.size(), null, "a description needs a t= line");
		}
		if (inMedia) {
			mids.add(mid);
		}
		return new Summary(Collections.unmodifiableList(mids));
	}

	private static void checkCharacters(String sdp) {
		int line = 1;
		for (int i = 0; i < sdp.length(); i++) {
			char c = sdp.charAt(i);
			if (c == '\n') {
				line++;
			}
			else if (c == '\r') {
				if (i + 1 >= sdp.length() || sdp.charAt(i + 1) != '\n') {
					throw refuse(line, null, "a carriage return must be followed by a line feed");
				}
			}
			else if (c < 0x20 || c > 0x7E) {
				throw refuse(line, null, "character " + NativeInput.describe(c) + " is not allowed"
						+ " (only printable ASCII, with CRLF or LF line ends)");
			}
			else if (c == '%') {
				throw refuse(line, null, "'%' is not allowed in SDP");
			}
		}
	}

	private static List<String> lines(String sdp) {
		List<String> lines = new ArrayList<>();
		int start = 0;
		while (start < sdp.length()) {
			int end = sdp.indexOf('\n', start);
			if (end < 0) {
				end = sdp.length();
			}
			int stop = (end > start && sdp.charAt(end - 1) == '\r') ? end - 1 : end;
			String line = sdp.substring(start, stop);
			if (line.isEmpty()) {
				throw refuse(lines.size() + 1, null, "empty line");
			}
			if (line.length() > MAX_LINE) {
				throw refuse(lines.size() + 1, line, "line longer than " + MAX_LINE + " characters");
			}
			lines.add(line);
			start = end + 1;
		}
		return lines;
	}

	private static void checkOrigin(String line) {
		if (!line.startsWith("o=")) {
			throw refuse(2, line, "the second line must be o=");
		}
		String[] fields = line.substring(2).split(" ", -1);
		if (fields.length != 6 || fields[0].isEmpty() || !SdpTokens.digits(fields[1], 20)
				|| !SdpTokens.digits(fields[2], 20) || !fields[3].equals("IN")
				|| !(fields[4].equals("IP4") || fields[4].equals("IP6")) || !SdpTokens.address(fields[5])) {
			throw refuse(2, line, "o= must be <username> <sess-id> <sess-version> IN IP4|IP6 <address>");
		}
	}

	private static void checkMedia(int number, String line, String value) {
		String[] fields = value.split(" ", -1);
		if (fields.length < 3) {
			throw refuse(number, line, "m= must be <media> <port> <proto> <fmt> ...");
		}
		if (!MEDIA.contains(fields[0])) {
			throw refuse(number, line, "m-line media must be audio, video or application");
		}
		String port = fields[1];
		int slash = port.indexOf('/');
		if (slash >= 0) {
			if (!SdpTokens.digits(port.substring(slash + 1), 5)) {
				throw refuse(number, line, "the m= port count must be a number");
			}
			port = port.substring(0, slash);
		}
		if (!SdpTokens.number(port, 65535)) {
			throw refuse(number, line, "the m= port must be 0 to 65535");
		}
		if (!PROTOCOL.matcher(fields[2]).matches()) {
			throw refuse(number, line, "the m= protocol must be tokens separated by /");
		}
		boolean rtp = fields[2].contains("RTP");
		for (int i = 3; i < fields.length; i++) {
			if (rtp ? !SdpTokens.number(fields[i], 127) : !SdpTokens.token(fields[i], 64)) {
				throw refuse(number, line,
						rtp ? "an RTP m= format must be a payload type 0 to 127" : "an m= format must be a token");
			}
		}
	}

	private static void checkTiming(int number, String line, String value) {
		String[] fields = value.split(" ", -1);
		if (fields.length != 2 || !SdpTokens.digits(fields[0], 20) || !SdpTokens.digits(fields[1], 20)) {
			throw refuse(number, line, "t= must be <start> <stop>");
		}
	}

	private static void checkConnection(int number, String line, String value) {
		String[] fields = value.split(" ", -1);
		if (fields.length != 3 || !fields[0].equals("IN") || !(fields[1].equals("IP4") || fields[1].equals("IP6"))) {
			throw refuse(number, line, "c= must be IN IP4|IP6 <address>");
		}
		String[] address = fields[2].split("/", -1);
		if (address.length > 3 || !SdpTokens.address(address[0])) {
			throw refuse(number, line, "c= address is malformed");
		}
		for (int i = 1; i < address.length; i++) {
			if (!SdpTokens.digits(address[i], 5)) {
				throw refuse(number, line, "c= address suffix must be a number");
			}
		}
	}

	private static void checkBandwidth(int number, String line, String value) {
		int colon = value.indexOf(':');
		if (colon <= 0 || !SdpTokens.token(value.substring(0, colon), 32)
				|| !SdpTokens.number(value.substring(colon + 1), Integer.MAX_VALUE)) {
			throw refuse(number, line, "b= must be <type>:<number>");
		}
	}

	/** Checks an a= line; returns the value of an {@code a=mid}, else {@code null}. */
	private static String checkAttribute(int number, String line, String value) {
		int colon = value.indexOf(':');
		String name = (colon >= 0) ? value.substring(0, colon) : value;
		String argument = (colon >= 0) ? value.substring(colon + 1) : null;
		if (!SdpTokens.token(name, 64)) {
			throw refuse(number, line, "an attribute name must be a token");
		}
		if (argument == null) {
			return null;
		}
		String problem = switch (name) {
			case "candidate" -> CandidateGrammar.problem(argument);
			case "mid" -> SdpTokens.token(argument, 64) ? null : "a=mid must be a token of at most 64 characters";
			case "ice-ufrag", "ice-pwd" ->
				SdpTokens.iceChars(argument, 256) ? null : "ICE credentials are 1 to 256 of A-Z a-z 0-9 + /";
			case "fingerprint" -> FINGERPRINT.matcher(argument).matches() ? null
					: "a=fingerprint must be <hash> <hex pairs separated by :>";
			case "setup" -> SETUP.contains(argument) ? null : "a=setup must be actpass, active, passive or holdconn";
			case "rtpmap" -> rtpmap(argument);
			case "fmtp" -> SdpTokens.fields(argument, 2, true)
					&& (SdpTokens.number(first(argument), 127) || SdpTokens.token(first(argument), 64)) ? null
							: "a=fmtp must be <format> <parameters>";
			case "rtcp-fb" -> SdpTokens.fields(argument, 2, true)
					&& (first(argument).equals("*") || SdpTokens.number(first(argument), 127)) ? null
							: "a=rtcp-fb must be <payload type or *> <type> ...";
			case "extmap" -> extmap(argument);
			case "ssrc" -> {
				int space = argument.indexOf(' ');
				yield (space > 0 && SdpTokens.number(argument.substring(0, space), 4294967295L)
						&& space + 1 < argument.length()
						&& SdpTokens.token(attributeName(argument.substring(space + 1)), 64)) ? null
								: "a=ssrc must be <ssrc> <attribute>[:<value>]";
			}
			case "ssrc-group" -> ssrcGroup(argument);
			case "sctp-port" -> SdpTokens.number(argument, 65535) ? null : "a=sctp-port must be 0 to 65535";
			case "max-message-size" ->
				SdpTokens.number(argument, Integer.MAX_VALUE) ? null : "a=max-message-size must be a number";
			case "rtcp" -> SdpTokens.number(first(argument), 65535) ? null : "a=rtcp must start with a port 0 to 65535";
			case "ptime", "maxptime" -> SdpTokens.number(argument, 100_000) ? null : "a=" + name + " must be a number";
			case "group", "msid" ->
				SdpTokens.tokens(argument) ? null : "a=" + name + " must be tokens separated by spaces";
			default -> null;
		};
		if (problem != null) {
			throw refuse(number, line, problem);
		}
		return name.equals("mid") ? argument : null;
	}

	private static String rtpmap(String argument) {
		String[] fields = argument.split(" ", -1);
		if (fields.length == 2 && SdpTokens.number(fields[0], 127)) {
			String[] parts = fields[1].split("/", -1);
			if (parts.length >= 2 && parts.length <= 3 && ENCODING.matcher(parts[0]).matches()
					&& SdpTokens.number(parts[1], Integer.MAX_VALUE)
					&& (parts.length == 2 || SdpTokens.number(parts[2], 255))) {
				return null;
			}
		}
		return "a=rtpmap must be <payload type> <encoding>/<clock rate>[/<channels>]";
	}

	private static String extmap(String argument) {
		String[] fields = argument.split(" ", -1);
		if (fields.length >= 2) {
			String[] id = fields[0].split("/", -1);
			if (id.length <= 2 && SdpTokens.number(id[0], 255) && (id.length == 1 || DIRECTIONS.contains(id[1]))
					&& !fields[1].isEmpty()) {
				return null;
			}
		}
		return "a=extmap must be <id>[/<direction>] <uri> ...";
	}

	private static String ssrcGroup(String argument) {
		String[] fields = argument.split(" ", -1);
		if (!SdpTokens.token(fields[0], 64)) {
			return "a=ssrc-group must be <semantics> <ssrc> ...";
		}
		for (int i = 1; i < fields.length; i++) {
			if (!SdpTokens.number(fields[i], 4294967295L)) {
				return "a=ssrc-group must be <semantics> <ssrc> ...";
			}
		}
		return null;
	}

	private static String attributeName(String text) {
		int colon = text.indexOf(':');
		return (colon >= 0) ? text.substring(0, colon) : text;
	}

	private static String first(String text) {
		int space = text.indexOf(' ');
		return (space >= 0) ? text.substring(0, space) : text;
	}

	static OperationRejectedException refuse(int line, String text, String problem) {
		StringBuilder message = new StringBuilder("SDP rejected");
		if (line > 0) {
			message.append(" at line ").append(line);
		}
		if (text != null) {
			message.append(" (").append(NativeInput.quote(lineName(text), 40)).append(')');
		}
		return new OperationRejectedException(message.append(": ").append(problem).toString());
	}

	/**
	 * The type of a line, and for an a= line its attribute name: what a refusal may name.
	 */
	private static String lineName(String line) {
		if (line.startsWith("a=")) {
			int colon = line.indexOf(':');
			return (colon > 0) ? line.substring(0, colon) : line;
		}
		return (line.length() >= 2) ? line.substring(0, 2) : line;
	}

}
