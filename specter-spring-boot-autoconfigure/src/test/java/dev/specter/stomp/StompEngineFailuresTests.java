package dev.specter.stomp;

import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class StompEngineFailuresTests {

	private final AtomicLong now = new AtomicLong();

	private final StompEngineFailures failures = new StompEngineFailures(this.now::get);

	@Test
	void aClientIsRefusedAfterThreeDeathsWithinTheWindowAndAgainAllowedAfterIt() {
		StompOwner mallory = new StompOwner("s1", "mallory", "10.0.0.1");
		StompOwner otherSession = new StompOwner("s2", "mallory", "10.0.0.2");
		StompOwner alice = new StompOwner("s3", "alice", "10.0.0.1");
		for (int i = 0; i < StompEngineFailures.MAX_FAILURES; i++) {
			assertThat(this.failures.refused(mallory)).isFalse();
			this.failures.record(mallory);
			this.now.addAndGet(1_000_000_000L);
		}
		assertThat(this.failures.refused(mallory)).isTrue();
		assertThat(this.failures.refused(otherSession)).as("the same user").isTrue();
		assertThat(this.failures.refused(alice)).as("another user at the same address").isFalse();
		this.now.addAndGet(StompEngineFailures.WINDOW.toNanos() - 2_000_000_000L);
		assertThat(this.failures.refused(mallory)).as("the oldest death left the window").isFalse();
	}

	@Test
	void anonymousClientsCountByAddress() {
		StompOwner first = new StompOwner("s1", null, "10.0.0.1");
		StompOwner second = new StompOwner("s2", null, "10.0.0.1");
		StompOwner elsewhere = new StompOwner("s3", null, "10.0.0.2");
		for (int i = 0; i < StompEngineFailures.MAX_FAILURES; i++) {
			this.failures.record((i % 2 == 0) ? first : second);
		}
		assertThat(this.failures.refused(first)).isTrue();
		assertThat(this.failures.refused(second)).isTrue();
		assertThat(this.failures.refused(elsewhere)).isFalse();
	}

}
