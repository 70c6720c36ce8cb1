package dev.specter.event;

import dev.specter.PeerConnectionId;
import dev.specter.SpecterId;
import dev.specter.signaling.IceCandidate;

/**
 * A local ICE candidate was gathered, to be sent to the remote side: Specter's
 * {@code {:ice_candidate, pc, candidate}}. Candidates the IP filter rejects never appear
 * here.
 *
 * @param specter the Specter instance the connection belongs to
 * @param peerConnection the peer connection
 * @param candidate the candidate; {@code candidate.toJson()} is the spec's JSON
 */
public record IceCandidateGathered(SpecterId specter, PeerConnectionId peerConnection,
		IceCandidate candidate) implements SpecterEvent {
}
