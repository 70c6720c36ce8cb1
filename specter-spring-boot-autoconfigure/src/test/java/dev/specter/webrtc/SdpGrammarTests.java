package dev.specter.webrtc;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import dev.specter.ErrorCode;
import dev.specter.InvalidInputException;
import dev.specter.OperationRejectedException;
import dev.specter.SpecterException;
import dev.specter.signaling.IceCandidate;
import dev.specter.signaling.SdpType;
import dev.specter.signaling.SessionDescription;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@link SdpGrammar} and {@link CandidateGrammar} against the captured corpus (every real
 * offer, answer and candidate passes) and against what libwebrtc must never see.
 */
class SdpGrammarTests {

	static final Path CORPUS = Path.of("src/test/resources/sdp-corpus");

	private static final String CRASH = "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\na=group:BUNDLE 0\r\n"
			+ "m=application 9 UDP/DTLS/SCTP webrtc-datachannel\r\nc=IN IP4 0.0.0.0\r\na=mid:0\r\n"
			+ "a=sctp-port:%n%n%n%n\r\n";

	private static final String MINIMAL = "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\na=group:BUNDLE 0\r\n"
			+ "m=application 9 UDP/DTLS/SCTP webrtc-datachannel\r\nc=IN IP4 0.0.0.0\r\na=mid:0\r\na=sctp-port:5000\r\n";

	static List<Path> corpus(String suffix) throws IOException {
		try (Stream<Path> files = Files.list(CORPUS)) {
			return files.filter((f) -> f.getFileName().toString().endsWith(suffix)).sorted().toList();
		}
	}

	static JsonNode read(Path file) throws IOException {
		return JsonMapper.builder().build().readTree(Files.readString(file));
	}

	@Test
	void everyCapturedDescriptionPasses() throws IOException {
		List<Path> files = new ArrayList<>(corpus("-offer.json"));
		files.addAll(corpus("-answer.json"));
		assertThat(files).hasSizeGreaterThanOrEqualTo(24);
		for (Path file : files) {
			String sdp = read(file).get("sdp").asString();
			assertThatCode(() -> SdpGrammar.check(sdp)).as(file.getFileName().toString()).doesNotThrowAnyException();
			assertThat(SdpGrammar.check(sdp).mediaSections()).as(file.toString()).isPositive();
			// LF line ends as well
			assertThatCode(() -> SdpGrammar.check(sdp.replace("\r\n", "\n"))).doesNotThrowAnyException();
		}
	}

	@Test
	void everyCapturedCandidatePasses() throws IOException {
		int count = 0;
		for (Path file : corpus("-candidates.json")) {
			for (JsonNode candidate : read(file)) {
				String line = candidate.get("candidate").asString();
				if (line.isEmpty()) {
					continue; // Firefox's end-of-candidates, which never reaches the
								// engine
				}
				assertThat(CandidateGrammar.problemWithLine(line)).as(file.getFileName() + ": " + line).isNull();
				assertThat(CandidateGrammar.problemWithLine(line.startsWith("a=") ? line.substring(2) : "a=" + line))
					.isNull();
				count++;
			}
		}
		assertThat(count).isGreaterThan(20);
	}

	@Test
	void midsAreReadPerSection() {
		assertThat(SdpGrammar.check(MINIMAL).mids()).containsExactly("0");
		String two = MINIMAL + "m=video 9 UDP/TLS/RTP/SAVPF 96\r\nc=IN IP4 0.0.0.0\r\na=rtpmap:96 VP8/90000\r\n";
		assertThat(SdpGrammar.check(two).mids()).containsExactly("0", null);
	}

	@Test
	void theKnownCrashIsRefusedNamingItsLineButNotItsValue() {
		assertThatThrownBy(() -> SdpGrammar.check(CRASH)).isInstanceOf(OperationRejectedException.class)
			.hasMessageContaining("line 9")
			.hasMessageNotContaining("%n");
		SessionDescription description = new SessionDescription(SdpType.OFFER, CRASH);
		assertThatThrownBy(() -> NativeInput.description(description, NativeInput.Origin.REMOTE))
			.isInstanceOf(OperationRejectedException.class)
			.hasMessageStartingWith("remote SDP rejected at line 9");
	}

	@Test
	void malformedDescriptionsAreRefused() {
		List<String> bad = List.of("", "garbage", "v=0\r\n", "v=1\r\n" + MINIMAL.substring(5),
				MINIMAL.replace("o=- 1 2 IN IP4 127.0.0.1", "o=- x 2 IN IP4 127.0.0.1"), MINIMAL.replace("s=-\r\n", ""),
				MINIMAL.replace("t=0 0\r\n", ""),
				MINIMAL.replace("t=0 0\r\na=group:BUNDLE 0", "a=group:BUNDLE 0\r\nt=0 0"),
				MINIMAL.replace("m=application", "m=bogus"), MINIMAL.replace(" 9 UDP", " 99999 UDP"),
				MINIMAL.replace("a=sctp-port:5000", "a=sctp-port:-1"),
				MINIMAL.replace("a=sctp-port:5000", "a=sctp-port:5000x"),
				MINIMAL.replace("a=mid:0", "a=mid:0\r\na=mid:1"), MINIMAL.replace("\r\nc=", "\r\n\r\nc="),
				MINIMAL.replace("a=mid:0", "a=mid:\u0000"), MINIMAL.replace("s=-", "s=\u00e9"),
				MINIMAL.replace("s=-", "s=\ud800"), MINIMAL.replace("\r\n", "\r"), MINIMAL + "X=1\r\n",
				MINIMAL + "a=candidate:1 1 udp 1 1.2.3.4 99999 typ host\r\n",
				MINIMAL + "a=" + "x".repeat(SdpGrammar.MAX_LINE) + "\r\n", MINIMAL + "b=AS:99999999999\r\n",
				MINIMAL.replace("a=sctp-port:5000", "a=max-message-size:4294967296"),
				MINIMAL + "m=audio 9 UDP/TLS/RTP/SAVPF 111 x\r\n", MINIMAL + "a=rtpmap:96 VP8\r\n",
				MINIMAL + "a=fingerprint:sha-256 zz\r\n", MINIMAL + "a=setup:sideways\r\n",
				MINIMAL + "a=extmap:300 urn:x\r\n", MINIMAL + "a=ssrc:4294967296 cname:x\r\n",
				MINIMAL + "a=ice-ufrag:a b\r\n", MINIMAL + "a=%s\r\n", MINIMAL + "a=x:%99999d\r\n");
		for (String sdp : bad) {
			assertThatThrownBy(() -> SdpGrammar.check(sdp)).as(sdp)
				.isInstanceOf(OperationRejectedException.class)
				.extracting((ex) -> ((SpecterException) ex).code())
				.isEqualTo(ErrorCode.REJECTED);
		}
	}

	@Test
	void refusalsQuoteNoHostileText() {
		String hostile = MINIMAL.replace("a=sctp-port:5000", "a=sctp-port:<script>\u202e");
		assertThatThrownBy(() -> SdpGrammar.check(hostile)).hasMessageNotContaining("<script>")
			.hasMessageContaining("U+202E");
		String longName = MINIMAL + "a=" + "y".repeat(500) + ":%x\r\n";
		assertThatThrownBy(() -> SdpGrammar.check(longName)).message().asString().hasSizeLessThan(200);
	}

	@Test
	void malformedCandidatesAreRefused() {
		for (String line : List.of("", "candidate:", "candidate:garbage", "not a candidate",
				"candidate:1 1 udp x 1.2.3.4 9 typ host", "candidate:1 1 udp 2122260223 1.2.3.4 99999 typ host",
				"candidate:1 0 udp 1 1.2.3.4 9 typ host", "candidate:1 1 sctp 1 1.2.3.4 9 typ host",
				"candidate:1 1 udp 4294967296 1.2.3.4 9 typ host", "candidate:1 1 udp 1 1.2.3.4 9 typ bogus",
				"candidate:1 1 udp 1 1.2.3.4 9 typ host generation",
				"candidate:1 1 udp 1 1.2.3.4 9 typ host generation x",
				"candidate:1 1 udp 1 1.2.3.4 9 typ host tcptype sideways", "candidate:%n%n 1 udp 1 1.2.3.4 9 typ host",
				"candidate:1 1 udp 1 1.2.3.4 9 typ host ufrag %s", "candidate:1 1 udp 1 <script> 9 typ host",
				"candidate:1 1 udp 1 1.2.3.4 9 typ host\r\n", "candidate:1 1 udp 1 1.2.3.4 9 typ host\u0000",
				"candidate:1  1 udp 1 1.2.3.4 9 typ host",
				"candidate:" + "9".repeat(40) + " 1 udp 1 1.2.3.4 1 typ host")) {
			assertThat(CandidateGrammar.problemWithLine(line)).as(line).isNotNull();
		}
		assertThat(CandidateGrammar
			.problemWithLine("candidate:1 1 udp 2122260223 192.0.2.99 50000 typ srflx raddr 0.0.0.0 rport 0"
					+ " generation 0 ufrag abcd"))
			.isNull();
	}

	@Test
	void candidatesNamingNoSectionAreInvalidArguments() {
		SdpGrammar.Summary remote = SdpGrammar.check(MINIMAL);
		String line = "candidate:1 1 udp 2122260223 192.0.2.99 50000 typ host";
		assertThatThrownBy(() -> NativeInput.checkCandidate(new IceCandidate(line, null, null, null)))
			.isInstanceOf(InvalidInputException.class);
		assertThatCode(() -> NativeInput.checkCandidate(new IceCandidate(line, "999", 999, null)))
			.doesNotThrowAnyException();
		assertThatThrownBy(() -> NativeInput.addIceCandidate(null, new IceCandidate(line, "999", 0, null), remote))
			.isInstanceOf(InvalidInputException.class)
			.hasMessageContaining("sdpMid \"999\" matches no m-section")
			.extracting((ex) -> ((SpecterException) ex).code())
			.isEqualTo(ErrorCode.INVALID_ARGUMENT);
		assertThatThrownBy(() -> NativeInput.addIceCandidate(null, new IceCandidate(line, null, 999, null), remote))
			.isInstanceOf(InvalidInputException.class)
			.hasMessageContaining("sdpMLineIndex 999 matches no m-section");
		assertThatThrownBy(() -> NativeInput.addIceCandidate(null, new IceCandidate(line, "%n", 0, null), remote))
			.isInstanceOf(OperationRejectedException.class);
	}

	@Test
	void quoteEscapesAndTruncates() {
		assertThat(NativeInput.quote("a\u0000b\"%n", 10)).isEqualTo("\"a\\u0000b\\u0022%n\"");
		assertThat(NativeInput.quote("x".repeat(50), 5)).isEqualTo("\"xxxxx\"...");
		assertThat(NativeInput.reason(new Error("Create session description failed: x [a=\u0001]\nsecond")))
			.doesNotContain("\u0001")
			.doesNotContain("second");
	}

}
