package dev.specter.webrtc;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts the native objects Specter holds, so that leaks are visible and operators can see what
 * webrtc-java 0.14 retains: its {@code RTCPeerConnection.close()} does not free the native
 * connection (about {@value #RETAINED_BYTES_PER_CLOSED_CONNECTION} bytes each, measured on
 * Debian 12 x86_64).
 */
public final class NativeResources {

	/** Native memory webrtc-java 0.14 keeps per closed connection (~140 KB per connected pair). */
	public static final long RETAINED_BYTES_PER_CLOSED_CONNECTION = 70 * 1024;

	private final AtomicLong openConnections = new AtomicLong();

	private final AtomicLong closedConnections = new AtomicLong();

	private final AtomicLong openDataChannels = new AtomicLong();

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
