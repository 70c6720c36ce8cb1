package dev.specter.webrtc;

import java.util.concurrent.atomic.AtomicLong;

import dev.specter.ErrorCode;
import dev.specter.InvalidInputException;
import dev.specter.PeerConnectionId;
import dev.specter.signaling.SdpType;
import dev.specter.signaling.SessionDescription;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** The admission of remote offers that restart ICE, on a clock the test moves. */
class RemoteOfferAdmissionTests {

	private final AtomicLong now = new AtomicLong(1_000_000_000L);

	private final PeerConnectionId pc = PeerConnectionId.random();

	@Test
	void sameCredentialsAlwaysPassNewOnesSpendTheBudget() {
		RemoteOfferAdmission admission = new RemoteOfferAdmission(this.pc, 1, this.now::get);
		admission.admit("a");
		for (int i = 0; i < 100; i++) {
			admission.admit("a");
		}
		admission.admit("b");
		InvalidInputException refused = catchThrowableOfType(InvalidInputException.class, () -> admission.admit("c"));
		assertThat(refused.code()).isEqualTo(ErrorCode.LIMIT_EXCEEDED);
		assertThat(refused).hasMessage("ICE restart refused: the remote peer of " + this.pc
				+ " restarts ICE more often than 1 times a minute (specter.limits.remote-ice-restarts-per-minute)");
		// A refused offer is not remembered: the last admitted credentials still pass.
		admission.admit("b");
		this.now.addAndGet(60_000_000_000L);
		admission.admit("c");
	}

	@Test
	void noOfferNoCheck() {
		RemoteOfferAdmission admission = new RemoteOfferAdmission(this.pc, 1, this.now::get);
		admission.admit("a");
		admission.admit("b");
		assertThatNoException().isThrownBy(() -> admission.admit(null));
	}

	@Test
	void onlyOffersHaveCredentialsToCompare() {
		String sdp = "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\na=ice-ufrag:abcd\r\na=ice-pwd:"
				+ "x".repeat(24) + "\r\n";
		assertThat(RemoteOfferAdmission.iceUfragsOf(new SessionDescription(SdpType.OFFER, sdp))).contains("abcd");
		assertThat(RemoteOfferAdmission.iceUfragsOf(new SessionDescription(SdpType.ANSWER, sdp))).isNull();
	}

}
