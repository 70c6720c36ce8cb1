package dev.specter.worker;

import java.util.ArrayList;
import java.util.List;

import dev.specter.DataChannelId;
import dev.specter.NotFoundException;
import dev.specter.PeerConnectionId;
import dev.specter.datachannel.DataChannelState;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** Tests for {@link Route}'s record of a worker connection's data channels. */
class RouteTests {

	@Test
	void onlyTheMostRecentlyClosedChannelsAreRemembered() {
		Route route = new Route(PeerConnectionId.random(), null, null, null);
		DataChannelId open = DataChannelId.random();
		route.known(open).state(DataChannelState.OPEN);
		List<DataChannelId> closed = new ArrayList<>();
		for (int i = 0; i < Route.MAX_CLOSED_CHANNELS + 100; i++) {
			DataChannelId channel = DataChannelId.random();
			route.known(channel).state(DataChannelState.CLOSED);
			route.closed(channel);
			closed.add(channel);
		}
		assertThat(route.channels()).hasSize(Route.MAX_CLOSED_CHANNELS + 1);
		assertThat(route.channel(open).state()).isEqualTo(DataChannelState.OPEN);
		assertThat(route.channel(closed.get(closed.size() - 1)).state()).isEqualTo(DataChannelState.CLOSED);
		assertThat(route.channel(closed.get(100)).state()).isEqualTo(DataChannelState.CLOSED);
		assertThatExceptionOfType(NotFoundException.class).isThrownBy(() -> route.channel(closed.get(99)));
	}

}
