package dev.specter.webrtc;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import dev.specter.OperationTimeoutException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PendingDescriptionsTests {

	private final PendingDescriptions descriptions = new PendingDescriptions();

	@Test
	void noneWaitsForNothing() {
		this.descriptions.awaitNone(Duration.ofMillis(1), "pc");
		assertThat(this.descriptions.pending()).isZero();
	}

	@Test
	void waitsUntilEveryPendingDescriptionIsAnswered() throws Exception {
		this.descriptions.begin();
		this.descriptions.begin();
		CompletableFuture<Void> waiting = CompletableFuture
			.runAsync(() -> this.descriptions.awaitNone(Duration.ofSeconds(30), "pc"));
		Thread.sleep(50);
		assertThat(waiting).isNotDone();
		Thread observer = new Thread(this.descriptions::end);
		observer.start();
		observer.join();
		Thread.sleep(50);
		assertThat(waiting).isNotDone();
		this.descriptions.abandon();
		waiting.get(10, TimeUnit.SECONDS);
		assertThat(this.descriptions.pending()).isZero();
	}

	@Test
	void timesOutWithATypedError() {
		this.descriptions.begin();
		assertThatThrownBy(() -> this.descriptions.awaitNone(Duration.ofMillis(20), "pc 1"))
			.isInstanceOf(OperationTimeoutException.class)
			.hasMessageContaining("pc 1");
		this.descriptions.release();
		this.descriptions.awaitNone(Duration.ofMillis(1), "pc 1");
	}

	@Test
	void theSignalingThreadNeverWaitsForItself() throws Exception {
		CompletableFuture<Void> done = new CompletableFuture<>();
		Thread signaling = new Thread(() -> {
			this.descriptions.end(); // learns the thread, as an observer callback does
			this.descriptions.begin();
			try {
				this.descriptions.awaitNone(Duration.ofSeconds(30), "pc");
				done.complete(null);
			}
			catch (Throwable ex) {
				done.completeExceptionally(ex);
			}
		});
		signaling.start();
		done.get(5, TimeUnit.SECONDS);
		assertThat(this.descriptions.pending()).isEqualTo(1);
	}

}
