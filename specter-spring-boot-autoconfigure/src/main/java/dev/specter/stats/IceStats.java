package dev.specter.stats;

import java.util.List;

import dev.specter.signaling.IceConnectionState;
import dev.specter.signaling.IceRole;
import org.jspecify.annotations.Nullable;

/**
 * ICE statistics of a peer connection, as ExICE's {@code get_stats}.
 *
 * @param bytesSent bytes sent over the selected transport
 * @param bytesReceived bytes received over the selected transport
 * @param packetsSent packets sent over all candidate pairs
 * @param packetsReceived packets received over all candidate pairs
 * @param candidatePairs every candidate pair and its state
 * @param localUsernameFragment the local ICE username fragment, or {@code null} before
 * the local description is set
 * @param localPassword the local ICE password, or {@code null}
 * @param state the ICE state of the transport ({@link IceConnectionState#NEW} before it
 * exists)
 * @param role the agent's ICE role
 * @param localCandidates the local candidates the agent gathered (ExICE's
 * {@code local_candidates})
 * @param remoteCandidates the remote candidates it knows (ExICE's
 * {@code remote_candidates})
 */
public record IceStats(long bytesSent, long bytesReceived, long packetsSent, long packetsReceived,
		List<CandidatePair> candidatePairs, String localUsernameFragment, String localPassword,
		IceConnectionState state, IceRole role, List<Candidate> localCandidates, List<Candidate> remoteCandidates) {

	/**
	 * Copies the lists and applies defaults ({@code NEW}, {@code UNKNOWN}, no
	 * candidates).
	 * @param bytesSent bytes sent
	 * @param bytesReceived bytes received
	 * @param packetsSent packets sent
	 * @param packetsReceived packets received
	 * @param candidatePairs the pairs
	 * @param localUsernameFragment the local username fragment
	 * @param localPassword the local password
	 * @param state the ICE state
	 * @param role the ICE role
	 * @param localCandidates the local candidates
	 * @param remoteCandidates the remote candidates
	 */
	public IceStats {
		candidatePairs = List.copyOf(candidatePairs);
		state = (state != null) ? state : IceConnectionState.NEW;
		role = (role != null) ? role : IceRole.UNKNOWN;
		localCandidates = (localCandidates != null) ? List.copyOf(localCandidates) : List.of();
		remoteCandidates = (remoteCandidates != null) ? List.copyOf(remoteCandidates) : List.of();
	}

	/**
	 * Statistics without state, role or candidates (the fields of earlier versions).
	 * @param bytesSent bytes sent
	 * @param bytesReceived bytes received
	 * @param packetsSent packets sent
	 * @param packetsReceived packets received
	 * @param candidatePairs the pairs
	 * @param localUsernameFragment the local username fragment
	 * @param localPassword the local password
	 */
	public IceStats(long bytesSent, long bytesReceived, long packetsSent, long packetsReceived,
			List<CandidatePair> candidatePairs, String localUsernameFragment, String localPassword) {
		this(bytesSent, bytesReceived, packetsSent, packetsReceived, candidatePairs, localUsernameFragment,
				localPassword, null, null, null, null);
	}

	@Override
	public String toString() {
		return "IceStats[bytesSent=" + this.bytesSent + ", bytesReceived=" + this.bytesReceived + ", packetsSent="
				+ this.packetsSent + ", packetsReceived=" + this.packetsReceived + ", candidatePairs="
				+ this.candidatePairs + ", localUsernameFragment=" + this.localUsernameFragment
				+ ", localPassword=******, state=" + this.state + ", role=" + this.role + ", localCandidates="
				+ this.localCandidates + ", remoteCandidates=" + this.remoteCandidates + "]";
	}

	/**
	 * A candidate pair.
	 *
	 * @param id the stats id
	 * @param localAddress the local candidate's address and port
	 * @param localType the local candidate's type (host, srflx, prflx, relay)
	 * @param remoteAddress the remote candidate's address and port
	 * @param remoteType the remote candidate's type
	 * @param state the pair's state (frozen, waiting, in-progress, succeeded, failed)
	 * @param nominated whether the pair is nominated
	 * @param selected whether the transport uses this pair
	 * @param bytesSent bytes sent on the pair
	 * @param bytesReceived bytes received on the pair
	 * @param packetsSent packets sent on the pair
	 * @param packetsReceived packets received on the pair
	 */
	public record CandidatePair(String id, String localAddress, String localType, String remoteAddress,
			String remoteType, String state, boolean nominated, boolean selected, long bytesSent, long bytesReceived,
			long packetsSent, long packetsReceived) {
	}

	/**
	 * A local or remote candidate, as ExICE's {@code ExICE.Candidate}.
	 *
	 * @param id the stats id (candidate pairs name their candidates by it)
	 * @param address the IP address (or mDNS name)
	 * @param port the port
	 * @param type host, srflx, prflx or relay
	 * @param protocol the transport protocol, udp or tcp
	 * @param priority the candidate's priority
	 * @param foundation the foundation
	 * @param relayProtocol for a local relay candidate, the protocol to the TURN server
	 * (udp, tcp, tls), else {@code null}
	 * @param url for a local srflx or relay candidate, the STUN or TURN URL it came from,
	 * else {@code null}
	 */
	public record Candidate(String id, String address, int port, String type, String protocol, long priority,
			String foundation, @Nullable String relayProtocol, @Nullable String url) {
	}

}
