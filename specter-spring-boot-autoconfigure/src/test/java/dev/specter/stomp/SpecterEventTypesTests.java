package dev.specter.stomp;

import java.util.List;

import dev.specter.PeerConnectionId;
import dev.specter.SpecterId;
import dev.specter.event.ConnectionStateChanged;
import dev.specter.event.PeerConnectionReady;
import dev.specter.event.SpecterEvent;
import dev.specter.signaling.ConnectionState;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class SpecterEventTypesTests {

	private final SpecterEvent ready = new PeerConnectionReady(SpecterId.random(), PeerConnectionId.random());

	private final SpecterEvent state = new ConnectionStateChanged(SpecterId.random(), PeerConnectionId.random(),
			ConnectionState.CONNECTED);

	@Test
	void emptyIncludeRelaysEveryType() {
		SpecterEventTypes types = SpecterEventTypes.of(List.of(), List.of());
		assertThat(types.relayed()).isEqualTo(SpecterEventTypes.all()).contains("DataChannelMessage", "StatsReported");
		assertThat(types.relays(this.ready)).isTrue();
	}

	@Test
	void includeAndExclude() {
		SpecterEventTypes types = SpecterEventTypes.of(List.of("PeerConnectionReady"), List.of());
		assertThat(types.relays(this.ready)).isTrue();
		assertThat(types.relays(this.state)).isFalse();
		SpecterEventTypes excluded = SpecterEventTypes.of(List.of(), List.of("PeerConnectionReady"));
		assertThat(excluded.relays(this.ready)).isFalse();
		assertThat(excluded.relays(this.state)).isTrue();
	}

	@Test
	void unknownNamesAreRefused() {
		assertThatIllegalArgumentException().isThrownBy(() -> SpecterEventTypes.of(List.of("Nope"), List.of("Nada")))
			.withMessageContaining("Nope")
			.withMessageContaining("Nada");
	}

}
