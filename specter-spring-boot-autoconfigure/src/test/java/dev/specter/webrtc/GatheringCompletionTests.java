package dev.specter.webrtc;

import java.util.List;

import dev.specter.ice.CidrIpFilter;
import dev.specter.ice.IpFilter;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The description a gathering-complete future gives never shows an address the IP filter
 * keeps out of candidate events.
 */
class GatheringCompletionTests {

	private static final String SDP = String.join("\r\n", "v=0", "o=- 1 2 IN IP4 127.0.0.1", "s=-", "t=0 0",
			"m=application 9 UDP/DTLS/SCTP webrtc-datachannel", "c=IN IP4 10.1.2.3",
			"a=candidate:1 1 udp 2122260223 10.1.2.3 50000 typ host generation 0",
			"a=candidate:2 1 udp 2122194687 192.168.7.7 50001 typ host generation 0",
			"a=candidate:3 1 udp 2122194687 abc.local 50002 typ host generation 0", "a=rtcp:9 IN IP4 10.1.2.3",
			"a=mid:0", "");

	@Test
	void refusedAddressesLeaveTheDescription() {
		IpFilter onlyPrivate192 = CidrIpFilter.of(List.of("192.168.0.0/16"), List.of());
		String kept = GatheringCompletion.withoutRefusedAddresses(SDP, onlyPrivate192);
		assertThat(kept).doesNotContain("10.1.2.3")
			.contains("a=candidate:2 1 udp 2122194687 192.168.7.7 50001 typ host generation 0\r\n")
			.contains("abc.local")
			.contains("c=IN IP4 0.0.0.0\r\n")
			.contains("a=rtcp:9 IN IP4 0.0.0.0\r\n")
			.startsWith("v=0\r\n")
			.endsWith("a=mid:0\r\n");
	}

	@Test
	void acceptAllKeepsTheDescriptionAsIs() {
		assertThat(GatheringCompletion.withoutRefusedAddresses(SDP, IpFilter.ACCEPT_ALL)).isSameAs(SDP);
	}

}
