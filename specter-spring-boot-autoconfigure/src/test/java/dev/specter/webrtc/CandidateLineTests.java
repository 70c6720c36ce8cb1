package dev.specter.webrtc;

import java.net.InetAddress;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link CandidateLine} reads every candidate on the engine's thread, so it splits
 * without a regular expression; these tests hold it to what {@code trim().split("\\s+")}
 * returns.
 */
class CandidateLineTests {

	private static final String HOST = "candidate:1 1 udp 2122260223 192.0.2.2 50000 typ host"
			+ " generation 0 ufrag AbCd network-id 1";

	@Test
	void readsFieldsLikeThePatternItReplaced() {
		String[] lines = { HOST, "  candidate:1\t1  udp\r\n2122260223 fd00::2 1 typ host ", "a", " a ", "a\u000Bb\fc",
				"a\u0001b c", "\u0001a b", "a\u00A0b c", "x  y\t\tz" };
		for (String line : lines) {
			String[] expected = line.trim().split("\\s+");
			for (int i = 0; i < expected.length; i++) {
				assertThat(CandidateLine.field(line, i)).as("field %d of [%s]", i, line).isEqualTo(expected[i]);
			}
			assertThat(CandidateLine.field(line, expected.length)).as("past the end of [%s]", line).isNull();
		}
		assertThat(CandidateLine.field("", 0)).isNull();
		assertThat(CandidateLine.field(" \t ", 0)).isNull();
		assertThat(CandidateLine.field(null, 0)).isNull();
	}

	@Test
	void findsAttributesByWholeField() {
		assertThat(CandidateLine.usernameFragment(HOST)).isEqualTo("AbCd");
		assertThat(CandidateLine.usernameFragment(HOST.replace(" ufrag AbCd", " xufrag AbCd"))).isNull();
		assertThat(CandidateLine.usernameFragment("candidate:1 1 udp 1 192.0.2.2 1 typ host ufrag")).isNull();
		assertThat(CandidateLine.usernameFragment("candidate:1 1 udp 1 192.0.2.2 1 typ host ufrag\t\tXy "))
			.isEqualTo("Xy");
		assertThat(CandidateLine.type(null)).isNull();
	}

	@Test
	void readsTheFieldsOfACandidate() throws Exception {
		assertThat(CandidateLine.address(HOST)).isEqualTo("192.0.2.2");
		assertThat(CandidateLine.port(HOST)).isEqualTo(50000);
		assertThat(CandidateLine.type(HOST)).isEqualTo("host");
		assertThat(CandidateLine.usernameFragment(HOST)).isEqualTo("AbCd");
		assertThat(CandidateLine.ipAddress(HOST)).isEqualTo(InetAddress.getByName("192.0.2.2"));
		assertThat(CandidateLine.ipAddress(HOST.replace("192.0.2.2", "fd00::2")))
			.isEqualTo(InetAddress.getByName("fd00::2"));
	}

	@Test
	void neverResolvesNames() {
		assertThat(CandidateLine.ipAddress(HOST.replace("192.0.2.2", "0123abcd-1234.local"))).isNull();
		assertThat(CandidateLine.ipAddress(HOST.replace("192.0.2.2", "example.org"))).isNull();
		assertThat(CandidateLine.ipAddress("candidate:1 1 udp")).isNull();
		assertThat(CandidateLine.port(HOST.replace("50000", "port"))).isEqualTo(-1);
	}

}
