package dev.specter.autoconfigure;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import dev.specter.Specter;
import dev.specter.event.SpecterEvent;
import dev.specter.webrtc.DefaultSpecterFactory;
import dev.specter.webrtc.NativeResources;
import dev.specter.webrtc.WarmUp;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.PayloadApplicationEvent;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

class SpecterWarmUpTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(SpecterAutoConfiguration.class))
		.withUserConfiguration(EventRecorder.class)
		.withPropertyValues("specter.ice-servers=");

	@Test
	void runsAtStartWithoutEventsOrNativeObjects() {
		this.runner.withPropertyValues("specter.warm-up.enabled=true").run((context) -> {
			SpecterWarmUp warmUp = context.getBean(SpecterWarmUp.class);
			WarmUp.Result result = warmUp.await(120_000);
			assertThat(result).as("warm-up finished").isNotNull();
			assertThat(result.rounds()).isEqualTo(SpecterWarmUp.ROUNDS);
			assertThat(result.checksum()).isPositive();
			NativeResources resources = context.getBean(DefaultSpecterFactory.class).resources();
			assertThat(resources.openConnections()).isZero();
			assertThat(resources.closedConnections()).isZero();
			assertThat(resources.openDataChannels()).isZero();
			assertThat(resources.openTracks()).isZero();
			assertThat(resources.openMediaSources()).isZero();
			assertThat(context.getBean(EventRecorder.class).specterEvents()).isEmpty();
		});
	}

	@Test
	void theRecorderSeesSpecterEvents() {
		// The check above could not fail if the recorder missed Specter's events.
		this.runner.run((context) -> {
			Specter specter = context.getBean(Specter.class);
			specter.closePeerConnection(specter.newPeerConnection()).get(60, TimeUnit.SECONDS);
			EventRecorder recorder = context.getBean(EventRecorder.class);
			long deadline = System.nanoTime() + 60_000_000_000L;
			while (recorder.specterEvents().isEmpty() && System.nanoTime() < deadline) {
				Thread.sleep(10);
			}
			assertThat(recorder.specterEvents()).isNotEmpty();
		});
	}

	@Test
	void isOffByDefault() {
		this.runner.run((context) -> assertThat(context).hasSingleBean(DefaultSpecterFactory.class)
			.doesNotHaveBean(SpecterWarmUp.class));
	}

	@Test
	void canBeSwitchedOff() {
		this.runner.withPropertyValues("specter.warm-up.enabled=false")
			.run((context) -> assertThat(context).hasSingleBean(DefaultSpecterFactory.class)
				.doesNotHaveBean(SpecterWarmUp.class));
	}

	@Test
	void stopsWithTheContext() throws InterruptedException {
		SpecterWarmUp warmUp = new SpecterWarmUp(Integer.MAX_VALUE);
		warmUp.start();
		assertThat(warmUp.isRunning()).isTrue();
		warmUp.stop();
		WarmUp.Result result = warmUp.await(120_000);
		assertThat(result).isNotNull();
		assertThat(result.rounds()).isLessThan(Integer.MAX_VALUE);
		assertThat(warmUp.isRunning()).isFalse();
	}

	@Test
	void warmUpAloneRunsEveryRound() {
		WarmUp.Result result = WarmUp.run(10);
		assertThat(result.rounds()).isEqualTo(10);
		assertThat(result.elapsedNanos()).isPositive();
	}

	@Configuration(proxyBeanMethods = false)
	static class EventRecorder {

		private final List<Object> events = new CopyOnWriteArrayList<>();

		@Bean
		ApplicationListener<ApplicationEvent> specterEventRecorder() {
			return (event) -> {
				Object payload = (event instanceof PayloadApplicationEvent<?> carrying) ? carrying.getPayload() : event;
				if (payload instanceof SpecterEvent || event.getClass().getName().startsWith("dev.specter")) {
					this.events.add(payload);
				}
			};
		}

		List<Object> specterEvents() {
			return this.events;
		}

	}

}
