package dev.specter.webrtc;

import java.util.List;

import dev.specter.ErrorCode;
import dev.specter.InvalidInputException;
import dev.specter.SpecterConfig;
import dev.specter.SpecterException;
import dev.specter.ice.IceServer;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The rules of {@link NativeInput} for ICE servers, labels and ids
 * (docs/native-input.md).
 */
class NativeInputTests {

	@Test
	void iceServersLibwebrtcParsesAreAccepted() {
		for (String url : List.of("stun:stun.l.google.com:19302", "stun:127.0.0.1", "stuns:h.example:5349",
				"stun:[::1]:3478", "turn:127.0.0.1:3478?transport=udp", "turns:turn.example:443?transport=tcp",
				"TURN:h.example")) {
			assertThat(IceServerRules.iceUrlProblem(url)).as(url).isNull();
		}
		assertThatCode(() -> NativeInput.configuration(new SpecterConfig(
				List.of(new IceServer(List.of("turn:127.0.0.1:3478"), "user", "pa%ss")), null, null, null)))
			.doesNotThrowAnyException();
	}

	@Test
	void iceServersLibwebrtcWouldRefuseAreRefusedHere() {
		for (String url : List.of("stun:", "stun:%n", "stun:h:0", "stun:h:65536", "stun:h:x",
				"stun:h.example:3478?transport=udp", "turn:h?transport=sctp", "turn:h?x=1", "stun:[::1", "stun:a b",
				"stun:h\u0000", "stun:" + "h".repeat(600), "http://h", "stun:-h", "stun:h:1:2")) {
			assertThat(IceServerRules.iceUrlProblem(url)).as(url).isNotNull();
		}
		assertThatThrownBy(
				() -> IceServerRules.checkIceServer(new IceServer(List.of("turn:127.0.0.1:3478"), null, null)))
			.isInstanceOf(InvalidInputException.class)
			.hasMessageContaining("username and a credential");
		assertThatThrownBy(
				() -> IceServerRules.checkIceServer(new IceServer(List.of("turn:127.0.0.1:3478"), "u", "sec\u0000ret")))
			.isInstanceOf(InvalidInputException.class)
			.hasMessageNotContaining("sec");
		assertThatThrownBy(() -> IceServerRules.checkIceServer(new IceServer(List.of("stun:h%n"), null, null)))
			.isInstanceOf(InvalidInputException.class)
			.extracting((ex) -> ((SpecterException) ex).code())
			.isEqualTo(ErrorCode.INVALID_ARGUMENT);
	}

	@Test
	void labelsAndIds() {
		assertThatCode(() -> NativeInput.checkLabel("chat 50% \ud83d\ude00", 65535)).doesNotThrowAnyException();
		for (String label : List.of("a\u0000b", "\u0001", "x\u007f", "\u0085", "\ud800", "x\udc00")) {
			assertThatThrownBy(() -> NativeInput.checkLabel(label, 65535)).as(label)
				.isInstanceOf(InvalidInputException.class)
				.extracting((ex) -> ((SpecterException) ex).code())
				.isEqualTo(ErrorCode.INVALID_ARGUMENT);
		}
		assertThatThrownBy(() -> NativeInput.checkLabel("\u00e9".repeat(40_000), 100_000))
			.extracting((ex) -> ((SpecterException) ex).code())
			.isEqualTo(ErrorCode.LIMIT_EXCEEDED);
		assertThatCode(() -> NativeInput.checkMsid("{a3f1-b}", "track id")).doesNotThrowAnyException();
		for (String id : List.of("%n", "a b", "", "x".repeat(65), "s\r\na=evil", "\u00e9")) {
			assertThatThrownBy(() -> NativeInput.checkMsid(id, "track id")).as(id)
				.isInstanceOf(InvalidInputException.class);
		}
	}

}
