package dev.specter.webrtc;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import dev.specter.ConnectionClosedException;
import dev.specter.DataChannelId;
import dev.specter.ErrorCode;
import dev.specter.InvalidInputException;
import dev.specter.Operation;
import dev.specter.OperationTimeoutException;
import dev.specter.PeerConnectionId;
import dev.specter.SpecterId;
import dev.specter.SpecterObserver;
import dev.specter.dispatch.EventDispatcher;
import dev.specter.event.NegotiationNeeded;
import dev.specter.event.OperationFailed;
import dev.specter.event.SpecterEvent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The pending futures of one connection, on a real dispatcher. */
class PendingOperationsTests {

	private final SpecterId specter = SpecterId.random();

	private final PeerConnectionId pc = PeerConnectionId.random();

	private final EventDispatcher dispatcher = new EventDispatcher((event) -> {
	}, 2, 100);

	private final List<SpecterEvent> events = new CopyOnWriteArrayList<>();

	private final List<String> observed = new CopyOnWriteArrayList<>();

	private final SpecterObserver observer = new SpecterObserver() {

		@Override
		public void operationCompleted(SpecterId specter, PeerConnectionId peerConnection, Operation operation,
				Duration duration, Throwable failure) {
			PendingOperationsTests.this.observed
				.add(operation + ":" + ((failure != null) ? failure.getClass().getSimpleName() : "ok"));
		}

		@Override
		public void dataChannelSent(SpecterId specter, PeerConnectionId peerConnection, DataChannelId channel,
				int bytes, boolean binary) {
		}

	};

	@AfterEach
	void close() {
		this.dispatcher.close();
	}

	private PendingOperations operations(Duration timeout) {
		return new PendingOperations(this.specter, this.pc, this.dispatcher, timeout, this.observer, this.events::add);
	}

	@Test
	void succeedPostsTheEventThenCompletesOnADispatchThread() throws Exception {
		PendingOperations operations = operations(Duration.ofSeconds(10));
		CompletableFuture<String> future = operations.newFuture(Operation.CREATE_OFFER);
		assertThat(operations.size()).isEqualTo(1);
		SpecterEvent event = new NegotiationNeeded(this.specter, this.pc);
		CompletableFuture<String> thread = future.thenApply((value) -> Thread.currentThread().getName() + "/" + value);
		operations.succeed(future, "sdp", event);
		assertThat(this.events).containsExactly(event);
		assertThat(thread.get(10, TimeUnit.SECONDS)).startsWith("specter-dispatch-").endsWith("/sdp");
		await().atMost(Duration.ofSeconds(10)).until(() -> operations.size() == 0);
		assertThat(this.observed).containsExactly("CREATE_OFFER:ok");
	}

	@Test
	void failPostsOperationFailedWithTheCodeAndMessage() {
		PendingOperations operations = operations(Duration.ofSeconds(10));
		CompletableFuture<Void> future = operations.newFuture(Operation.ADD_ICE_CANDIDATE);
		operations.fail(future, Operation.ADD_ICE_CANDIDATE,
				new InvalidInputException(ErrorCode.LIMIT_EXCEEDED, "too many"));
		assertThat(this.events).singleElement()
			.isEqualTo(new OperationFailed(this.specter, this.pc, Operation.ADD_ICE_CANDIDATE, ErrorCode.LIMIT_EXCEEDED,
					"too many"));
		await().atMost(Duration.ofSeconds(10)).until(future::isDone);
		assertThat(future).isCompletedExceptionally();
		assertThat(failure(future)).isInstanceOf(InvalidInputException.class);
	}

	@Test
	void anOperationThatNeverCompletesTimesOutWithAnEvent() {
		PendingOperations operations = operations(Duration.ofMillis(50));
		CompletableFuture<Void> future = operations.newFuture(Operation.SET_REMOTE_DESCRIPTION);
		await().atMost(Duration.ofSeconds(10)).until(future::isDone);
		assertThat(failure(future)).isInstanceOf(OperationTimeoutException.class)
			.hasMessageContaining("SET_REMOTE_DESCRIPTION on peer connection " + this.pc);
		await().atMost(Duration.ofSeconds(10)).until(() -> !this.events.isEmpty());
		assertThat(this.events).singleElement()
			.isInstanceOfSatisfying(OperationFailed.class,
					(failed) -> assertThat(failed.code()).isEqualTo(ErrorCode.TIMEOUT));
		assertThat(operations.size()).isZero();
		assertThat(this.observed).containsExactly("SET_REMOTE_DESCRIPTION:OperationTimeoutException");
	}

	@Test
	void failAllFailsEveryPendingFutureWithTheClosedErrorAndNoEvent() {
		PendingOperations operations = operations(Duration.ofSeconds(10));
		CompletableFuture<Void> first = operations.newFuture(Operation.SET_LOCAL_DESCRIPTION);
		CompletableFuture<String> second = operations.newFuture(Operation.GET_STATS);
		CompletableFuture<Void> done = operations.newFuture(Operation.ADD_ICE_CANDIDATE);
		done.complete(null);
		ConnectionClosedException closed = new ConnectionClosedException("peer connection is closed");
		operations.failAll(closed);
		await().atMost(Duration.ofSeconds(10)).until(() -> first.isDone() && second.isDone());
		assertThat(failure(first)).isSameAs(closed);
		assertThat(failure(second)).isSameAs(closed);
		assertThat(closed.code()).isEqualTo(ErrorCode.CLOSED);
		assertThat(done).isCompleted();
		assertThat(operations.size()).isZero();
		assertThat(this.events).isEmpty();
	}

	private static Throwable failure(CompletableFuture<?> future) {
		return future.handle((value, failure) -> failure).join();
	}

}
