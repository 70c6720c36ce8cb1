package dev.specter.fuzz;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.stream.Stream;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Generates fuzz inputs deterministically from a seed and an index, so that the parent
 * and the child JVM of {@code NativeFuzzIT} agree on input {@code i} without sending it,
 * and a crashing input can be regenerated and saved by the parent. Mutations are
 * structure-aware (SDP lines dropped, duplicated, swapped, moved; fields of a line or a
 * candidate replaced) and hostile (printf format specifiers, overlong text, control
 * bytes, NULs, unpaired surrogates, numeric extremes, broken line ends); STOMP payloads
 * may also carry invalid UTF-8 bytes.
 */
public final class FuzzInputs {

	/** What an input exercises. */
	public enum Op {

		SET_REMOTE, SET_REMOTE_JSON, SET_LOCAL, SET_LOCAL_JSON, CANDIDATE, CANDIDATE_JSON, DATA_CHANNEL, NEW_TRACK,
		MEDIA_ENGINE, CONFIG, STOMP,

		/**
		 * Test-only: the SDP goes to a raw webrtc-java connection, past the guard (proves
		 * the harness catches a crash).
		 */
		RAW_SET_REMOTE

	}

	/**
	 * One input.
	 *
	 * @param index its index
	 * @param op the operation
	 * @param texts its text arguments (meaning depends on the operation)
	 * @param numbers its numeric arguments
	 * @param bytes raw bytes (a STOMP payload), or {@code null}
	 */
	public record Input(long index, Op op, List<String> texts, int[] numbers, byte[] bytes) {

		/** A printable, escaped rendering for crash files and reports. */
		public String describe() {
			StringBuilder out = new StringBuilder("input ").append(this.index).append(' ').append(this.op).append('\n');
			for (int i = 0; i < this.texts.size(); i++) {
				out.append("text[").append(i).append("] = ").append(escape(this.texts.get(i))).append('\n');
			}
			out.append("numbers = ").append(Arrays.toString(this.numbers)).append('\n');
			if (this.bytes != null) {
				out.append("bytes (hex) = ").append(HexFormat.of().formatHex(this.bytes)).append('\n');
			}
			return out.toString();
		}

	}

	static final String[] HOSTILE = { "%n", "%n%n%n%n", "%s%s%s%s%s", "%x%x%x", "%p", "%99999d", "%.99999f", "%1$n",
			"%", "", " ", "-1", "0", "65536", "4294967296", "18446744073709551616", "9".repeat(40), "2147483647",
			"-2147483648", "NaN", "\u0000", "\u0001", "\u007f", "\u0085", "\u2028", "\ud800", "\udc00x", "\u00e9",
			"\ud83d\ude00", "\u202e", "x".repeat(5000), "\r", "\n", "\r\n\r\n", "\t", "<script>", "../../etc/passwd",
			"{}", "\\", "'", "\"", "a=", "m=", "v=0", "candidate:", "::", "[::1]", "256.256.256.256", "0x10" };

	private static final String[] CRASH_VALUES = { "%n%n%n%n", "%s%s%s%s", "%99999d", "%p%x" };

	private final long seed;

	private final long crashAt;

	private final List<String> sdps;

	private final List<String> candidates;

	private final List<String> mids;

	private static final JsonMapper JSON = JsonMapper.builder().build();

	/**
	 * Reads the corpus.
	 * @param seed the seed
	 * @param corpus the directory of captured descriptions and candidates
	 */
	public FuzzInputs(long seed, Path corpus) {
		this(seed, corpus, -1);
	}

	/**
	 * Reads the corpus; input {@code crashAt} is the known crash, sent past the guard.
	 * @param seed the seed
	 * @param corpus the directory of captured descriptions and candidates
	 * @param crashAt the index of the injected crash, -1 for none
	 */
	public FuzzInputs(long seed, Path corpus, long crashAt) {
		this.seed = seed;
		this.crashAt = crashAt;
		List<String> sdps = new ArrayList<>();
		List<String> candidates = new ArrayList<>();
		List<String> mids = new ArrayList<>();
		try (Stream<Path> files = Files.list(corpus)) {
			for (Path file : files.sorted().toList()) {
				JsonNode json = JSON.readTree(Files.readString(file));
				if (file.toString().endsWith("-candidates.json")) {
					for (JsonNode candidate : json) {
						String line = candidate.get("candidate").asString();
						if (!line.isEmpty()) {
							candidates.add(line);
							mids.add(candidate.path("sdpMid").asString("0"));
						}
					}
				}
				else if (json.has("sdp")) {
					sdps.add(json.get("sdp").asString());
				}
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		this.sdps = List.copyOf(sdps);
		this.candidates = List.copyOf(candidates);
		this.mids = List.copyOf(mids);
	}

	/** A real description of the corpus. */
	public String realSdp(int which) {
		return this.sdps.get(Math.floorMod(which, this.sdps.size()));
	}

	/** The known crash of issue 14, with a variable value in {@code a=sctp-port}. */
	public static String crashSdp(String value) {
		return "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\na=group:BUNDLE 0\r\n"
				+ "m=application 9 UDP/DTLS/SCTP webrtc-datachannel\r\nc=IN IP4 0.0.0.0\r\na=mid:0\r\na=sctp-port:"
				+ value + "\r\n";
	}

	/**
	 * Input {@code index}.
	 * @param index the index
	 * @return the input
	 */
	public Input generate(long index) {
		if (index == this.crashAt) {
			return new Input(index, Op.RAW_SET_REMOTE, List.of(crashSdp("%n%n%n%n")), new int[3], null);
		}
		Random random = new Random(this.seed * 0x9E3779B97F4A7C15L + index);
		Op[] ops = Op.values();
		// descriptions and candidates (the remote peer's text) get the most inputs
		int roll = random.nextInt(100);
		Op op;
		if (roll < 30) {
			op = Op.SET_REMOTE;
		}
		else if (roll < 38) {
			op = Op.SET_REMOTE_JSON;
		}
		else if (roll < 44) {
			op = Op.SET_LOCAL;
		}
		else if (roll < 47) {
			op = Op.SET_LOCAL_JSON;
		}
		else if (roll < 65) {
			op = Op.CANDIDATE;
		}
		else if (roll < 71) {
			op = Op.CANDIDATE_JSON;
		}
		else if (roll < 93) {
			op = ops[Op.DATA_CHANNEL.ordinal() + random.nextInt(4)];
		}
		else {
			op = Op.STOMP;
		}
		int[] numbers = { random.nextInt(1 << 20), random.nextInt(1 << 20), random.nextInt(1 << 20) };
		List<String> texts = new ArrayList<>();
		byte[] bytes = null;
		switch (op) {
			case SET_REMOTE, SET_LOCAL -> texts.add(mutatedSdp(random));
			case SET_REMOTE_JSON, SET_LOCAL_JSON -> texts.add(descriptionJson(random));
			case CANDIDATE -> {
				texts.add(mutatedCandidate(random));
				texts.add(mid(random));
				numbers[0] = pickIndex(random);
			}
			case CANDIDATE_JSON -> texts.add(candidateJson(random));
			case DATA_CHANNEL -> {
				texts.add(hostileText(random));
				texts.add(random.nextBoolean() ? "" : hostileText(random));
			}
			case NEW_TRACK -> {
				texts.add(pick(random, "video", "audio", "video/VP8", "video/H264", hostileText(random),
						"video/" + hostileText(random)));
				texts.add(random.nextBoolean() ? "t" + random.nextInt(1000) : hostileText(random));
				texts.add(random.nextBoolean() ? "s" : hostileText(random));
			}
			case MEDIA_ENGINE -> {
				texts.add(pick(random, "video/VP8", "audio/opus", "video/H264", hostileText(random),
						"video/" + hostileText(random)));
				texts.add(pick(random, null, "", "packetization-mode=1", "profile-level-id=42e01f;packetization-mode=1",
						hostileText(random), "x=" + hostileText(random)));
				numbers[1] = pickInt(random, 0, -1, 90000, 48000, Integer.MAX_VALUE, Integer.MIN_VALUE);
				numbers[2] = pickInt(random, 0, -1, 1, 2, 255, Integer.MAX_VALUE);
			}
			case CONFIG -> {
				texts.add(pick(random, "stun:127.0.0.1:3478", "turn:127.0.0.1:3478?transport=udp",
						"stun:" + hostileText(random), "turn:" + hostileText(random), hostileText(random),
						"stun:[::1]:" + hostileNumber(random),
						"turns:h.example:" + hostileNumber(random) + "?transport=" + hostileText(random)));
				texts.add(random.nextBoolean() ? null : hostileText(random));
				texts.add(random.nextBoolean() ? null : hostileText(random));
			}
			case RAW_SET_REMOTE -> throw new IllegalStateException("never generated at random");
			case STOMP -> {
				texts.add(pick(random, "connect", "offer", "answer", "candidate", "close"));
				String json = stompJson(random, texts.get(0));
				texts.add(json);
				if (random.nextInt(5) == 0) {
					bytes = invalidUtf8(random, json);
				}
			}
		}
		return new Input(index, op, texts, numbers, bytes);
	}

	private String descriptionJson(Random random) {
		String type = pick(random, "offer", "answer", "pranswer", "rollback", hostileText(random));
		String sdp = mutatedSdp(random);
		return switch (random.nextInt(6)) {
			case 0 -> "{\"type\":" + quote(type) + ",\"sdp\":" + quote(sdp) + "}";
			case 1 -> "{\"type\":\"offer\",\"sdp\":" + quote(sdp) + "}";
			case 2 -> truncate(random, "{\"type\":\"offer\",\"sdp\":" + quote(sdp) + "}");
			case 3 -> "{\"type\":\"offer\",\"sdp\":" + quote(sdp) + ",\"extra\":" + quote(hostileText(random)) + "}";
			case 4 -> hostileText(random);
			default -> "{\"type\":\"offer\",\"sdp\":" + pick(random, "null", "5", "[]", "{}", "true") + "}";
		};
	}

	private String candidateJson(Random random) {
		String candidate = mutatedCandidate(random);
		return switch (random.nextInt(5)) {
			case 0 -> "{\"candidate\":" + quote(candidate) + ",\"sdpMid\":" + quote(mid(random)) + ",\"sdpMLineIndex\":"
					+ pickIndex(random) + "}";
			case 1 -> "{\"candidate\":" + quote(candidate) + ",\"sdp_mid\":" + quote(mid(random))
					+ ",\"sdp_mline_index\":" + hostileNumber(random) + "}";
			case 2 -> truncate(random, "{\"candidate\":" + quote(candidate) + ",\"sdpMid\":\"0\"}");
			case 3 -> "{\"candidate\":" + pick(random, "null", "5", "[]", "{}", quote(hostileText(random))) + "}";
			default -> hostileText(random);
		};
	}

	private String stompJson(Random random, String command) {
		String pc = "\"peerConnection\":"
				+ pick(random, "\"$PC\"", "\"$PC\"", "\"$PC\"", quote(hostileText(random)), "5", "null");
		String requestId = "\"requestId\":" + pick(random, "\"r1\"", quote(hostileText(random)), "1e400", "[]");
		return switch (command) {
			case "offer",
					"answer" ->
				(random.nextInt(8) == 0) ? truncate(random, "{" + pc + "}")
						: "{" + requestId + "," + pc + ",\"description\":"
								+ pick(random, descriptionJson(random), "null", "5",
										"{\"type\":\"" + command + "\",\"sdp\":" + quote(mutatedSdp(random)) + "}")
								+ "}";
			case "candidate" ->
				"{" + requestId + "," + pc + ",\"candidate\":" + pick(random, candidateJson(random), "null", "\"x\"",
						"{\"candidate\":" + quote(mutatedCandidate(random)) + ",\"sdpMid\":" + quote(mid(random)) + "}")
						+ "}";
			case "close" ->
				"{" + requestId + "," + pick(random, pc, "\"peerConnection\":" + quote(hostileText(random))) + "}";
			default -> pick(random, "{}", "{" + requestId + "}", hostileText(random), "[",
					"{\"requestId\":" + quote(hostileText(random)) + "}");
		};
	}

	private static byte[] invalidUtf8(Random random, String json) {
		byte[] text = json.getBytes(StandardCharsets.UTF_8);
		byte[][] bad = { { (byte) 0xC0, (byte) 0x80 }, { (byte) 0xFF }, { (byte) 0xED, (byte) 0xA0, (byte) 0x80 },
				{ (byte) 0xF8, (byte) 0x88, (byte) 0x80, (byte) 0x80, (byte) 0x80 }, { (byte) 0xE2, (byte) 0x82 },
				{ 0 } };
		byte[] insert = bad[random.nextInt(bad.length)];
		int at = random.nextInt(text.length + 1);
		byte[] out = new byte[text.length + insert.length];
		System.arraycopy(text, 0, out, 0, at);
		System.arraycopy(insert, 0, out, at, insert.length);
		System.arraycopy(text, at, out, at + insert.length, text.length - at);
		return out;
	}

	String mutatedSdp(Random random) {
		if (random.nextInt(25) == 0) {
			return crashSdp(pick(random, CRASH_VALUES));
		}
		String sdp = realSdp(random.nextInt(1 << 16));
		if (random.nextInt(10) == 0) {
			return sdp; // unchanged: real descriptions must keep working
		}
		List<String> lines = new ArrayList<>(Arrays.asList(sdp.split("\r\n", -1)));
		if (!lines.isEmpty() && lines.get(lines.size() - 1).isEmpty()) {
			lines.remove(lines.size() - 1);
		}
		int mutations = 1 + random.nextInt(3);
		for (int m = 0; m < mutations && !lines.isEmpty(); m++) {
			int at = random.nextInt(lines.size());
			switch (random.nextInt(10)) {
				case 0 -> lines.remove(at);
				case 1 -> {
					String copy = lines.get(at);
					lines.add(random.nextInt(lines.size() + 1), copy);
				}
				case 2 -> {
					int other = random.nextInt(lines.size());
					String line = lines.get(at);
					lines.set(at, lines.get(other));
					lines.set(other, line);
				}
				case 3 -> {
					String moved = lines.remove(at);
					lines.add(random.nextInt(lines.size() + 1), moved);
				}
				case 4, 5, 6 -> lines.set(at, mutateFields(random, lines.get(at)));
				case 7 -> lines.add(at,
						pick(random, "a=" + hostileText(random), "a=x:" + "y".repeat(random.nextInt(70_000)),
								"a=candidate:" + mutatedCandidate(random).replaceFirst("^(a=)?candidate:", ""),
								"m=" + pick(random, "audio", "video", "application", hostileText(random)) + " "
										+ hostileNumber(random) + " UDP/TLS/RTP/SAVPF " + hostileNumber(random),
								"a=sctp-port:" + hostileText(random), "a=mid:" + hostileText(random),
								"b=AS:" + hostileNumber(random)));
				case 8 -> lines.set(at, lines.get(at).toUpperCase(Locale.ROOT));
				default -> lines.set(at, insertAt(random, lines.get(at), hostileText(random)));
			}
		}
		String separator = pick(random, "\r\n", "\r\n", "\r\n", "\n", "\r", "\r\r\n", "\n\r");
		String joined = String.join(separator, lines);
		return random.nextInt(10) == 0 ? joined : joined + separator;
	}

	/**
	 * Replaces one field of a line (split at spaces, colons and slashes) with a hostile
	 * value.
	 */
	private static String mutateFields(Random random, String line) {
		List<String> parts = new ArrayList<>();
		StringBuilder current = new StringBuilder();
		for (char c : line.toCharArray()) {
			if (c == ' ' || c == ':' || c == '/' || c == '=' || c == ';') {
				parts.add(current.toString());
				parts.add(String.valueOf(c));
				current.setLength(0);
			}
			else {
				current.append(c);
			}
		}
		parts.add(current.toString());
		int field = random.nextInt((parts.size() + 1) / 2) * 2;
		parts.set(field, random.nextBoolean() ? hostileText(random) : hostileNumber(random));
		if (random.nextInt(4) == 0 && parts.size() > 2) {
			parts.remove(parts.size() - 1); // drop the last field
		}
		return String.join("", parts);
	}

	String mutatedCandidate(Random random) {
		String line = this.candidates.get(random.nextInt(this.candidates.size()));
		if (random.nextInt(10) == 0) {
			return line;
		}
		List<String> fields = new ArrayList<>(Arrays.asList(line.split(" ", -1)));
		int mutations = 1 + random.nextInt(2);
		for (int m = 0; m < mutations; m++) {
			int at = random.nextInt(fields.size());
			switch (random.nextInt(6)) {
				case 0 -> fields.remove(at);
				case 1 -> {
					String copy = fields.get(at);
					fields.add(at, copy);
				}
				case 2 -> fields.set(at, hostileNumber(random));
				case 3 -> {
					int other = random.nextInt(fields.size());
					String field = fields.get(at);
					fields.set(at, fields.get(other));
					fields.set(other, field);
				}
				default -> fields.set(at, hostileText(random));
			}
			if (fields.isEmpty()) {
				fields.add("candidate:");
			}
		}
		return String.join(pick(random, " ", " ", " ", "  ", "\t"), fields);
	}

	private String mid(Random random) {
		return pick(random, this.mids.get(random.nextInt(this.mids.size())), "0", "1", "", "999", null,
				hostileText(random));
	}

	private static int pickIndex(Random random) {
		return pickInt(random, 0, 1, 2, 999, -1, 65536, Integer.MAX_VALUE, Integer.MIN_VALUE);
	}

	static String hostileText(Random random) {
		String text = HOSTILE[random.nextInt(HOSTILE.length)];
		if (random.nextInt(4) == 0) {
			text = text + HOSTILE[random.nextInt(HOSTILE.length)];
		}
		return text;
	}

	static String hostileNumber(Random random) {
		return pick(random, "-1", "0", "1", "65535", "65536", "127", "128", "255", "256", "2147483647", "2147483648",
				"4294967295", "4294967296", "9223372036854775807", "9223372036854775808", "18446744073709551616",
				"9".repeat(100), "1e9", "0x10", "+1", "-0", "00001", "1.5", "%d", "%n");
	}

	private static String insertAt(Random random, String text, String insert) {
		int at = random.nextInt(text.length() + 1);
		return text.substring(0, at) + insert + text.substring(at);
	}

	private static String truncate(Random random, String text) {
		return text.substring(0, random.nextInt(text.length() + 1));
	}

	static String quote(String text) {
		return JSON.writeValueAsString(text);
	}

	@SafeVarargs
	static <T> T pick(Random random, T... choices) {
		return choices[random.nextInt(choices.length)];
	}

	static int pickInt(Random random, int... choices) {
		return choices[random.nextInt(choices.length)];
	}

	static String escape(String text) {
		if (text == null) {
			return "null";
		}
		StringBuilder out = new StringBuilder("\"");
		for (char c : text.toCharArray()) {
			if (c >= 0x20 && c < 0x7F && c != '"' && c != '\\') {
				out.append(c);
			}
			else {
				out.append(String.format("\\u%04x", (int) c));
			}
		}
		return out.append('"').toString();
	}

}
