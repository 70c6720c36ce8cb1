package dev.specter.webrtc;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

import dev.onvoid.webrtc.CreateSessionDescriptionObserver;
import dev.onvoid.webrtc.RTCDataChannel;
import dev.onvoid.webrtc.RTCDataChannelBuffer;
import dev.onvoid.webrtc.RTCIceCandidate;
import dev.onvoid.webrtc.RTCPeerConnectionIceErrorEvent;
import dev.onvoid.webrtc.RTCPeerConnectionState;
import dev.onvoid.webrtc.RTCRtpReceiver;
import dev.onvoid.webrtc.RTCRtpTransceiver;
import dev.onvoid.webrtc.RTCSdpType;
import dev.onvoid.webrtc.RTCSessionDescription;
import dev.onvoid.webrtc.RTCSignalingState;
import dev.onvoid.webrtc.SetSessionDescriptionObserver;
import dev.specter.datachannel.DataChannelState;
import dev.specter.media.ReceivedAudio;
import dev.specter.signaling.ConnectionState;
import dev.specter.signaling.IceCandidate;
import dev.specter.signaling.IceConnectionState;
import dev.specter.signaling.IceGatheringState;
import dev.specter.signaling.SdpType;
import dev.specter.signaling.SessionDescription;
import dev.specter.signaling.SignalingState;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;

/**
 * The callbacks webrtc-java makes into Specter, called as the engine would (no native
 * library needed): nothing escapes, what the target gets is a copy, a detached observer
 * forwards nothing. And, from the compiled classes, that no other class implements a
 * webrtc-java callback.
 */
class NativeCallbacksTests {

	private final List<Object> received = new CopyOnWriteArrayList<>();

	@Test
	void theConnectionObserverForwardsCopiesAndSwallowsFailures() throws Exception {
		Recorder recorder = new Recorder();
		NativeCallbacks.Connection observer = new NativeCallbacks.Connection("peer connection test", recorder);
		observer.onIceCandidate(new RTCIceCandidate("0", 0, "candidate:1 1 udp 1 127.0.0.1 5000 typ host ufrag ab"));
		observer.onSignalingChange(RTCSignalingState.HAVE_LOCAL_OFFER);
		observer.onConnectionChange(RTCPeerConnectionState.CONNECTED);
		observer.onRenegotiationNeeded();
		observer.onIceCandidateError(iceError("turn:127.0.0.1:3478", "127.0.0.1", 5000, 701, "unreachable"));
		assertThat(this.received).containsExactly(
				new IceCandidate("candidate:1 1 udp 1 127.0.0.1 5000 typ host ufrag ab", "0", 0, "ab"),
				SignalingState.HAVE_LOCAL_OFFER, ConnectionState.CONNECTED, "negotiation needed",
				new IceCandidateErrors.Copy("turn:127.0.0.1:3478", "127.0.0.1", 5000, 701, "unreachable"));
		recorder.failing = true;
		assertThatNoException().isThrownBy(() -> {
			observer.onRenegotiationNeeded();
			observer.onConnectionChange(RTCPeerConnectionState.FAILED);
			observer.onIceCandidate(new RTCIceCandidate("0", 0, null));
		});
		recorder.failing = false;
		observer.detach();
		observer.onRenegotiationNeeded();
		observer.onConnectionChange(RTCPeerConnectionState.CLOSED);
		assertThat(this.received).hasSize(5);
	}

	@Test
	void aChannelMessageIsCopiedBeforeTheEngineFreesIt() {
		List<byte[]> messages = new ArrayList<>();
		ChannelRecorder recorder = new ChannelRecorder(messages);
		NativeCallbacks.Channel observer = new NativeCallbacks.Channel("peer connection test", null, recorder);
		ByteBuffer data = ByteBuffer.wrap(new byte[] { 1, 2, 3, 4 });
		data.position(1);
		observer.onMessage(new RTCDataChannelBuffer(data, true));
		Arrays.fill(data.array(), (byte) 9);
		assertThat(messages).singleElement().isEqualTo(new byte[] { 2, 3, 4 });
		// Nothing waits: the buffered amount is not read (the channel is null here).
		observer.onBufferedAmountChange(0);
		recorder.failing = true;
		assertThatNoException().isThrownBy(() -> observer.onMessage(new RTCDataChannelBuffer(data, false)));
		// Wanted, and the read fails (no channel): swallowed too.
		recorder.wants = true;
		assertThatNoException().isThrownBy(() -> observer.onBufferedAmountChange(0));
		observer.detach();
		recorder.failing = false;
		observer.onMessage(new RTCDataChannelBuffer(ByteBuffer.wrap(new byte[] { 7 }), true));
		assertThat(messages).hasSize(1);
	}

	@Test
	void descriptionObserversCopyAndAlwaysEnd() {
		List<SessionDescription> created = new ArrayList<>();
		CreateSessionDescriptionObserver create = NativeCallbacks.created("peer connection test", "CREATE_OFFER",
				created::add, (error) -> {
					throw new IllegalStateException(error);
				});
		create.onSuccess(new RTCSessionDescription(RTCSdpType.OFFER, "v=0\r\n"));
		assertThat(created).containsExactly(new SessionDescription(SdpType.OFFER, "v=0\r\n"));
		assertThatNoException().isThrownBy(() -> create.onFailure("bad %n"));
		List<String> steps = new ArrayList<>();
		SetSessionDescriptionObserver apply = NativeCallbacks.applied("peer connection test", "SET_REMOTE_DESCRIPTION",
				() -> {
					steps.add("success");
					throw new IllegalStateException("listener bug");
				}, (error) -> steps.add("failure " + error), () -> steps.add("end"));
		assertThatNoException().isThrownBy(apply::onSuccess);
		apply.onFailure("rejected");
		assertThat(steps).containsExactly("success", "end", "failure rejected", "end");
	}

	@Test
	void statsCallbacksSwallowFailuresOfTheCopy() {
		AtomicBoolean delivered = new AtomicBoolean();
		assertThatNoException().isThrownBy(
				() -> NativeCallbacks
					.<String>stats("peer connection test", "stats", (report) -> report.getStats().toString(),
							(json) -> delivered.set(true))
					.onStatsDelivered(null));
		assertThat(delivered).isFalse();
		NativeCallbacks.<String>stats("peer connection test", "stats", (report) -> "copy", this.received::add)
			.onStatsDelivered(null);
		assertThat(this.received).containsExactly("copy");
	}

	@Test
	void theAudioSinkCopiesOnlyWhileActive() {
		AtomicBoolean active = new AtomicBoolean(true);
		List<ReceivedAudio> audio = new ArrayList<>();
		NativeCallbacks.AudioSink sink = new NativeCallbacks.AudioSink(active::get, audio::add);
		byte[] pcm = new byte[] { 1, 2, 3, 4, 5, 6 };
		sink.onData(pcm, 16, 48000, 1, 2);
		pcm[0] = 9;
		assertThat(audio).singleElement().satisfies((a) -> assertThat(a.pcm()).containsExactly(1, 2, 3, 4));
		active.set(false);
		sink.onData(pcm, 16, 48000, 1, 2);
		assertThat(audio).hasSize(1);
		NativeCallbacks.AudioSink failing = new NativeCallbacks.AudioSink(() -> true, (a) -> {
			throw new IllegalStateException("full");
		});
		assertThatNoException().isThrownBy(() -> failing.onData(pcm, 16, 48000, 1, 2));
	}

	/**
	 * No class of the starter but {@link NativeCallbacks} (and its nested classes)
	 * implements a webrtc-java interface, as a class or as a lambda.
	 */
	@Test
	void onlyNativeCallbacksImplementsWebrtcJavaInterfaces() throws Exception {
		Path classes = Path.of(NativeCallbacks.class.getProtectionDomain().getCodeSource().getLocation().toURI());
		List<String> implementers = new ArrayList<>();
		List<String> allowed = new ArrayList<>();
		int scanned = 0;
		try (Stream<Path> files = Files.walk(classes)) {
			for (Path file : files.filter((f) -> f.toString().endsWith(".class")).toList()) {
				scanned++;
				String name = classes.relativize(file).toString().replace('\\', '/').replace(".class", "");
				List<String> found = new ArrayList<>();
				Class<?> type = Class.forName(name.replace('/', '.'), false, getClass().getClassLoader());
				for (Class<?> implemented : type.getInterfaces()) {
					if (implemented.getName().startsWith("dev.onvoid.webrtc.")) {
						found.add(name + " implements " + implemented.getName());
					}
				}
				for (String lambda : webrtcLambdas(file)) {
					found.add(name + " makes a lambda of " + lambda);
				}
				if (name.equals("dev/specter/webrtc/NativeCallbacks")
						|| name.startsWith("dev/specter/webrtc/NativeCallbacks$")) {
					allowed.addAll(found);
				}
				else {
					implementers.addAll(found);
				}
			}
		}
		assertThat(scanned).isGreaterThan(100);
		assertThat(implementers).as("webrtc-java callbacks outside NativeCallbacks").isEmpty();
		// The scan sees what it must: NativeCallbacks' own callbacks are found.
		assertThat(allowed).anyMatch((f) -> f.endsWith("implements dev.onvoid.webrtc.PeerConnectionObserver"))
			.anyMatch((f) -> f.endsWith("implements dev.onvoid.webrtc.RTCDataChannelObserver"))
			.anyMatch((f) -> f.endsWith("implements dev.onvoid.webrtc.media.video.VideoTrackSink"))
			.anyMatch((f) -> f.endsWith("lambda of dev/onvoid/webrtc/RTCStatsCollectorCallback"));
	}

	/** The webrtc-java interfaces a class file makes lambdas of (invokedynamic). */
	private static List<String> webrtcLambdas(Path file) throws IOException, ClassNotFoundException {
		List<String> found = new ArrayList<>();
		ConstantPool constants = ConstantPool.read(file);
		Object[] pool = constants.utf8();
		int[][] refs = constants.refs();
		int[] tags = constants.tags();
		for (int i = 1; i < tags.length; i++) {
			if (tags[i] != 18) {
				continue;
			}
			String descriptor = (String) pool[refs[refs[i][1]][1]];
			String returned = descriptor.substring(descriptor.indexOf(')') + 1);
			if (returned.startsWith("Ldev/onvoid/webrtc/")) {
				found.add(returned.substring(1, returned.length() - 1));
			}
		}
		return found;
	}

	private static RTCPeerConnectionIceErrorEvent iceError(String url, String address, int port, int code, String text)
			throws Exception {
		var constructor = RTCPeerConnectionIceErrorEvent.class.getDeclaredConstructor(String.class, Integer.class,
				String.class, int.class, String.class);
		constructor.setAccessible(true);
		RTCPeerConnectionIceErrorEvent event = constructor.newInstance(address, port, url, code, text);
		assertThat(event.getUrl()).isEqualTo(url);
		return event;
	}

	private final class Recorder implements NativeCallbacks.ConnectionEvents {

		volatile boolean failing;

		private void record(Object value) {
			if (this.failing) {
				throw new IllegalStateException("target failed");
			}
			NativeCallbacksTests.this.received.add(value);
		}

		@Override
		public void iceCandidate(IceCandidate candidate) {
			record(candidate);
		}

		@Override
		public void iceCandidateError(IceCandidateErrors.Copy error) {
			record(error);
		}

		@Override
		public void signalingState(SignalingState state) {
			record(state);
		}

		@Override
		public void connectionState(ConnectionState state) {
			record(state);
		}

		@Override
		public void iceConnectionState(IceConnectionState state) {
			record(state);
		}

		@Override
		public void iceGatheringState(IceGatheringState state) {
			record(state);
		}

		@Override
		public void negotiationNeeded() {
			record("negotiation needed");
		}

		@Override
		public void track(RTCRtpTransceiver transceiver) {
			record(transceiver);
		}

		@Override
		public void trackRemoved(RTCRtpReceiver receiver) {
			record(receiver);
		}

		@Override
		public void dataChannel(RTCDataChannel channel) {
			record(channel);
		}

	}

	private static final class ChannelRecorder implements NativeCallbacks.ChannelEvents {

		private final List<byte[]> messages;

		volatile boolean failing;

		volatile boolean wants;

		ChannelRecorder(List<byte[]> messages) {
			this.messages = messages;
		}

		@Override
		public void stateChanged(DataChannelState state) {
		}

		@Override
		public void message(boolean binary, byte[] bytes) {
			if (this.failing) {
				throw new IllegalStateException("target failed");
			}
			this.messages.add(bytes);
		}

		@Override
		public boolean wantsBufferedAmount() {
			return this.wants;
		}

		@Override
		public void bufferedAmountChanged(long amount) {
		}

	}

}
