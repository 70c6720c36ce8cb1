package dev.specter.worker;

import java.util.concurrent.CompletableFuture;

/**
 * Futures that are complete when the engine returns them ("completes at once", as
 * {@link dev.specter.Specter#whenGatheringComplete} and
 * {@link dev.specter.Specter#whenReady} promise): the worker answers such a call with its
 * result and no {@link Frames#ACCEPTED} frame, and the application completes its future
 * before returning it, so it is done at once in worker mode too. A future that failed at
 * once still goes through {@code ACCEPTED} (it must fail, not throw, in the caller).
 */
final class ImmediateResults {

	private ImmediateResults() {
	}

	/** In the worker: whether the call's future can be answered as a plain result. */
	static boolean doneAtOnce(CompletableFuture<?> future) {
		return future.isDone() && !future.isCompletedExceptionally();
	}

	/**
	 * In the application: whether the first frame of a call returning a future is its
	 * result, sent without {@code ACCEPTED}.
	 */
	static boolean isImmediate(Frames.Frame early) {
		return early != null && early.type() == Frames.RESULT;
	}

}
