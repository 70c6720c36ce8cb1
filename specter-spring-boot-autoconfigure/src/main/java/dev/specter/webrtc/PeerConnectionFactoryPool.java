package dev.specter.webrtc;

import java.util.HashMap;
import java.util.Map;

import dev.onvoid.webrtc.PeerConnectionFactory;
import dev.onvoid.webrtc.media.audio.AudioDeviceModule;
import dev.onvoid.webrtc.media.audio.AudioDeviceModuleBase;
import dev.onvoid.webrtc.media.audio.AudioLayer;
import dev.onvoid.webrtc.media.audio.HeadlessAudioDeviceModule;
import dev.specter.media.AudioMode;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Shares webrtc-java {@link PeerConnectionFactory} instances: one per distinct
 * factory-level configuration ({@link FactoryKey}), not one per Specter, API or
 * connection (a factory is slow to create and owns native threads). Factories are created
 * on first use, so an application that never uses a configuration pays nothing for it.
 * Today the only factory-level setting is the audio device module, chosen by the
 * {@link AudioMode} of the Specter instance:
 * <ul>
 * <li>{@link AudioMode#SEND}: libwebrtc's dummy module ({@link AudioLayer#kDummyAudio}).
 * The platform default can abort the process on hosts without audio (webrtc-java #276),
 * and webrtc-java 0.14's {@code HeadlessAudioDeviceModule} "records" on a thread of its
 * own once an audio send stream starts: it delivers the mixed received audio (or silence)
 * to every audio sender, which races with the audio Specter pushes into a track and trips
 * libwebrtc's race checker (SIGABRT in {@code audio_send_stream.cc}; measured here: an
 * idle audio track sent 179 packets of that audio in 3.6 s). The dummy module neither
 * records nor plays, so received audio is never pulled from the jitter buffer, hence
 * never decoded for sinks.</li>
 * <li>{@link AudioMode#RECEIVE}: webrtc-java's {@link HeadlessAudioDeviceModule}, whose
 * playout thread pulls (and so decodes) every received audio stream each 10 ms and feeds
 * the sinks of the remote tracks. Specter never creates an audio track on this factory,
 * so no audio send stream starts and the module's recording thread never runs (see
 * {@link AudioMode#RECEIVE}).</li>
 * </ul>
 * Factories are disposed when the pool is closed, which lets the JVM exit (their native
 * threads are not daemons).
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
		return this.factories.computeIfAbsent(key, (k) -> new PeerConnectionFactory(k.newAudioDeviceModule()));
	}

	/**
	 * Returns whether the factory of an audio mode has been created.
	 * @param mode the audio mode
	 * @return {@code true} once a Specter of that mode has needed its factory
	 */
	public synchronized boolean isCreated(AudioMode mode) {
		return this.factories.containsKey(FactoryKey.of(mode));
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
	 * The factory-level part of a configuration. Media engines restrict codecs per
	 * transceiver, so the only factory-level setting is the audio mode (which audio
	 * device module the factory gets); another one (custom codec factories, say) would
	 * become a component here without touching callers.
	 *
	 * @param audioMode the audio mode of the Specter instances using the factory
	 */
	record FactoryKey(AudioMode audioMode) {

		/**
		 * A factory that can push audio into tracks: libwebrtc's dummy audio device
		 * module.
		 */
		static final FactoryKey SEND_AUDIO = new FactoryKey(AudioMode.SEND);

		/**
		 * A factory that decodes received audio: webrtc-java's headless audio device
		 * module.
		 */
		static final FactoryKey RECEIVE_AUDIO = new FactoryKey(AudioMode.RECEIVE);

		static FactoryKey of(AudioMode mode) {
			return (mode == AudioMode.RECEIVE) ? RECEIVE_AUDIO : SEND_AUDIO;
		}

		/** Creates the audio device module of a new factory with this key. */
		AudioDeviceModuleBase newAudioDeviceModule() {
			return switch (this.audioMode) {
				case SEND -> new AudioDeviceModule(AudioLayer.kDummyAudio);
				case RECEIVE -> new HeadlessAudioDeviceModule();
			};
		}

	}

}
