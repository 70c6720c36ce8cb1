package dev.specter.signaling;

import dev.specter.ErrorCode;
import dev.specter.InvalidInputException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Bare SDP: the factories wrap it, and the JSON parser says how to pass it.
 */
class SessionDescriptionTests {

	private static final String SDP = "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n";

	@Test
	void factoriesWrapBareSdp() {
		assertThat(SessionDescription.offer(SDP)).isEqualTo(new SessionDescription(SdpType.OFFER, SDP));
		assertThat(SessionDescription.answer(SDP)).isEqualTo(new SessionDescription(SdpType.ANSWER, SDP));
		assertThat(SessionDescription.fromJson(SessionDescription.offer(SDP).toJson()).sdp()).isEqualTo(SDP);
		assertThatExceptionOfType(InvalidInputException.class).isThrownBy(() -> SessionDescription.answer(null))
			.satisfies((ex) -> assertThat(ex.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT));
	}

	@Test
	void bareSdpGivenAsJsonSaysHowToPassIt() {
		for (String body : new String[] { SDP, "\r\n  " + SDP }) {
			assertThatExceptionOfType(InvalidInputException.class).isThrownBy(() -> SessionDescription.fromJson(body))
				.satisfies((ex) -> assertThat(ex.code()).isEqualTo(ErrorCode.INVALID_JSON))
				.withMessageContaining("bare SDP")
				.withMessageContaining("SessionDescription.offer(sdp)")
				.withMessageNotContaining("o=-");
		}
	}

	@Test
	void otherMalformedJsonKeepsItsMessage() {
		assertThatExceptionOfType(InvalidInputException.class).isThrownBy(() -> SessionDescription.fromJson("{oops"))
			.satisfies((ex) -> assertThat(ex.code()).isEqualTo(ErrorCode.INVALID_JSON))
			.withMessageNotContaining("bare SDP");
	}

}
