package dev.specter.autoconfigure;

import dev.specter.PeerConnectionId;
import dev.specter.SpecterId;
import dev.specter.SpecterListener;
import dev.specter.dispatch.EventDispatcher;
import dev.specter.event.DataChannelStateChanged;
import dev.specter.event.NegotiationNeeded;
import dev.specter.event.SpecterEvent;
import dev.specter.webrtc.DefaultSpecterFactory;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Whether Specter's own beans make every event "wanted", which would post every event of
 * a connection to its mailbox (a dispatch-thread wake-up each) even when the application
 * listens to few: not in an application without metrics or the endpoint, as intended in
 * one with a meter registry (the meters count every event by type).
 */
class SpecterListenerInterestTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(SpecterAutoConfiguration.class, SpecterStatsAutoConfiguration.class,
				SpecterMetricsAutoConfiguration.class, SpecterEndpointAutoConfiguration.class,
				SpecterHealthContributorAutoConfiguration.class))
		.withUserConfiguration(ChannelStateListener.class)
		.withPropertyValues("specter.ice-servers=");

	private final SpecterEvent negotiation = new NegotiationNeeded(SpecterId.random(), PeerConnectionId.random());

	@Test
	void withoutMetricsOrTheEndpointEventsNobodyListensToAreSkipped() {
		this.runner.run((context) -> {
			EventDispatcher dispatcher = context.getBean(DefaultSpecterFactory.class).dispatcher();
			dispatcher.publish(this.negotiation);
			assertThat(dispatcher.wants(this.negotiation)).isFalse();
		});
	}

	@Test
	void withAMeterRegistryEveryEventIsCounted() {
		this.runner.withBean(MeterRegistry.class, SimpleMeterRegistry::new).run((context) -> {
			EventDispatcher dispatcher = context.getBean(DefaultSpecterFactory.class).dispatcher();
			dispatcher.publish(this.negotiation);
			assertThat(dispatcher.wants(this.negotiation)).isTrue();
		});
	}

	@Configuration(proxyBeanMethods = false)
	static class ChannelStateListener {

		@Bean
		Listener channelStateListener() {
			return new Listener();
		}

	}

	static class Listener {

		@SpecterListener
		void on(DataChannelStateChanged event) {
		}

	}

}
