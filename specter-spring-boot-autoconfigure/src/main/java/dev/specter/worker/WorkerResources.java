package dev.specter.worker;

import dev.specter.webrtc.NativeResources;

/**
 * What the workers' engines hold, summed over the live workers: the worker-mode view of
 * {@link NativeResources} (a worker that died or was recycled took its counts with it).
 *
 * @param openConnections peer connections created and not yet closed
 * @param openDataChannels data channels not yet closed
 * @param closedConnections peer connections closed (webrtc-java 0.14 keeps their native
 * memory until the worker exits)
 * @param retainedNativeBytesEstimate the native memory those closed connections keep
 * @param openTracks copies of local tracks held (a track has one per worker that needs
 * it)
 * @param openMediaSources their media sources not yet disposed
 * @param activePlaybacks file playbacks running (one per copy that plays)
 * @param openDecoders media file decoders open
 * @param activeSinks media sinks registered on remote tracks
 */
public record WorkerResources(long openConnections, long openDataChannels, long closedConnections,
		long retainedNativeBytesEstimate, long openTracks, long openMediaSources, long activePlaybacks,
		long openDecoders, long activeSinks) {

	/** Nothing held. */
	static final WorkerResources NONE = new WorkerResources(0, 0, 0, 0, 0, 0, 0, 0, 0);

	/**
	 * The counts of one in-process engine.
	 * @param resources the engine's counts
	 * @return them as a worker's
	 */
	static WorkerResources of(NativeResources resources) {
		return new WorkerResources(resources.openConnections(), resources.openDataChannels(),
				resources.closedConnections(), resources.retainedNativeBytesEstimate(), resources.openTracks(),
				resources.openMediaSources(), resources.activePlaybacks(), resources.openDecoders(),
				resources.activeSinks());
	}

	WorkerResources plus(WorkerResources other) {
		return new WorkerResources(this.openConnections + other.openConnections,
				this.openDataChannels + other.openDataChannels, this.closedConnections + other.closedConnections,
				this.retainedNativeBytesEstimate + other.retainedNativeBytesEstimate,
				this.openTracks + other.openTracks, this.openMediaSources + other.openMediaSources,
				this.activePlaybacks + other.activePlaybacks, this.openDecoders + other.openDecoders,
				this.activeSinks + other.activeSinks);
	}

}
