package dev.specter.test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;

import dev.onvoid.webrtc.RTCDataChannel;
import dev.onvoid.webrtc.RTCDataChannelBuffer;
import dev.onvoid.webrtc.RTCDataChannelInit;
import dev.onvoid.webrtc.RTCDataChannelObserver;
import dev.onvoid.webrtc.RTCDataChannelState;

/**
 * One data channel of a {@link RawOfferer}, with its open and closed states. Sends
 * exact-size buffers (webrtc-java 0.14 sends a buffer's whole backing array).
 */
public final class RawChannel implements RTCDataChannelObserver {

	private final RTCDataChannel channel;

	private final CompletableFuture<Void> opened = new CompletableFuture<>();

	private final CompletableFuture<Void> closed = new CompletableFuture<>();

	RawChannel(RTCDataChannel channel) {
		this.channel = channel;
		channel.registerObserver(this);
		// An ordered channel opens as soon as its open message is sent, possibly before
		// the observer was registered.
		onStateChange();
	}

	/**
	 * The options of an ordered, reliable channel, every field set (webrtc-java leaves
	 * the protocol {@code null}).
	 * @return new options
	 */
	public static RTCDataChannelInit reliable() {
		RTCDataChannelInit init = new RTCDataChannelInit();
		init.ordered = true;
		init.maxRetransmits = -1;
		init.maxPacketLifeTime = -1;
		init.id = -1;
		init.protocol = "";
		return init;
	}

	/** Completes when the channel is open. */
	public CompletableFuture<Void> opened() {
		return this.opened;
	}

	/** Completes when the channel is closed. */
	public CompletableFuture<Void> closed() {
		return this.closed;
	}

	public boolean isOpen() {
		return this.opened.isDone() && !this.closed.isDone();
	}

	public boolean isClosed() {
		return this.closed.isDone();
	}

	/** Sends a text message. */
	public void send(String text) throws Exception {
		this.channel.send(new RTCDataChannelBuffer(ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)), false));
	}

	/** Sends a binary message. */
	public void send(byte[] data) throws Exception {
		this.channel.send(new RTCDataChannelBuffer(ByteBuffer.wrap(data), true));
	}

	/** The bytes the engine has queued to send. */
	public long bufferedAmount() {
		return this.channel.getBufferedAmount();
	}

	/** Starts closing the channel. */
	public void close() {
		this.channel.close();
	}

	/** Frees the native channel (after its connection closed, or it did). */
	public void dispose() {
		try {
			this.channel.unregisterObserver();
			this.channel.dispose();
		}
		catch (Throwable ex) {
			// already gone with its connection
		}
	}

	@Override
	public void onBufferedAmountChange(long previousAmount) {
	}

	@Override
	public void onStateChange() {
		try {
			RTCDataChannelState state = this.channel.getState();
			if (state == RTCDataChannelState.OPEN) {
				this.opened.complete(null);
			}
			else if (state == RTCDataChannelState.CLOSED) {
				this.closed.complete(null);
			}
		}
		catch (Throwable ex) {
			// never let anything reach the native thread
		}
	}

	@Override
	public void onMessage(RTCDataChannelBuffer buffer) {
	}

}
