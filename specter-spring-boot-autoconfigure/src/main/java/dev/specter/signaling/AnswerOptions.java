package dev.specter.signaling;

import dev.specter.PeerConnectionId;
import dev.specter.Specter;

/**
 * Options of {@link Specter#createAnswer(PeerConnectionId, AnswerOptions)}.
 *
 * @param voiceActivityDetection whether to answer with voice activity detection; defaults
 * to {@code false} as in Specter
 */
public record AnswerOptions(boolean voiceActivityDetection) {

	/** Voice activity detection off. */
	public static final AnswerOptions DEFAULT = new AnswerOptions(false);

}
