package dev.specter.webrtc;

import java.util.HashMap;
import java.util.Map;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import dev.onvoid.webrtc.PeerConnectionFactory;
import dev.onvoid.webrtc.media.audio.HeadlessAudioDeviceModule;

/**
 * Shares webrtc-java {@link PeerConnectionFactory} instances: one per distinct factory-level
 * configuration, not one per Specter, API or connection (a factory costs about 150 ms and owns
 * native threads). Every factory uses the {@link HeadlessAudioDeviceModule}, because the default
 * audio module can abort the process on hosts without audio. Factories are disposed when the
 * pool is closed, which lets the JVM exit (their native threads are not daemons).
 */
public final class PeerConnectionFactoryPool implements AutoCloseable {

	private static final Log logger = LogFactory.getLog(PeerConnectionFactoryPool.class);

	private final Map<FactoryKey, PeerConnectionFactory> factories = new HashMap<>();

	private boolean closed;

	/**
	 * Returns the factory for a configuration, creating it on first use.
	 * @param key the factory-level configuration
	 * @return the shared factory
	 */
	synchronized PeerConnectionFactory factory(FactoryKey key) {
		if (this.closed) {
			throw new IllegalStateException("Specter is shut down");
		}
		NativeLibrary.ensureLoaded();
		return this.factories.computeIfAbsent(key, (k) -> new PeerConnectionFactory(new HeadlessAudioDeviceModule()));
	}

	/**
	 * Returns how many native factories exist.
	 * @return the count
	 */
	public synchronized int size() {
		return this.factories.size();
	}

	/** Disposes every factory; later requests fail. Closing twice is harmless. */
	@Override
	public synchronized void close() {
		this.closed = true;
		for (PeerConnectionFactory factory : this.factories.values()) {
			try {
				factory.dispose();
			}
			catch (Throwable ex) {
				logger.warn("Could not dispose a peer connection factory", ex);
			}
		}
		this.factories.clear();
	}

	/**
	 * The factory-level part of a configuration. Media engines restrict codecs per transceiver,
	 * so today every API maps to the same key; the key exists so that a factory-level setting
	 * (an audio module, custom codec factories) gets its own factory without touching callers.
	 *
	 * @param audioModule the audio device module kind
	 */
	record FactoryKey(String audioModule) {

		static final FactoryKey HEADLESS = new FactoryKey("headless");

	}

}
