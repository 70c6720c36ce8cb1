package dev.specter.event;

import dev.specter.ErrorCode;
import dev.specter.Operation;
import dev.specter.PeerConnectionId;
import dev.specter.SpecterId;

/**
 * An asynchronous operation failed: a failed offer or answer, a rejected description or
 * candidate, a send on a closed channel. The operation's future fails with the same code.
 *
 * @param specter the Specter instance the connection belongs to
 * @param peerConnection the peer connection
 * @param operation the operation that failed
 * @param code the reason
 * @param message a description without SDP bodies or credentials
 */
public record OperationFailed(SpecterId specter, PeerConnectionId peerConnection, Operation operation, ErrorCode code,
		String message) implements SpecterEvent {
}
