package dev.specter;

import java.util.List;

/**
 * ICE statistics of a peer connection, as ExICE's {@code get_stats}.
 *
 * @param bytesSent bytes sent over the selected transport
 * @param bytesReceived bytes received over the selected transport
 * @param packetsSent packets sent over all candidate pairs
 * @param packetsReceived packets received over all candidate pairs
 * @param candidatePairs every candidate pair and its state
 * @param localUsernameFragment the local ICE username fragment, or {@code null} before the local
 * description is set
 * @param localPassword the local ICE password, or {@code null}
 */
public record IceStats(long bytesSent, long bytesReceived, long packetsSent, long packetsReceived,
		List<CandidatePair> candidatePairs, String localUsernameFragment, String localPassword) {

	/**
	 * Copies the pair list.
	 * @param bytesSent bytes sent
	 * @param bytesReceived bytes received
	 * @param packetsSent packets sent
	 * @param packetsReceived packets received
	 * @param candidatePairs the pairs
	 * @param localUsernameFragment the local username fragment
	 * @param localPassword the local password
	 */
	public IceStats {
		candidatePairs = List.copyOf(candidatePairs);
	}

	@Override
	public String toString() {
		return "IceStats[bytesSent=" + this.bytesSent + ", bytesReceived=" + this.bytesReceived + ", packetsSent="
				+ this.packetsSent + ", packetsReceived=" + this.packetsReceived + ", candidatePairs="
				+ this.candidatePairs + ", localUsernameFragment=" + this.localUsernameFragment
				+ ", localPassword=******]";
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

}
