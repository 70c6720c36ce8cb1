package dev.specter.webrtc;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts the native objects Specter holds, so that leaks are visible and operators can
 * see what webrtc-java 0.14 retains: its {@code RTCPeerConnection.close()} does not free
 * the native connection (about {@value #RETAINED_BYTES_PER_CLOSED_CONNECTION} bytes each,
 * measured on Debian 12 x86_64).
 */
public final class NativeResources {

	/**
	 * Native memory webrtc-java 0.14 keeps per closed connection (~140 KB per connected
	 * pair).
	 */
	public static final long RETAINED_BYTES_PER_CLOSED_CONNECTION = 70 * 1024;

	private final AtomicLong openConnections = new AtomicLong();

	private final AtomicLong closedConnections = new AtomicLong();

	private final AtomicLong openDataChannels = new AtomicLong();

	private final AtomicLong openTracks = new AtomicLong();

	private final AtomicLong openMediaSources = new AtomicLong();

	private final AtomicLong activePlaybacks = new AtomicLong();

	private final AtomicLong openDecoders = new AtomicLong();

	private final AtomicLong activeSinks = new AtomicLong();

	void connectionOpened() {
		this.openConnections.incrementAndGet();
	}

	void connectionClosed() {
		this.openConnections.decrementAndGet();
		this.closedConnections.incrementAndGet();
	}

	void dataChannelOpened() {
		this.openDataChannels.incrementAndGet();
	}

	void dataChannelDisposed() {
		this.openDataChannels.decrementAndGet();
	}

	void trackOpened() {
		this.openTracks.incrementAndGet();
		this.openMediaSources.incrementAndGet();
	}

	void trackDisposed() {
		this.openTracks.decrementAndGet();
	}

	void mediaSourceDisposed() {
		this.openMediaSources.decrementAndGet();
	}

	void playbackStarted() {
		this.activePlaybacks.incrementAndGet();
	}

	void playbackEnded() {
		this.activePlaybacks.decrementAndGet();
	}

	void decoderOpened() {
		this.openDecoders.incrementAndGet();
	}

	void decoderClosed() {
		this.openDecoders.decrementAndGet();
	}

	void sinkAdded() {
		this.activeSinks.incrementAndGet();
	}

	void sinkRemoved() {
		this.activeSinks.decrementAndGet();
	}

	/**
	 * Returns the native local tracks currently held.
	 * @return created by {@code newTrack} and not yet disposed
	 */
	public long openTracks() {
		return this.openTracks.get();
	}

	/**
	 * Returns the native media sources (one per local track) currently held.
	 * @return created and not yet disposed
	 */
	public long openMediaSources() {
		return this.openMediaSources.get();
	}

	/**
	 * Returns the file playbacks in progress, each holding a scheduled task.
	 * @return started and not yet finished
	 */
	public long activePlaybacks() {
		return this.activePlaybacks.get();
	}

	/**
	 * Returns the file decoders (H.264 or WAV readers) currently open.
	 * @return opened and not yet closed
	 */
	public long openDecoders() {
		return this.openDecoders.get();
	}

	/**
	 * Returns the media sinks registered on remote tracks.
	 * @return registered and not yet removed
	 */
	public long activeSinks() {
		return this.activeSinks.get();
	}

	/**
	 * Returns the native peer connections currently held.
	 * @return created and not yet closed
	 */
	public long openConnections() {
		return this.openConnections.get();
	}

	/**
	 * Returns how many native peer connections were closed since start.
	 * @return the count
	 */
	public long closedConnections() {
		return this.closedConnections.get();
	}

	/**
	 * Returns the native data channels currently held.
	 * @return created or received and not yet disposed
	 */
	public long openDataChannels() {
		return this.openDataChannels.get();
	}

	/**
	 * Estimates the native memory webrtc-java keeps for connections already closed.
	 * @return closed connections × {@link #RETAINED_BYTES_PER_CLOSED_CONNECTION}
	 */
	public long retainedNativeBytesEstimate() {
		return closedConnections() * RETAINED_BYTES_PER_CLOSED_CONNECTION;
	}

}
