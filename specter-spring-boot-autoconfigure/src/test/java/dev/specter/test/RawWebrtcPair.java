package dev.specter.test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;

import dev.onvoid.webrtc.PeerConnectionFactory;
import dev.onvoid.webrtc.PeerConnectionObserver;
import dev.onvoid.webrtc.RTCConfiguration;
import dev.onvoid.webrtc.RTCDataChannel;
import dev.onvoid.webrtc.RTCDataChannelBuffer;
import dev.onvoid.webrtc.RTCDataChannelObserver;
import dev.onvoid.webrtc.RTCDataChannelState;
import dev.onvoid.webrtc.RTCIceCandidate;
import dev.onvoid.webrtc.RTCPeerConnection;
import dev.onvoid.webrtc.RTCSessionDescription;

/**
 * One connected pair with raw webrtc-java and nothing of Specter: the baseline for the
 * soak's memory figures. It does what any careful raw user must (catch everything in
 * callbacks, queue candidates until the remote description is set, exact-size send
 * buffers).
 */
public final class RawWebrtcPair {

	private final Side a;

	private final Side b;

	private RawWebrtcPair(PeerConnectionFactory factory) {
		this.a = new Side();
		this.b = new Side();
		this.a.peer = this.b;
		this.b.peer = this.a;
		this.a.pc = factory.createPeerConnection(new RTCConfiguration(), this.a);
		this.b.pc = factory.createPeerConnection(new RTCConfiguration(), this.b);
	}

	/**
	 * Connects a pair, sends one message over a data channel, waits for it, and closes
	 * both.
	 */
	public static void cycle(PeerConnectionFactory factory) throws Exception {
		RawWebrtcPair pair = new RawWebrtcPair(factory);
		try {
			RTCDataChannel channel = pair.a.pc.createDataChannel("raw", RawChannel.reliable());
			pair.a.watch(channel);
			RTCSessionDescription offer = pair.a.create(true);
			pair.a.set(offer, true);
			pair.b.set(offer, false);
			RTCSessionDescription answer = pair.b.create(false);
			pair.b.set(answer, true);
			pair.a.set(answer, false);
			pair.a.open.get(20, TimeUnit.SECONDS);
			channel.send(new RTCDataChannelBuffer(ByteBuffer.wrap("hi".getBytes(StandardCharsets.UTF_8)), false));
			pair.b.message.get(20, TimeUnit.SECONDS);
			channel.unregisterObserver();
			pair.a.pc.close();
			pair.b.pc.close();
			channel.dispose();
			if (pair.b.remoteChannel != null) {
				pair.b.remoteChannel.unregisterObserver();
				pair.b.remoteChannel.dispose();
			}
		}
		catch (Exception ex) {
			pair.a.pc.close();
			pair.b.pc.close();
			throw ex;
		}
	}

	private static final class Side implements PeerConnectionObserver {

		RTCPeerConnection pc;

		Side peer;

		/**
		 * Candidates that arrived before the remote description; no lock: see
		 * {@link #onIceCandidate}.
		 */
		final Queue<RTCIceCandidate> early = new ConcurrentLinkedQueue<>();

		volatile boolean remoteSet;

		volatile RTCDataChannel remoteChannel;

		final CompletableFuture<Void> open = new CompletableFuture<>();

		final CompletableFuture<Void> message = new CompletableFuture<>();

		RTCSessionDescription create(boolean offer) throws Exception {
			return RawSdp.create(this.pc, offer);
		}

		void set(RTCSessionDescription description, boolean local) throws Exception {
			RawSdp.set(this.pc, description, local);
			if (!local) {
				this.remoteSet = true;
				drainEarly();
			}
		}

		void drainEarly() {
			RTCIceCandidate candidate;
			while ((candidate = this.early.poll()) != null) {
				this.pc.addIceCandidate(candidate);
			}
		}

		void watch(RTCDataChannel channel) {
			channel.registerObserver(new RTCDataChannelObserver() {
				@Override
				public void onBufferedAmountChange(long previousAmount) {
				}

				@Override
				public void onStateChange() {
					try {
						if (channel.getState() == RTCDataChannelState.OPEN) {
							Side.this.open.complete(null);
						}
					}
					catch (Throwable ex) {
						// never let anything reach the native thread
					}
				}

				@Override
				public void onMessage(RTCDataChannelBuffer buffer) {
					Side.this.message.complete(null);
				}
			});
		}

		@Override
		public void onIceCandidate(RTCIceCandidate candidate) {
			// Never take a lock here: the application thread may hold it while it waits
			// on this
			// (signaling) thread inside a native call, which is a deadlock.
			try {
				Side other = this.peer;
				other.early.add(candidate);
				if (other.remoteSet) {
					other.drainEarly();
				}
			}
			catch (Throwable ex) {
				// never let anything reach the native thread
			}
		}

		@Override
		public void onDataChannel(RTCDataChannel channel) {
			try {
				this.remoteChannel = channel;
				watch(channel);
			}
			catch (Throwable ex) {
				// never let anything reach the native thread
			}
		}

	}

}
