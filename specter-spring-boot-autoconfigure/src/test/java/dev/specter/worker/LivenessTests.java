package dev.specter.worker;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A worker's silence counts from its oldest unanswered ping, and only while the
 * application's reader was waiting for it.
 */
class LivenessTests {

	private static final long S = 1_000_000_000L;

	private final Liveness liveness = new Liveness();

	@Test
	void silenceCountsFromTheOldestUnansweredPing() {
		assertThat(this.liveness.silentNanos(100 * S)).isZero();
		this.liveness.pinged(10 * S);
		this.liveness.pinged(12 * S);
		assertThat(this.liveness.silentNanos(15 * S)).isEqualTo(5 * S);
		this.liveness.handling(15 * S);
		this.liveness.pong();
		this.liveness.waiting(15 * S);
		assertThat(this.liveness.silentNanos(40 * S)).isZero();
		this.liveness.pinged(41 * S);
		assertThat(this.liveness.silentNanos(43 * S)).isEqualTo(2 * S);
	}

	@Test
	void timeTheReaderSpentHandlingFramesIsNotSilence() {
		this.liveness.pinged(0);
		this.liveness.handling(1 * S);
		this.liveness.waiting(4 * S);
		assertThat(this.liveness.silentNanos(5 * S)).isEqualTo(2 * S);
		// a frame being handled now: the application is busy, not the worker silent
		this.liveness.handling(6 * S);
		assertThat(this.liveness.silentNanos(30 * S)).isEqualTo(3 * S);
		this.liveness.waiting(30 * S);
		assertThat(this.liveness.silentNanos(31 * S)).isEqualTo(4 * S);
	}

	@Test
	void handlingBeforeThePingDoesNotCount() {
		this.liveness.handling(1 * S);
		this.liveness.waiting(9 * S);
		this.liveness.pinged(10 * S);
		assertThat(this.liveness.silentNanos(13 * S)).isEqualTo(3 * S);
	}

}
