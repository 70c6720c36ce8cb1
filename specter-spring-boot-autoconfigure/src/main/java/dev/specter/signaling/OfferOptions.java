package dev.specter.signaling;

import dev.specter.PeerConnectionId;
import dev.specter.Specter;

/**
 * Options of {@link Specter#createOffer(PeerConnectionId, OfferOptions)}; both default to
 * {@code false}, as in Specter (webrtc-java's own default for voice activity detection is
 * {@code true}).
 *
 * @param voiceActivityDetection whether to offer voice activity detection
 * @param iceRestart whether to restart ICE (new credentials and candidates)
 */
public record OfferOptions(boolean voiceActivityDetection, boolean iceRestart) {

	/** Both options off. */
	public static final OfferOptions DEFAULT = new OfferOptions(false, false);

	/** An ICE restart offer. */
	public static final OfferOptions ICE_RESTART = new OfferOptions(false, true);

}
