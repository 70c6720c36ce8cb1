package dev.specter.worker;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import dev.specter.EngineFailedException;
import dev.specter.OperationTimeoutException;
import dev.specter.webrtc.DefaultSpecterFactory;

/**
 * Questions about a worker's engine as a whole (not one of its Specter instances), so the
 * application can see what the in-process engine shows through
 * {@link DefaultSpecterFactory#resources()}: a call whose name starts with
 * {@code engine.} is answered by the worker's factory.
 */
final class EngineQueries {

	/** The engine's {@link WorkerResources}. */
	static final String RESOURCES = "engine.resources";

	private EngineQueries() {
	}

	/** In the worker: whether a call is one of these questions. */
	static boolean isQuery(String method) {
		return method.startsWith("engine.");
	}

	/** In the worker: the answer. */
	static Object answer(String method, DefaultSpecterFactory factory) {
		if (method.equals(RESOURCES)) {
			return WorkerResources.of(factory.resources());
		}
		throw new IllegalStateException("Unknown engine query " + method);
	}

	/** In the application: the live workers' resources, summed. */
	static WorkerResources resources(List<WorkerProcess> workers, Duration timeout) {
		WorkerResources sum = WorkerResources.NONE;
		for (WorkerProcess worker : workers) {
			if (!worker.alive()) {
				continue;
			}
			try {
				Frames.Frame frame = worker.call("", RESOURCES).done().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
				if (frame.type() == Frames.ERROR) {
					throw WorkerCodec.error(WorkerCodec.tree(frame.text()));
				}
				sum = sum
					.plus((WorkerResources) WorkerCodec.convert(WorkerCodec.tree(frame.text()), WorkerResources.class));
			}
			catch (ExecutionException ex) {
				// died meanwhile: it holds nothing any more
			}
			catch (TimeoutException ex) {
				throw new OperationTimeoutException(RESOURCES + " got no answer from " + worker + " within " + timeout);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new EngineFailedException("interrupted while waiting for " + worker);
			}
		}
		return sum;
	}

}
