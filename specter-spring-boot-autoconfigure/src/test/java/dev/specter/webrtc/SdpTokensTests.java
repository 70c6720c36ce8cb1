package dev.specter.webrtc;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The lexical rules shared by the SDP, candidate and ICE URL grammars. */
class SdpTokensTests {

	@Test
	void tokensNeverHoldPercentAndAreBounded() {
		assertThat(SdpTokens.token("trickle-ice.x_1", 64)).isTrue();
		assertThat(SdpTokens.token("UDP/TLS", 64)).as("no slash").isFalse();
		assertThat(SdpTokens.token("a%nb", 64)).isFalse();
		assertThat(SdpTokens.token("", 64)).isFalse();
		assertThat(SdpTokens.token("x".repeat(65), 64)).isFalse();
		assertThat(SdpTokens.token("a b", 64)).isFalse();
		assertThat(SdpTokens.tokens(" WMS a b")).isTrue();
		assertThat(SdpTokens.tokens("a  b")).isFalse();
	}

	@Test
	void iceCharsNumbersAndAddresses() {
		assertThat(SdpTokens.iceChars("aB3+/", 256)).isTrue();
		assertThat(SdpTokens.iceChars("ab-c", 256)).isFalse();
		assertThat(SdpTokens.number("65535", 65535)).isTrue();
		assertThat(SdpTokens.number("65536", 65535)).isFalse();
		assertThat(SdpTokens.number("-1", 65535)).isFalse();
		assertThat(SdpTokens.number("12345678901", Long.MAX_VALUE)).as("at most 10 digits").isFalse();
		assertThat(SdpTokens.address("fe80::1")).isTrue();
		assertThat(SdpTokens.address("host.local")).isTrue();
		assertThat(SdpTokens.address("h%n")).isFalse();
	}

	@Test
	void fieldsAreSeparatedBySingleSpaces() {
		assertThat(SdpTokens.fields("96 VP8/90000", 2, false)).isTrue();
		assertThat(SdpTokens.fields("96  VP8/90000", 2, false)).isFalse();
		assertThat(SdpTokens.fields("96 a=b; c d", 2, true)).isTrue();
		assertThat(SdpTokens.fields("96", 2, true)).isFalse();
	}

}
