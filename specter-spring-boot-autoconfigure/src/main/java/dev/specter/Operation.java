package dev.specter;

/**
 * The asynchronous operations whose failure is reported by an
 * {@link dev.specter.event.OperationFailed} event.
 */
public enum Operation {

	/** Creating a peer connection. */
	NEW_PEER_CONNECTION,

	/** Creating an offer. */
	CREATE_OFFER,

	/** Creating an answer. */
	CREATE_ANSWER,

	/** Setting the local description. */
	SET_LOCAL_DESCRIPTION,

	/** Setting the remote description. */
	SET_REMOTE_DESCRIPTION,

	/** Adding a remote ICE candidate. */
	ADD_ICE_CANDIDATE,

	/** Creating a data channel. */
	CREATE_DATA_CHANNEL,

	/** Sending on a data channel. */
	SEND,

	/** Waiting for ICE gathering to complete. */
	GATHER_CANDIDATES,

	/** Collecting statistics. */
	GET_STATS,

	/** Adding a track to a peer connection. */
	ADD_TRACK,

	/** Removing a track from a peer connection. */
	REMOVE_TRACK,

	/** Adding a transceiver to a peer connection. */
	ADD_TRANSCEIVER,

	/** Playing a file on a track. */
	PLAY_FILE

}
