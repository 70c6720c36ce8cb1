package dev.specter.webrtc;

import dev.specter.ErrorCode;
import dev.specter.InvalidInputException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The local-description check of audio mode RECEIVE: no audio m-section in use may send.
 */
class SdpGuardTests {

	private static final String SESSION = "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n";

	private static String audio(String port, String direction) {
		return "m=audio " + port + " UDP/TLS/RTP/SAVPF 111\r\nc=IN IP4 0.0.0.0\r\na=mid:0\r\n"
				+ ((direction != null) ? "a=" + direction + "\r\n" : "") + "a=rtpmap:111 opus/48000/2\r\n";
	}

	private static final String VIDEO_SENDRECV = "m=video 9 UDP/TLS/RTP/SAVPF 96\r\na=mid:1\r\na=sendrecv\r\n"
			+ "a=ssrc:1 cname:x\r\na=rtpmap:96 VP8/90000\r\n";

	@Test
	void receivingOrInactiveAudioPasses() {
		for (String direction : new String[] { "recvonly", "inactive" }) {
			assertThatCode(() -> SdpGuard.checkReceivesAudioOnly(SESSION + audio("9", direction) + VIDEO_SENDRECV))
				.doesNotThrowAnyException();
		}
		assertThatCode(() -> SdpGuard.checkReceivesAudioOnly(SESSION + VIDEO_SENDRECV)).doesNotThrowAnyException();
		assertThatCode(() -> SdpGuard.checkReceivesAudioOnly("")).doesNotThrowAnyException();
		// A rejected m-section (port 0) sends nothing whatever it says.
		assertThatCode(() -> SdpGuard.checkReceivesAudioOnly(SESSION + audio("0", "sendrecv")))
			.doesNotThrowAnyException();
	}

	@Test
	void sendingAudioIsRefused() {
		for (String direction : new String[] { "sendrecv", "sendonly", null }) {
			assertThatThrownBy(() -> SdpGuard.checkReceivesAudioOnly(SESSION + VIDEO_SENDRECV + audio("9", direction)))
				.as(String.valueOf(direction))
				.isInstanceOf(InvalidInputException.class)
				.hasMessageContaining("audio mode RECEIVE")
				.extracting((ex) -> ((InvalidInputException) ex).code())
				.isEqualTo(ErrorCode.INVALID_ARGUMENT);
		}
		// LF line endings, and a second audio section that sends.
		String lf = (SESSION + audio("9", "recvonly") + audio("9", "sendonly")).replace("\r\n", "\n");
		assertThatThrownBy(() -> SdpGuard.checkReceivesAudioOnly(lf)).isInstanceOf(InvalidInputException.class);
	}

	@Test
	void iceUfragsAreCollectedFromEveryLevelOnce() {
		String sdp = SESSION + "a=ice-ufrag:sess\r\n" + audio("9", "sendrecv") + "a=ice-ufrag:abcd\r\n" + VIDEO_SENDRECV
				+ "a=ice-ufrag:abcd\r\nx=a=ice-ufrag:not-a-line\r\n";
		org.assertj.core.api.Assertions.assertThat(SdpGuard.iceUfrags(sdp)).isEqualTo("abcd sess");
		org.assertj.core.api.Assertions.assertThat(SdpGuard.iceUfrags(sdp.replace("\r\n", "\n")))
			.isEqualTo("abcd sess");
		org.assertj.core.api.Assertions.assertThat(SdpGuard.iceUfrags(SESSION)).isEmpty();
	}

}
