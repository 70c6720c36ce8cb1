package dev.specter.test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.specter.DataChannelId;
import dev.specter.PeerConnectionId;
import dev.specter.Specter;
import dev.specter.datachannel.DataChannelOptions;
import dev.specter.datachannel.DataChannelState;
import dev.specter.event.DataChannelMessage;
import dev.specter.event.DataChannelReceived;
import dev.specter.event.DataChannelStateChanged;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two connected peer connections of one Specter with an open data channel: offerer
 * {@code a} created {@code channelA}; answerer {@code b} received it as {@code channelB}.
 */
public record ConnectedPair(Specter specter, PeerConnectionId a, PeerConnectionId b, DataChannelId channelA,
		DataChannelId channelB) {

	public static ConnectedPair open(Specter specter, EventRecorder events, CandidateRelay relay) throws Exception {
		return open(specter, events, relay, "control", DataChannelOptions.DEFAULT);
	}

	public static ConnectedPair open(Specter specter, EventRecorder events, CandidateRelay relay, String label,
			DataChannelOptions options) throws Exception {
		PeerConnectionId a = Peers.newPeerConnection(specter);
		PeerConnectionId b = Peers.newPeerConnection(specter);
		relay.link(specter, a, specter, b);
		DataChannelId channelA = specter.createDataChannel(a, label, options).get(10, TimeUnit.SECONDS);
		Peers.negotiate(specter, a, b);
		Peers.awaitConnected(events, a, b);
		events.await(DataChannelStateChanged.class, a,
				(e) -> e.channel().equals(channelA) && e.state() == DataChannelState.OPEN, Duration.ofSeconds(20));
		DataChannelReceived received = events.await(DataChannelReceived.class, b, (e) -> e.label().equals(label));
		events.await(DataChannelStateChanged.class, b,
				(e) -> e.channel().equals(received.channel()) && e.state() == DataChannelState.OPEN);
		return new ConnectedPair(specter, a, b, channelA, received.channel());
	}

	/** Sends a text message from a to b and waits for it to arrive. */
	public void roundTrip(EventRecorder events, String text) throws Exception {
		this.specter.sendText(this.a, this.channelA, text).get(10, TimeUnit.SECONDS);
		events.await(DataChannelMessage.class, this.b, (m) -> m.text().equals(text));
	}

	/** Returns the payload bytes {@code b} has received so far. */
	public long receivedByAnswerer(EventRecorder events) {
		return events.events(DataChannelMessage.class, this.b).stream().mapToLong(DataChannelMessage::size).sum();
	}

	public List<String> received(EventRecorder events) {
		return events.events(DataChannelMessage.class, this.b)
			.stream()
			.map((m) -> new String(m.data(), StandardCharsets.UTF_8))
			.toList();
	}

	public void close() {
		for (PeerConnectionId pc : List.of(this.a, this.b)) {
			if (this.specter.peerConnectionExists(pc)) {
				this.specter.closePeerConnection(pc);
			}
		}
		assertThat(this.specter.peerConnectionExists(this.a)).isFalse();
	}

}
