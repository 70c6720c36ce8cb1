package dev.specter.webrtc;

import java.util.List;

import dev.specter.PeerConnectionId;
import dev.specter.SpecterId;
import dev.specter.event.IceCandidateError;
import dev.specter.ice.IceServer;
import dev.specter.ice.IpFilter;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class IceCandidateErrorsTests {

	private static final List<String> SECRETS = IceCandidateErrors
		.secretsOf(List.of(new IceServer(List.of("turn:127.0.0.1:3478"), "specter-user", "right-secret"),
				IceServer.of("stun:127.0.0.1")));

	@Test
	void secretsAreUsernamesAndCredentialsLongestFirst() {
		assertThat(SECRETS).containsExactly("specter-user", "right-secret");
		assertThat(IceCandidateErrors.secretsOf(List.of(IceServer.of("stun:127.0.0.1")))).isEmpty();
	}

	@Test
	void textIsPrintableBoundedAndMasked() {
		assertThat(IceCandidateErrors.text("Unauthorized\r\nuser specter-user key right-secret\u0000", SECRETS, 256))
			.isEqualTo("Unauthorized  user ****** key ******");
		String long_ = "x".repeat(1000);
		assertThat(IceCandidateErrors.text(long_, SECRETS, 256)).hasSize(256).endsWith("...");
		assertThat(IceCandidateErrors.text(null, SECRETS, 256)).isEmpty();
		// a secret cut by the length limit is masked before the cut
		assertThat(IceCandidateErrors.text("y".repeat(250) + "right-secret", SECRETS, 256)).doesNotContain("right");
	}

	@Test
	void urlLosesItsUserPart() {
		assertThat(IceCandidateErrors.url("turn:127.0.0.1:3478?transport=tcp", SECRETS))
			.isEqualTo("turn:127.0.0.1:3478?transport=tcp");
		assertThat(IceCandidateErrors.url("turn:someone:pw@127.0.0.1:3478", SECRETS)).isEqualTo("turn:127.0.0.1:3478");
		assertThat(IceCandidateErrors.url("turn:127.0.0.1:3478?user=specter-user", SECRETS))
			.isEqualTo("turn:127.0.0.1:3478?user=******");
	}

	@Test
	void eventKeepsOnlyAnAcceptedLiteralAddress() throws Exception {
		SpecterId specter = SpecterId.random();
		PeerConnectionId pc = PeerConnectionId.random();
		IceCandidateError error = IceCandidateErrors.of(specter, pc,
				nativeEvent("127.0.0.1", 40000, "turn:127.0.0.1:3478?transport=udp", 401, "Unauthorized"), SECRETS,
				IpFilter.ACCEPT_ALL);
		assertThat(error).isEqualTo(new IceCandidateError(specter, pc, "turn:127.0.0.1:3478?transport=udp", "127.0.0.1",
				40000, 401, "Unauthorized"));
		IceCandidateError filtered = IceCandidateErrors.of(specter, pc,
				nativeEvent("127.0.0.1", 40000, "turn:127.0.0.1:3478", 401, "Unauthorized"), SECRETS,
				(address) -> false);
		assertThat(filtered.address()).isNull();
		assertThat(filtered.port()).isNull();
		IceCandidateError named = IceCandidateErrors.of(specter, pc,
				nativeEvent("host.example", 40000, "turn:127.0.0.1:3478", 701, "%n%n\u0007"), SECRETS,
				IpFilter.ACCEPT_ALL);
		assertThat(named.address()).isNull();
		assertThat(named.errorText()).isEqualTo("%n%n");
	}

	/** The event as {@link NativeCallbacks} copies it from webrtc-java's. */
	private static IceCandidateErrors.Copy nativeEvent(String address, Integer port, String url, int code,
			String text) {
		return new IceCandidateErrors.Copy(url, address, port, code, text);
	}

}
