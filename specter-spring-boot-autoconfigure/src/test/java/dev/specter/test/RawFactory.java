package dev.specter.test;

import dev.onvoid.webrtc.PeerConnectionFactory;
import dev.onvoid.webrtc.media.audio.HeadlessAudioDeviceModule;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A raw webrtc-java factory for the remote peers of one test class (nothing of Specter):
 * made before its tests, disposed after them (a JVM does not exit while a factory lives).
 * Register it as a static field with {@code @RegisterExtension}.
 */
public final class RawFactory implements BeforeAllCallback, AfterAllCallback {

	private PeerConnectionFactory factory;

	@Override
	public void beforeAll(ExtensionContext context) {
		this.factory = new PeerConnectionFactory(new HeadlessAudioDeviceModule());
	}

	@Override
	public void afterAll(ExtensionContext context) {
		this.factory.dispose();
	}

	/** The factory, between the class's first and last test. */
	public PeerConnectionFactory get() {
		return this.factory;
	}

}
