package dev.specter.webrtc;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

import dev.specter.ErrorCode;
import dev.specter.Operation;
import dev.specter.OperationTimeoutException;
import dev.specter.PeerConnectionId;
import dev.specter.SpecterException;
import dev.specter.SpecterId;
import dev.specter.SpecterObserver;
import dev.specter.dispatch.EventDispatcher;
import dev.specter.event.OperationFailed;
import dev.specter.event.SpecterEvent;

/**
 * The futures of one peer connection's asynchronous operations: each gets its timeout
 * ({@code specter.operation-timeout}), is reported to the {@link SpecterObserver} when it
 * completes, and completes on a dispatch thread, never on webrtc-java's native one.
 * Closing the connection fails every pending future with the typed closed error
 * ({@link #failAll}).
 */
final class PendingOperations {

	private final SpecterId specter;

	private final PeerConnectionId peerConnection;

	private final EventDispatcher dispatcher;

	private final Duration timeout;

	private final SpecterObserver observer;

	private final Consumer<SpecterEvent> events;

	private final Set<CompletableFuture<?>> pending = ConcurrentHashMap.newKeySet();

	/**
	 * Creates the pending operations of one connection.
	 * @param specter the owning instance
	 * @param peerConnection the connection
	 * @param dispatcher completes and times out the futures
	 * @param timeout how long an operation may take
	 * @param observer told about every completed operation
	 * @param events where the connection's events go, in order (its mailbox)
	 */
	PendingOperations(SpecterId specter, PeerConnectionId peerConnection, EventDispatcher dispatcher, Duration timeout,
			SpecterObserver observer, Consumer<SpecterEvent> events) {
		this.specter = specter;
		this.peerConnection = peerConnection;
		this.dispatcher = dispatcher;
		this.timeout = timeout;
		this.observer = observer;
		this.events = events;
	}

	/**
	 * A new pending future of an operation: it fails with
	 * {@link OperationTimeoutException} (and an {@link OperationFailed} event) if it is
	 * not complete within the timeout.
	 */
	<T> CompletableFuture<T> newFuture(Operation operation) {
		CompletableFuture<T> future = new CompletableFuture<>();
		long started = System.nanoTime();
		this.pending.add(future);
		future.whenComplete((value, failure) -> {
			this.pending.remove(future);
			this.observer.operationCompleted(this.specter, this.peerConnection, operation,
					Duration.ofNanos(System.nanoTime() - started), failure);
			if (failure instanceof OperationTimeoutException timeout) {
				this.events.accept(new OperationFailed(this.specter, this.peerConnection, operation, ErrorCode.TIMEOUT,
						timeout.getMessage()));
			}
		});
		this.dispatcher.timeout(future, this.timeout, () -> new OperationTimeoutException(
				operation + " on peer connection " + this.peerConnection + " did not complete within " + this.timeout));
		return future;
	}

	/** Posts the event (if any), then completes the future on a dispatch thread. */
	<T> void succeed(CompletableFuture<T> future, T value, SpecterEvent event) {
		if (event != null) {
			this.events.accept(event);
		}
		this.dispatcher.complete(future, value);
	}

	/**
	 * Posts an {@link OperationFailed} event, then fails the future on a dispatch thread.
	 */
	void fail(CompletableFuture<?> future, Operation operation, SpecterException failure) {
		this.events.accept(new OperationFailed(this.specter, this.peerConnection, operation, failure.code(),
				failure.getMessage()));
		this.dispatcher.fail(future, failure);
	}

	/**
	 * Fails every pending future with the given error (the connection closed), without
	 * events: the closed event says it once.
	 */
	void failAll(SpecterException closed) {
		for (CompletableFuture<?> future : List.copyOf(this.pending)) {
			this.dispatcher.fail(future, closed);
		}
	}

	/** How many futures are pending. */
	int size() {
		return this.pending.size();
	}

}
