package dev.specter;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import dev.specter.datachannel.DataChannelState;
import dev.specter.event.ConnectionStateChanged;
import dev.specter.event.DataChannelStateChanged;
import dev.specter.event.IceConnectionStateChanged;
import dev.specter.event.IceGatheringStateChanged;
import dev.specter.event.NegotiationNeeded;
import dev.specter.event.PeerConnectionClosed;
import dev.specter.event.SignalingStateChanged;
import dev.specter.event.SpecterEvent;
import dev.specter.signaling.ConnectionState;
import dev.specter.signaling.IceConnectionState;
import dev.specter.signaling.IceGatheringState;
import dev.specter.signaling.SignalingState;
import dev.specter.test.Peers;
import dev.specter.test.SpecterIntegrationTest;
import dev.specter.test.SpecterIntegrationTestSupport;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The state changes Specter pushes, without being asked, for a connect and a close. */
@SpecterIntegrationTest
class StateEventsIT extends SpecterIntegrationTestSupport {

	@Test
	void pushedSequencesForAConnectAndAClose() throws Exception {
		PeerConnectionId a = Peers.newPeerConnection(this.specter);
		PeerConnectionId b = Peers.newPeerConnection(this.specter);
		this.relay.link(this.specter, a, this.specter, b);
		DataChannelId channel = this.specter.createDataChannel(a, "data").get(5, TimeUnit.SECONDS);
		this.events.await(NegotiationNeeded.class, a);
		Peers.negotiate(this.specter, a, b);
		Peers.awaitConnected(this.events, a, b);
		this.events.await(IceGatheringStateChanged.class, a, (e) -> e.state() == IceGatheringState.COMPLETE);
		this.events.await(IceGatheringStateChanged.class, b, (e) -> e.state() == IceGatheringState.COMPLETE);
		this.events.await(DataChannelStateChanged.class, a, (e) -> e.state() == DataChannelState.OPEN);

		assertThat(states(a, SignalingStateChanged.class, SignalingStateChanged::state))
			.containsExactly(SignalingState.HAVE_LOCAL_OFFER, SignalingState.STABLE);
		assertThat(states(b, SignalingStateChanged.class, SignalingStateChanged::state))
			.containsExactly(SignalingState.HAVE_REMOTE_OFFER, SignalingState.STABLE);
		for (PeerConnectionId pc : List.of(a, b)) {
			assertThat(states(pc, IceGatheringStateChanged.class, IceGatheringStateChanged::state))
				.containsExactly(IceGatheringState.GATHERING, IceGatheringState.COMPLETE);
			assertThat(states(pc, ConnectionStateChanged.class, ConnectionStateChanged::state))
				.containsExactly(ConnectionState.CONNECTING, ConnectionState.CONNECTED);
			assertThat(states(pc, IceConnectionStateChanged.class, IceConnectionStateChanged::state))
				.startsWith(IceConnectionState.CHECKING, IceConnectionState.CONNECTED)
				.isSubsetOf(IceConnectionState.CHECKING, IceConnectionState.CONNECTED, IceConnectionState.COMPLETED);
		}
		assertThat(this.events.events(NegotiationNeeded.class, a)).isNotEmpty();
		assertThat(channel).isNotNull();

		this.specter.closePeerConnection(a);
		this.events.await(PeerConnectionClosed.class, a);
		List<SpecterEvent> all = this.events.events(SpecterEvent.class, a);
		List<SpecterEvent> closing = all.subList(all.size() - 5, all.size());
		assertThat(closing).extracting(Object::getClass)
			.containsExactlyInAnyOrder(IceConnectionStateChanged.class, ConnectionStateChanged.class,
					SignalingStateChanged.class, DataChannelStateChanged.class, PeerConnectionClosed.class);
		assertThat(closing).allSatisfy((e) -> assertThat(e.toString()).containsAnyOf("CLOSED", "PeerConnectionClosed"));
		assertThat(all.get(all.size() - 1)).isInstanceOf(PeerConnectionClosed.class);
		// The remote side notices: its channel closes and its connection leaves
		// 'connected'.
		this.events.await(DataChannelStateChanged.class, b, (e) -> e.state() == DataChannelState.CLOSED);
		this.events.await(
				ConnectionStateChanged.class, b, (e) -> e.state() == ConnectionState.DISCONNECTED
						|| e.state() == ConnectionState.FAILED || e.state() == ConnectionState.CLOSED,
				Duration.ofSeconds(40));
		this.specter.closePeerConnection(b);
		this.events.await(PeerConnectionClosed.class, b);
	}

	private <E extends SpecterEvent, S> List<S> states(PeerConnectionId pc, Class<E> type, Function<E, S> state) {
		return this.events.events(type, pc).stream().map(state).toList();
	}

}
