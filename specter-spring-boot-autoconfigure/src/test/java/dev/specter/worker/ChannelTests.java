package dev.specter.worker;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link Channel}'s bound of bytes on their way to a worker.
 */
class ChannelTests {

	@Test
	void sendsPastTheBoundAreRefusedUntilEarlierOnesAreAnswered() {
		Channel channel = new Channel();
		assertThat(channel.reserve(600, 1000)).isTrue();
		assertThat(channel.reserve(400, 1000)).isTrue();
		assertThat(channel.reserve(1, 1000)).isFalse();
		assertThat(channel.inFlight()).isEqualTo(1000);
		channel.release(600);
		assertThat(channel.reserve(500, 1000)).isTrue();
		assertThat(channel.inFlight()).isEqualTo(900);
	}

	@Test
	void oneRequestForTheLowEventIsOnItsWayAtATime() {
		Channel channel = new Channel();
		assertThat(channel.requestLow()).isTrue();
		assertThat(channel.requestLow()).isFalse();
		channel.lowRequestDone();
		assertThat(channel.requestLow()).isTrue();
	}

	@Test
	void oneMessageLargerThanTheBoundPassesWhenNothingElseIsOnItsWay() {
		Channel channel = new Channel();
		assertThat(channel.reserve(5000, 1000)).isTrue();
		assertThat(channel.reserve(1, 1000)).isFalse();
		channel.release(5000);
		assertThat(channel.inFlight()).isZero();
	}

}
