package dev.specter.event;

import dev.specter.PeerConnectionId;
import dev.specter.SpecterId;
import org.jspecify.annotations.Nullable;

/**
 * A STUN or TURN server could not be used while gathering candidates (W3C's
 * {@code icecandidateerror}): a wrong TURN credential (code 401), a refused allocation
 * (403, 437, 486, 508), or a server no host candidate can reach (701). Gathering goes on
 * with the other servers; with {@code iceTransportPolicy=relay} and no working TURN
 * server the connection cannot connect, and this event is the only sign of why. The event
 * never carries the username or the credential: the URL loses any user part, and text
 * that repeats a configured username or credential is masked.
 *
 * @param specter the Specter instance the connection belongs to
 * @param peerConnection the peer connection
 * @param url the STUN or TURN URL of the server, e.g.
 * {@code turn:192.0.2.1:3478?transport=udp}
 * @param address the local address used to reach the server, or {@code null} if it is not
 * exposed by a local candidate
 * @param port the local port used to reach the server, or {@code null} with the address
 * @param errorCode the STUN error code (300 to 699), or 701 when the server could not be
 * reached
 * @param errorText the server's reason phrase or the engine's description, printable text
 * of at most 256 characters
 */
public record IceCandidateError(SpecterId specter, PeerConnectionId peerConnection, String url,
		@Nullable String address, @Nullable Integer port, int errorCode, String errorText) implements SpecterEvent {
}
