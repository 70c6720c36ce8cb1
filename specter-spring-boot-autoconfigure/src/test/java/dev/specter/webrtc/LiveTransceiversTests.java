package dev.specter.webrtc;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LiveTransceiversTests {

	@Test
	void rejectedMidsAreThoseOfPortZeroSections() {
		String sdp = "v=0\r\nm=audio 9 UDP/TLS/RTP/SAVPF 111\r\na=mid:0\r\n"
				+ "m=video 0 UDP/TLS/RTP/SAVPF 96\r\na=mid:1\r\n"
				+ "m=video 0 UDP/TLS/RTP/SAVPF 96\r\na=bundle-only\r\na=mid:2\r\n"
				+ "m=application 0 UDP/DTLS/SCTP webrtc-datachannel\r\na=mid:data\r\n";
		assertThat(LiveTransceivers.rejectedMids(sdp)).containsExactly("1", "data");
	}

	@Test
	void realFirefoxOfferRejectsNothing() throws IOException {
		String offer = Files.readString(Path.of("src/test/resources/sdp/firefox-153-offer-vp8-vp9-av1-no-h264.sdp"),
				StandardCharsets.UTF_8);
		assertThat(LiveTransceivers.rejectedMids(offer)).isEmpty();
		assertThat(LiveTransceivers.rejectedMids(offer.replace("m=video 9 ", "m=video 0 "))).containsExactly("1");
	}

	@Test
	void noDescriptionRejectsNothing() {
		assertThat(LiveTransceivers.rejectedMids(null)).isEmpty();
		assertThat(LiveTransceivers.rejectedMids("")).isEmpty();
		assertThat(LiveTransceivers.rejectedMids("m=video 0\nm=audio")).isEmpty();
	}

}
