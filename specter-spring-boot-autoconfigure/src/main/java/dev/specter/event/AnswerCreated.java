package dev.specter.event;

import dev.specter.PeerConnectionId;
import dev.specter.SpecterId;
import dev.specter.signaling.SessionDescription;

/**
 * An answer was created: Specter's {@code {:answer, pc, answer}}.
 *
 * @param specter the Specter instance the connection belongs to
 * @param peerConnection the peer connection
 * @param answer the answer; {@code answer.toJson()} is the spec's JSON
 */
public record AnswerCreated(SpecterId specter, PeerConnectionId peerConnection,
		SessionDescription answer) implements SpecterEvent {
}
