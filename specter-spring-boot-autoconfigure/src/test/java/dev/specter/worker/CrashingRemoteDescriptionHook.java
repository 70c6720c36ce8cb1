package dev.specter.worker;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import dev.onvoid.webrtc.PeerConnectionFactory;
import dev.onvoid.webrtc.PeerConnectionObserver;
import dev.onvoid.webrtc.RTCConfiguration;
import dev.onvoid.webrtc.RTCIceCandidate;
import dev.onvoid.webrtc.RTCPeerConnection;
import dev.onvoid.webrtc.RTCSdpType;
import dev.onvoid.webrtc.RTCSessionDescription;
import dev.onvoid.webrtc.SetSessionDescriptionObserver;
import dev.onvoid.webrtc.media.audio.HeadlessAudioDeviceModule;

/**
 * The worker test hook ({@link UnguardedInput}): hands a remote description that holds a
 * format specifier to webrtc-java as is, past Specter's guard, where the known fault of
 * webrtc-java 0.14 (docs/native-input.md) kills the worker's JVM. Other descriptions are
 * left to Specter.
 */
public class CrashingRemoteDescriptionHook implements Consumer<String> {

	private RTCPeerConnection connection;

	@Override
	public void accept(String sdp) {
		if (!sdp.contains("%n")) {
			return;
		}
		if (this.connection == null) {
			PeerConnectionFactory factory = new PeerConnectionFactory(new HeadlessAudioDeviceModule());
			this.connection = factory.createPeerConnection(new RTCConfiguration(), new PeerConnectionObserver() {

				@Override
				public void onIceCandidate(RTCIceCandidate candidate) {
				}

			});
		}
		CountDownLatch done = new CountDownLatch(1);
		this.connection.setRemoteDescription(new RTCSessionDescription(RTCSdpType.OFFER, sdp),
				new SetSessionDescriptionObserver() {

					@Override
					public void onSuccess() {
						done.countDown();
					}

					@Override
					public void onFailure(String error) {
						done.countDown();
					}

				});
		try {
			// the fault happens before either callback
			done.await(5, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
