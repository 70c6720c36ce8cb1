package dev.specter.worker;

import java.lang.reflect.Type;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

import dev.specter.EngineFailedException;
import dev.specter.Operation;
import dev.specter.OperationTimeoutException;
import dev.specter.SpecterId;

/**
 * Calls from the application to a worker, for one Specter instance: a call that answers
 * at once ({@link #sync}) and one whose result is a future ({@link #async}), which first
 * waits for the worker to accept it so bad arguments still throw in the caller, as in
 * process. Futures complete on a dispatch thread, never on the thread that reads the
 * worker's socket; a worker that dies fails them with {@link EngineFailedException}.
 */
final class WorkerCalls {

	private final SpecterId id;

	private final String key;

	private final WorkerSpecterFactory factory;

	WorkerCalls(SpecterId id, String key, WorkerSpecterFactory factory) {
		this.id = id;
		this.key = key;
		this.factory = factory;
	}

	@SuppressWarnings("unchecked")
	<T> T sync(WorkerProcess worker, String method, Type type, Object... args) {
		InlineHandler.refuseOnReader();
		Frames.Frame frame = await(worker, method, worker.call(this.key, method, args).done());
		if (frame.type() == Frames.ERROR) {
			throw WorkerCodec.error(WorkerCodec.tree(frame.payload()));
		}
		return (T) WorkerCodec.convert(WorkerCodec.tree(frame.payload()), type);
	}

	/**
	 * Waits for a worker's answer to a call: its failure is rethrown (as
	 * {@link EngineFailedException} when not a runtime exception), and no answer within
	 * the operation timeout plus five seconds for the trip is an
	 * {@link OperationTimeoutException}.
	 */
	Frames.Frame await(WorkerProcess worker, String method, CompletableFuture<Frames.Frame> answer) {
		Duration timeout = this.factory.settings().operationTimeout().plusSeconds(5);
		try {
			return answer.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (ExecutionException ex) {
			throw (ex.getCause() instanceof RuntimeException runtime) ? runtime
					: new EngineFailedException(String.valueOf(ex.getCause()));
		}
		catch (TimeoutException ex) {
			throw new OperationTimeoutException(method + " got no answer from " + worker + " within " + timeout);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new EngineFailedException("interrupted while waiting for " + worker);
		}
	}

	/**
	 * Forwards a call whose result is a future; {@code onResult} sees a successful result
	 * on the reader thread, before the future completes.
	 */
	@SuppressWarnings("unchecked")
	<T> CompletableFuture<T> async(Route route, Operation operation, String method, Type type, Consumer<T> onResult,
			Object... args) {
		long started = System.nanoTime();
		CompletableFuture<T> result = new CompletableFuture<>();
		WorkerProcess.Call call = route.worker().call(this.key, method, args);
		Frames.Frame early = awaitAccepted(route.worker(), method, call);
		if (early != null && early.type() == Frames.ERROR) {
			// the method threw in the worker: it throws here too
			throw WorkerCodec.error(WorkerCodec.tree(early.payload()));
		}
		if (ImmediateResults.isImmediate(early)) {
			// done at once in the worker: done at once here too, as in process
			try {
				T value = (T) WorkerCodec.convert(WorkerCodec.tree(early.payload()), type);
				if (onResult != null) {
					onResult.accept(value);
				}
				observe(route, operation, started, null);
				result.complete(value);
			}
			catch (RuntimeException ex) {
				observe(route, operation, started, ex);
				result.completeExceptionally(ex);
			}
			return result;
		}
		call.done()
			.whenComplete((frame, failure) -> reply(result, route, operation, started, type, onResult, frame, failure));
		return result;
	}

	/**
	 * Forwards a call whose result is a future without waiting for the worker to accept
	 * it: for methods whose only checks that throw in process are checks of their
	 * arguments, which the caller has made here already, and the connection's existence,
	 * which the route has. Calls of one worker run in the order they are written, so the
	 * next call of the caller needs no wait either. Should the worker still refuse it
	 * (the connection closed there an instant ago), the future fails with that error, as
	 * it would in process for a connection closed right after the call.
	 */
	<T> CompletableFuture<T> pipelined(Route route, Operation operation, String method, Type type, Object... args) {
		long started = System.nanoTime();
		CompletableFuture<T> result = new CompletableFuture<>();
		route.worker()
			.call(this.key, method, args)
			.done()
			.whenComplete((frame, failure) -> reply(result, route, operation, started, type, null, frame, failure));
		return result;
	}

	@SuppressWarnings("unchecked")
	private <T> void reply(CompletableFuture<T> result, Route route, Operation operation, long started, Type type,
			Consumer<T> onResult, Frames.Frame frame, Throwable failure) {
		Throwable error = failure(frame, failure);
		T value = null;
		if (error == null) {
			try {
				value = (T) WorkerCodec.convert(WorkerCodec.tree(frame.payload()), type);
				if (onResult != null) {
					onResult.accept(value);
				}
			}
			catch (RuntimeException ex) {
				error = ex;
			}
		}
		finish(result, route, operation, started, value, error);
	}

	/**
	 * Waits until the worker has run the call's checks: the reply if it ended there,
	 * {@code null} if it returned a future (or the worker died: the future fails).
	 */
	private Frames.Frame awaitAccepted(WorkerProcess worker, String method, WorkerProcess.Call call) {
		Duration timeout = this.factory.settings().operationTimeout().plusSeconds(5);
		try {
			return call.accepted().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (ExecutionException ex) {
			return null;
		}
		catch (TimeoutException ex) {
			throw new OperationTimeoutException(method + " got no answer from " + worker + " within " + timeout);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new EngineFailedException("interrupted while waiting for " + worker);
		}
	}

	static Throwable failure(Frames.Frame frame, Throwable failure) {
		if (failure != null) {
			return failure;
		}
		return (frame.type() == Frames.ERROR) ? WorkerCodec.error(WorkerCodec.tree(frame.payload())) : null;
	}

	private void observe(Route route, Operation operation, long started, Throwable error) {
		if (operation != null) {
			try {
				this.factory.observer()
					.operationCompleted(this.id, route.peerConnection(), operation,
							Duration.ofNanos(System.nanoTime() - started), error);
			}
			catch (Throwable ex) {
				// Observers must not throw; ignored as in process.
			}
		}
	}

	/** Completes on a dispatch thread, never on the worker's reader thread. */
	<T> void finish(CompletableFuture<T> result, Route route, Operation operation, long started, T value,
			Throwable error) {
		observe(route, operation, started, error);
		if (error != null) {
			this.factory.dispatcher().fail(result, error);
		}
		else {
			this.factory.dispatcher().complete(result, value);
		}
	}

}
