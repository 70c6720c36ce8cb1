package dev.specter.worker;

import java.io.IOException;

import dev.specter.NativeLibraryUnavailableException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A worker whose engine cannot start because webrtc-java's native library cannot load
 * says so in its first frame ({@link Frames#ERROR} instead of {@link Frames#HELLO}), with
 * the missing package: the application then fails to start with the same
 * {@link NativeLibraryUnavailableException} as in process, which Boot's failure analysis
 * turns into the package to install. As in process, the failure is thrown when a Specter
 * is created, so an application that creates none at start-up (lazy initialization) still
 * starts and its health indicator reports the library unavailable.
 */
final class WorkerStartFailure {

	private WorkerStartFailure() {
	}

	/** In the worker: the first frame, instead of hello. */
	static void send(Frames.Writer writer, NativeLibraryUnavailableException failure) throws IOException {
		ObjectNode node = WorkerCodec.MAPPER.createObjectNode();
		node.put("message", failure.getMessage());
		node.put("missingPackage", failure.missingPackage());
		writer.write(Frames.ERROR, 0, WorkerCodec.write(node));
	}

	/**
	 * In the application: the native library failure among the causes of a failed start,
	 * or {@code null} if it failed for another reason.
	 */
	static NativeLibraryUnavailableException find(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof NativeLibraryUnavailableException unavailable) {
				return unavailable;
			}
		}
		return null;
	}

	/** In the application: the worker's first frame was an error. */
	static NativeLibraryUnavailableException read(Frames.Frame frame) {
		JsonNode node = WorkerCodec.tree(frame.text());
		JsonNode missingPackage = node.path("missingPackage");
		return new NativeLibraryUnavailableException(node.path("message").asString(),
				missingPackage.isString() ? missingPackage.asString() : null, null);
	}

}
