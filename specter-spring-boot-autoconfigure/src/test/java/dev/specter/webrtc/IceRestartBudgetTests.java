package dev.specter.webrtc;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/** The remote ICE-restart budget on a clock the test moves. */
class IceRestartBudgetTests {

	private final AtomicLong now = new AtomicLong(1_000_000_000L);

	@Test
	void aBurstOfThreeThenOneEverySixSecondsAtTenAMinute() {
		IceRestartBudget budget = new IceRestartBudget(10, this.now::get);
		assertThat(budget.tryTake()).isTrue();
		assertThat(budget.tryTake()).isTrue();
		assertThat(budget.tryTake()).isTrue();
		assertThat(budget.tryTake()).isFalse();
		advance(5_900);
		assertThat(budget.tryTake()).isFalse();
		advance(100);
		assertThat(budget.tryTake()).isTrue();
		assertThat(budget.tryTake()).isFalse();
		// Refused attempts do not push the next restart further away.
		advance(6_000);
		assertThat(budget.tryTake()).isTrue();
	}

	@Test
	void aQuietConnectionSavesUpTheBurstOnly() {
		IceRestartBudget budget = new IceRestartBudget(10, this.now::get);
		advance(TimeUnit.HOURS.toMillis(1));
		int taken = 0;
		while (budget.tryTake()) {
			taken++;
		}
		assertThat(taken).isEqualTo(3);
	}

	@Test
	void aLimitBelowTheBurstCapsIt() {
		IceRestartBudget budget = new IceRestartBudget(1, this.now::get);
		assertThat(budget.tryTake()).isTrue();
		assertThat(budget.tryTake()).isFalse();
		advance(59_000);
		assertThat(budget.tryTake()).isFalse();
		advance(1_000);
		assertThat(budget.tryTake()).isTrue();
		assertThatIllegalArgumentException().isThrownBy(() -> new IceRestartBudget(0, this.now::get));
	}

	private void advance(long millis) {
		this.now.addAndGet(TimeUnit.MILLISECONDS.toNanos(millis));
	}

}
