package dev.specter.json;

import dev.specter.ErrorCode;
import dev.specter.InvalidInputException;
import dev.specter.signaling.IceCandidate;
import dev.specter.signaling.SdpType;
import dev.specter.signaling.SessionDescription;
import dev.specter.stats.ConnectionStats;
import org.junit.jupiter.api.Test;
import tools.jackson.core.JacksonException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The shared mapper reads peers' JSON strictly, and every entrance that parses JSON uses
 * it.
 */
class SpecterJsonTests {

	@Test
	void readsAndWritesSpecterFormats() {
		SessionDescription offer = SessionDescription.fromJson("{\"type\":\"offer\",\"sdp\":\"v=0\\r\\n\"}");
		assertThat(offer.type()).isEqualTo(SdpType.OFFER);
		assertThat(SessionDescription.fromJson(offer.toJson())).isEqualTo(offer);
		assertThat(SpecterJson.mapper()).isSameAs(SpecterJson.mapper());
		assertThat(SpecterJson.nodes().objectNode().put("a", 1).toString()).isEqualTo("{\"a\":1}");
	}

	@Test
	void repeatedKeyIsRefused() {
		assertThatExceptionOfType(JacksonException.class)
			.isThrownBy(() -> SpecterJson.mapper().readTree("{\"type\":\"offer\",\"type\":\"answer\"}"));
		assertInvalidJson(() -> SessionDescription.fromJson("{\"type\":\"offer\",\"type\":\"answer\",\"sdp\":\"\"}"));
		assertInvalidJson(() -> IceCandidate.fromJson("{\"candidate\":\"a\",\"candidate\":\"b\",\"sdpMid\":\"0\"}"));
	}

	@Test
	void textAfterTheValueIsRefused() {
		assertThatExceptionOfType(JacksonException.class)
			.isThrownBy(() -> SpecterJson.mapper().readTree("{\"a\":1} {\"a\":2}"));
		assertInvalidJson(() -> SessionDescription.fromJson("{\"type\":\"offer\",\"sdp\":\"\"} trailing"));
	}

	@Test
	void nestingIsLimited() {
		String allowed = "[".repeat(SpecterJson.MAX_NESTING_DEPTH) + "]".repeat(SpecterJson.MAX_NESTING_DEPTH);
		assertThat(SpecterJson.mapper().readTree(allowed).isArray()).isTrue();
		String deep = "[".repeat(SpecterJson.MAX_NESTING_DEPTH + 1) + "]".repeat(SpecterJson.MAX_NESTING_DEPTH + 1);
		assertThatExceptionOfType(JacksonException.class).isThrownBy(() -> SpecterJson.mapper().readTree(deep));
		String deepStats = "{\"timestamp\":1,\"stats\":" + "{\"x\":".repeat(40) + "1" + "}".repeat(40) + "}";
		assertInvalidJson(() -> ConnectionStats.fromJson(deepStats));
	}

	private static void assertInvalidJson(Runnable parse) {
		assertThatExceptionOfType(InvalidInputException.class).isThrownBy(parse::run)
			.satisfies((ex) -> assertThat(ex.code()).isEqualTo(ErrorCode.INVALID_JSON));
	}

}
