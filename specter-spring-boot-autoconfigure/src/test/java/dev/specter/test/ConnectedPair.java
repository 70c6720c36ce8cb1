package dev.specter.test;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import dev.specter.DataChannelId;
import dev.specter.DataChannelState;
import dev.specter.PeerConnectionId;
import dev.specter.Specter;
import dev.specter.event.DataChannelMessage;
import dev.specter.event.DataChannelStateChanged;

/**
 * Two connected peer connections of one Specter with an open data channel from the offerer: the
 * set-up the observability tests send traffic over.
 *
 * @param specter the instance
 * @param offerer the connection that created the channel
 * @param answerer the other connection
 * @param channel the offerer's channel
 */
public record ConnectedPair(Specter specter, PeerConnectionId offerer, PeerConnectionId answerer,
		DataChannelId channel) {

	private static final Duration TIMEOUT = Duration.ofSeconds(20);

	/**
	 * Creates both connections, negotiates them over host candidates and waits until the channel
	 * is open on both sides.
	 */
	public static ConnectedPair connect(Specter specter, EventRecorder events, CandidateRelay relay)
			throws Exception {
		PeerConnectionId offerer = Peers.newPeerConnection(specter);
		PeerConnectionId answerer = Peers.newPeerConnection(specter);
		relay.link(specter, offerer, specter, answerer);
		DataChannelId channel = specter.createDataChannel(offerer, "observability").get(10, TimeUnit.SECONDS);
		Peers.negotiate(specter, offerer, answerer);
		Peers.awaitConnected(events, offerer, answerer);
		events.await(DataChannelStateChanged.class, offerer,
				(changed) -> changed.channel().equals(channel) && changed.state() == DataChannelState.OPEN, TIMEOUT);
		events.await(DataChannelStateChanged.class, answerer, (changed) -> changed.state() == DataChannelState.OPEN,
				TIMEOUT);
		return new ConnectedPair(specter, offerer, answerer, channel);
	}

	/** Returns the payload bytes the answerer has received so far. */
	public long receivedByAnswerer(EventRecorder events) {
		return events.events(DataChannelMessage.class, this.answerer)
			.stream()
			.mapToLong(DataChannelMessage::size)
			.sum();
	}

	/** Closes both connections (if still live). */
	public void close() {
		for (PeerConnectionId pc : new PeerConnectionId[] { this.offerer, this.answerer }) {
			if (this.specter.peerConnectionExists(pc)) {
				this.specter.closePeerConnection(pc);
			}
		}
	}

}
