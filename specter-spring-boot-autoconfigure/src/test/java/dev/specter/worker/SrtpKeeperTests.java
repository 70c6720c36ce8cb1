package dev.specter.worker;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.specter.SpecterConfig;
import dev.specter.SpecterObserver;
import dev.specter.dispatch.EventDispatcher;
import dev.specter.webrtc.ConnectionLimits;
import dev.specter.webrtc.DefaultSpecterFactory;
import dev.specter.webrtc.PeerConnectionFactoryPool;
import dev.specter.webrtc.RuntimeSettings;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link SrtpKeeper} on real webrtc-java: its pair connects over this machine's
 * interfaces, and the engine that shares its native factories neither counts it nor sees
 * its events.
 */
class SrtpKeeperTests {

	@Test
	void keepsAConnectedPairThatTheWorkersEngineDoesNotSee() throws Exception {
		EngineSettings settings = new EngineSettings(RuntimeSettings.DEFAULTS, ConnectionLimits.DEFAULTS, 2, 1000);
		PeerConnectionFactoryPool factories = new PeerConnectionFactoryPool();
		List<Object> published = new CopyOnWriteArrayList<>();
		EventDispatcher dispatcher = EventDispatcher.forwarding(published::add, 2, 1000);
		DefaultSpecterFactory engine = new DefaultSpecterFactory(factories, dispatcher, settings.runtime(),
				settings.limits(), SpecterObserver.NONE);
		SrtpKeeper keeper = new SrtpKeeper(factories, settings);
		try {
			keeper.start(SpecterConfig.ofUrls());
			long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
			while (!keeper.connected() && System.nanoTime() < deadline) {
				Thread.sleep(50);
			}
			assertThat(keeper.connected()).isTrue();
			assertThat(engine.resources().openConnections()).isZero();
			assertThat(engine.resources().openDataChannels()).isZero();
			assertThat(engine.instances()).isEmpty();
			assertThat(published).isEmpty();
			keeper.close();
			assertThat(keeper.connected()).isFalse();
		}
		finally {
			keeper.close();
			engine.close();
		}
	}

	@Test
	void closedWhileConnectingKeepsNothing() throws Exception {
		EngineSettings settings = new EngineSettings(RuntimeSettings.DEFAULTS, ConnectionLimits.DEFAULTS, 2, 1000);
		try (PeerConnectionFactoryPool factories = new PeerConnectionFactoryPool()) {
			SrtpKeeper keeper = new SrtpKeeper(factories, settings);
			keeper.start(SpecterConfig.ofUrls());
			keeper.close();
			Thread.sleep(2000);
			assertThat(keeper.connected()).isFalse();
			// started once only
			keeper.start(SpecterConfig.ofUrls());
			Thread.sleep(500);
			assertThat(keeper.connected()).isFalse();
		}
	}

}
