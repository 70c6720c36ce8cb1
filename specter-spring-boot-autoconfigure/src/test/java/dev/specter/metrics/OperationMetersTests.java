package dev.specter.metrics;

import java.time.Duration;
import java.util.concurrent.CompletionException;

import dev.specter.NotFoundException;
import dev.specter.Operation;
import dev.specter.OperationTimeoutException;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class OperationMetersTests {

	private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

	private final OperationMeters meters = new OperationMeters(() -> this.registry);

	private long count(String operation, String outcome) {
		return this.registry.get(SpecterMetrics.OPERATIONS)
			.tags("operation", operation, "outcome", outcome)
			.timer()
			.count();
	}

	@Test
	void outcomeIsTheErrorCodeOfTheCause() {
		this.meters.operationCompleted(Operation.CREATE_OFFER, Duration.ofMillis(3), null);
		this.meters.operationCompleted(Operation.CREATE_OFFER, Duration.ofMillis(3),
				new CompletionException(new NotFoundException("gone")));
		this.meters.operationCompleted(Operation.SET_REMOTE_DESCRIPTION, Duration.ofSeconds(10),
				new OperationTimeoutException("late"));
		this.meters.operationCompleted(Operation.GET_STATS, Duration.ZERO, new IllegalStateException("?"));
		assertThat(count("create_offer", "success")).isEqualTo(1);
		assertThat(count("create_offer", "not_found")).isEqualTo(1);
		assertThat(count("set_remote_description", "timeout")).isEqualTo(1);
		assertThat(count("get_stats", "error")).isEqualTo(1);
	}

	@Test
	void dataChannelSends() {
		this.meters.dataChannelSent(11);
		this.meters.dataChannelSent(1000);
		assertThat(this.registry.get(SpecterMetrics.DATACHANNEL_MESSAGES).tag("direction", "sent").counter().count())
			.isEqualTo(2);
		assertThat(this.registry.get(SpecterMetrics.DATACHANNEL_BYTES).tag("direction", "sent").counter().count())
			.isEqualTo(1011);
	}

}
