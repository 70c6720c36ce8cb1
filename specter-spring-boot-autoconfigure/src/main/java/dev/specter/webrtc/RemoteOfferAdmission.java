package dev.specter.webrtc;

import java.util.function.LongSupplier;

import dev.specter.ErrorCode;
import dev.specter.InvalidInputException;
import dev.specter.PeerConnectionId;
import dev.specter.signaling.SdpType;
import dev.specter.signaling.SessionDescription;

/**
 * Decides whether a remote offer may reach the engine: an offer whose ICE credentials
 * differ from the last remote offer's restarts ICE, and every restart makes libwebrtc
 * gather anew (on the signaling thread all connections share) and keep two more sockets
 * open. Measured before this limit: 2,000 such offers on one connection took 22.8 s and
 * left 1,508 more open files. A token bucket ({@link IceRestartBudget}: 3 at once, then
 * {@code specter.limits.remote-ice-restarts-per-minute} a minute) admits genuine restarts
 * after a network change.
 * <p>
 * Not thread-safe: the connection's lock guards it.
 */
final class RemoteOfferAdmission {

	private final PeerConnectionId peerConnection;

	private final IceRestartBudget iceRestarts;

	/** ICE fragments of the last remote offer let through. */
	private String remoteOfferUfrags;

	RemoteOfferAdmission(PeerConnectionId peerConnection, int restartsPerMinute, LongSupplier nanoClock) {
		this.peerConnection = peerConnection;
		this.iceRestarts = new IceRestartBudget(restartsPerMinute, nanoClock);
	}

	/**
	 * The ICE fragments an admission compares, read before the lock is taken.
	 * @param description a remote description
	 * @return the fragments of an offer, {@code null} for any other type
	 */
	static String iceUfragsOf(SessionDescription description) {
		return (description.type() == SdpType.OFFER) ? SdpGuard.iceUfrags(description.sdp()) : null;
	}

	/**
	 * Admits a remote offer (a {@code null} argument, no offer, always passes).
	 * @param ufrags the offer's ICE fragments, from {@link #iceUfragsOf}
	 * @throws InvalidInputException with {@link ErrorCode#LIMIT_EXCEEDED} if it restarts
	 * ICE beyond the budget
	 */
	void admit(String ufrags) {
		if (ufrags == null) {
			return;
		}
		String previous = this.remoteOfferUfrags;
		if (previous != null && !previous.equals(ufrags) && !this.iceRestarts.tryTake()) {
			throw new InvalidInputException(ErrorCode.LIMIT_EXCEEDED,
					"ICE restart refused: the remote peer of " + this.peerConnection + " restarts ICE more often than "
							+ this.iceRestarts.perMinute()
							+ " times a minute (specter.limits.remote-ice-restarts-per-minute)");
		}
		this.remoteOfferUfrags = ufrags;
	}

}
