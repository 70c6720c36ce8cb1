package dev.specter.test;

import dev.specter.SpecterFactory;
import dev.specter.webrtc.DefaultSpecterFactory;
import dev.specter.webrtc.NativeResources;
import dev.specter.worker.WorkerResources;
import dev.specter.worker.WorkerSpecterFactory;

/**
 * What the engine holds, in either engine mode: the in-process engine's
 * {@link NativeResources}, or the sum over the worker processes' engines.
 *
 * @param openConnections peer connections created and not yet closed
 * @param openDataChannels data channels not yet closed
 * @param closedConnections peer connections closed
 * @param retainedNativeBytesEstimate the native memory closed connections keep
 * @param openTracks native local tracks (in worker mode, their copies in the workers)
 * @param openMediaSources their media sources
 * @param activePlaybacks file playbacks running
 * @param openDecoders media file decoders open
 * @param activeSinks media sinks registered on remote tracks
 */
public record EngineResources(long openConnections, long openDataChannels, long closedConnections,
		long retainedNativeBytesEstimate, long openTracks, long openMediaSources, long activePlaybacks,
		long openDecoders, long activeSinks) {

	public static EngineResources of(SpecterFactory factory) {
		if (factory instanceof DefaultSpecterFactory inProcess) {
			NativeResources resources = inProcess.resources();
			return new EngineResources(resources.openConnections(), resources.openDataChannels(),
					resources.closedConnections(), resources.retainedNativeBytesEstimate(), resources.openTracks(),
					resources.openMediaSources(), resources.activePlaybacks(), resources.openDecoders(),
					resources.activeSinks());
		}
		if (factory instanceof WorkerSpecterFactory workers) {
			WorkerResources resources = workers.resources();
			return new EngineResources(resources.openConnections(), resources.openDataChannels(),
					resources.closedConnections(), resources.retainedNativeBytesEstimate(), resources.openTracks(),
					resources.openMediaSources(), resources.activePlaybacks(), resources.openDecoders(),
					resources.activeSinks());
		}
		throw new IllegalArgumentException("Unknown Specter factory " + factory);
	}

}
