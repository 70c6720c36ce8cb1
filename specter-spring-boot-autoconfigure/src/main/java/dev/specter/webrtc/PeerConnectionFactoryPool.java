package dev.specter.webrtc;

import java.util.HashMap;
import java.util.Map;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import dev.onvoid.webrtc.PeerConnectionFactory;
import dev.onvoid.webrtc.media.audio.AudioDeviceModule;
import dev.onvoid.webrtc.media.audio.AudioLayer;

/**
 * Shares webrtc-java {@link PeerConnectionFactory} instances: one per distinct factory-level
 * configuration, not one per Specter, API or connection (a factory costs about 150 ms and owns
 * native threads). Every factory uses libwebrtc's dummy audio device module
 * ({@link AudioLayer#kDummyAudio}): the platform default can abort the process on hosts without
 * audio (webrtc-java #276), and webrtc-java 0.14's {@code HeadlessAudioDeviceModule} "records"
 * silence into every audio sender on a thread of its own, which races with the audio Specter
 * pushes into a track and trips libwebrtc's race checker (SIGABRT in
 * {@code audio_send_stream.cc}; measured here: an idle audio track sent 179 packets of that
 * silence in 3.6 s). The dummy module neither records nor plays; received audio is still
 * decoded for sinks. Factories are disposed when the
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
		return this.factories.computeIfAbsent(key,
				(k) -> new PeerConnectionFactory(new AudioDeviceModule(AudioLayer.kDummyAudio)));
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
