package dev.specter.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.specter.ApiId;
import dev.specter.DataChannelId;
import dev.specter.MediaEngineId;
import dev.specter.PeerConnectionId;
import dev.specter.Specter;
import dev.specter.SpecterFactory;
import dev.specter.datachannel.DataChannelState;
import dev.specter.webrtc.DefaultSpecterFactory;
import dev.specter.worker.WorkerSpecterFactory;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code specter.engine.isolation} chooses where the engine runs; worker mode starts real
 * worker processes and stops them with the context.
 */
class SpecterWorkersAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner().withConfiguration(
			AutoConfigurations.of(SpecterWorkersAutoConfiguration.class, SpecterAutoConfiguration.class));

	@Test
	void inProcessByDefault() {
		this.runner.run((context) -> assertThat(context).hasSingleBean(SpecterFactory.class)
			.getBean(SpecterFactory.class)
			.isInstanceOf(DefaultSpecterFactory.class));
		this.runner.withPropertyValues("specter.engine.isolation=in-process")
			.run((context) -> assertThat(context.getBean(SpecterFactory.class))
				.isInstanceOf(DefaultSpecterFactory.class));
	}

	@Test
	void aWorkerCountBelowOneFailsNamingTheProperty() {
		this.runner.withPropertyValues("specter.engine.isolation=workers", "specter.engine.workers=0")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("specter.engine.workers"));
	}

	@Test
	void aHeartbeatTimeoutNotLongerThanItsIntervalFailsNamingTheProperty() {
		this.runner
			.withPropertyValues("specter.engine.isolation=workers", "specter.engine.heartbeat-interval=5s",
					"specter.engine.heartbeat-timeout=5s")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("specter.engine.heartbeat-timeout"));
		this.runner.withPropertyValues("specter.engine.isolation=workers", "specter.engine.heartbeat-interval=0s")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("specter.engine.heartbeat-interval"));
	}

	@Test
	void workersRunTheEngineAndStopWithTheContext() {
		List<Long> pids = new ArrayList<>();
		this.runner
			.withPropertyValues("specter.engine.isolation=workers", "specter.engine.workers=1", "specter.ice-servers=")
			.run((context) -> {
				assertThat(context).hasSingleBean(SpecterFactory.class).hasSingleBean(Specter.class);
				WorkerSpecterFactory factory = (WorkerSpecterFactory) context.getBean(SpecterFactory.class);
				pids.addAll(factory.workerPids());
				assertThat(pids).hasSize(1).doesNotContain(ProcessHandle.current().pid());
				Specter specter = context.getBean(Specter.class);
				MediaEngineId engine = specter.newMediaEngine();
				ApiId api = specter.newApi(engine, specter.newRegistry(engine));
				PeerConnectionId pc = specter.newPeerConnection(api);
				assertThat(factory.workerPid(pc)).isEqualTo(pids.get(0));
				DataChannelId channel = specter.createDataChannel(pc, "in a worker").get(10, TimeUnit.SECONDS);
				assertThat(specter.dataChannelState(pc, channel)).isEqualTo(DataChannelState.CONNECTING);
				assertThat(specter.peerConnections()).containsExactly(pc);
			});
		Awaitility.await()
			.atMost(Duration.ofSeconds(10))
			.until(() -> !ProcessHandle.of(pids.get(0)).map(ProcessHandle::isAlive).orElse(false));
	}

}
