package dev.specter.worker;

/**
 * What the workers' engines hold, summed over the live workers: the worker-mode view of
 * {@link dev.specter.webrtc.NativeResources} (a worker that died or was recycled took its
 * counts with it).
 *
 * @param openConnections peer connections created and not yet closed
 * @param openDataChannels data channels not yet closed
 * @param closedConnections peer connections closed (webrtc-java 0.14 keeps their native
 * memory until the worker exits)
 * @param retainedNativeBytesEstimate the native memory those closed connections keep
 */
public record WorkerResources(long openConnections, long openDataChannels, long closedConnections,
		long retainedNativeBytesEstimate) {

	/** Nothing held. */
	static final WorkerResources NONE = new WorkerResources(0, 0, 0, 0);

	WorkerResources plus(WorkerResources other) {
		return new WorkerResources(this.openConnections + other.openConnections,
				this.openDataChannels + other.openDataChannels, this.closedConnections + other.closedConnections,
				this.retainedNativeBytesEstimate + other.retainedNativeBytesEstimate);
	}

}
