package dev.specter.benchmarks;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

import dev.onvoid.webrtc.CreateSessionDescriptionObserver;
import dev.onvoid.webrtc.PeerConnectionFactory;
import dev.onvoid.webrtc.PeerConnectionObserver;
import dev.onvoid.webrtc.PortAllocatorConfig;
import dev.onvoid.webrtc.RTCAnswerOptions;
import dev.onvoid.webrtc.RTCConfiguration;
import dev.onvoid.webrtc.RTCDataChannel;
import dev.onvoid.webrtc.RTCDataChannelBuffer;
import dev.onvoid.webrtc.RTCDataChannelInit;
import dev.onvoid.webrtc.RTCDataChannelObserver;
import dev.onvoid.webrtc.RTCDataChannelState;
import dev.onvoid.webrtc.RTCIceCandidate;
import dev.onvoid.webrtc.RTCIceTransportPolicy;
import dev.onvoid.webrtc.RTCOfferOptions;
import dev.onvoid.webrtc.RTCPeerConnection;
import dev.onvoid.webrtc.RTCSessionDescription;
import dev.onvoid.webrtc.SetSessionDescriptionObserver;
import dev.onvoid.webrtc.media.audio.HeadlessAudioDeviceModule;

/**
 * The baseline: raw webrtc-java 0.14, written the way a careful user would write it. One
 * {@link PeerConnectionFactory} with the {@link HeadlessAudioDeviceModule}; the same
 * {@link RTCConfiguration} the starter builds by default (no ICE servers, default port
 * allocator with TCP host candidates off, {@code specter.tcp-candidates=false}); every
 * callback catches {@link Throwable}; received bytes are copied before the callback
 * returns; the negotiation is chained through futures completed in the callbacks
 * (non-blocking, on the native signaling thread); the answerer echoes inline in its
 * callback.
 * <p>
 * With {@code queueCandidates} (the default, for a fair set-up comparison) a remote
 * candidate arriving before the remote description is held and added once
 * {@code setRemoteDescription} succeeded, as the starter does; without it candidates are
 * added as they arrive, which libwebrtc silently drops if they are early.
 */
final class RawSide implements Side {

	static final int CHUNK = 64 * 1024;

	static final long HIGH_WATERMARK = 1024 * 1024;

	private final PeerConnectionFactory factory;

	private final boolean queueCandidates;

	private final java.util.concurrent.atomic.LongAdder candidates = new java.util.concurrent.atomic.LongAdder();

	/** Pairs not closed yet (set-ups that failed or timed out included). */
	private final java.util.Set<Pair> open = java.util.concurrent.ConcurrentHashMap.newKeySet();

	/**
	 * Where application code runs: {@code null} inline in webrtc-java's callbacks (the
	 * baseline), or a pool, for the diagnostic "raw webrtc-java with the starter's rule":
	 * the application's code (negotiation steps, candidate trickling, message handling,
	 * completions) never runs on the native thread, as the starter guarantees; the
	 * library-level plumbing (copying, the candidate queue) stays in the callbacks, as in
	 * the starter.
	 */
	private final ExecutorService offNative;

	RawSide(boolean queueCandidates) {
		this(queueCandidates, false);
	}

	RawSide(boolean queueCandidates, boolean userCodeOffNative) {
		this.factory = new PeerConnectionFactory(new HeadlessAudioDeviceModule());
		this.queueCandidates = queueCandidates;
		this.offNative = userCodeOffNative ? Executors.newFixedThreadPool(8, (runnable) -> {
			Thread thread = new Thread(runnable, "raw-app");
			thread.setDaemon(true);
			return thread;
		}) : null;
	}

	@Override
	public long candidatesGathered() {
		return this.candidates.sum();
	}

	@Override
	public String name() {
		if (this.offNative != null) {
			return "raw, user code off the native thread";
		}
		return this.queueCandidates ? "raw" : "raw (no candidate queue)";
	}

	/** Runs application code: inline, or handed to the pool. */
	private void app(Runnable task) {
		if (this.offNative == null) {
			task.run();
		}
		else {
			this.offNative.execute(task);
		}
	}

	private <T, U> CompletableFuture<U> then(CompletableFuture<T> stage,
			java.util.function.Function<T, CompletableFuture<U>> next) {
		return (this.offNative == null) ? stage.thenCompose(next) : stage.thenComposeAsync(next, this.offNative);
	}

	private static RTCConfiguration configuration() {
		RTCConfiguration config = new RTCConfiguration();
		config.iceServers = new ArrayList<>();
		config.iceTransportPolicy = RTCIceTransportPolicy.ALL;
		// as the starter's default: UDP host candidates only (measuring the layer, not a
		// setting)
		config.portAllocatorConfig = new PortAllocatorConfig().setDisableTcp(true);
		return config;
	}

	@Override
	public CompletableFuture<BenchPair> openPair() {
		long start = System.nanoTime();
		Pair pair = new Pair();
		this.open.add(pair);
		CompletableFuture<BenchPair> result = new CompletableFuture<>();
		try {
			pair.a.pc = this.factory.createPeerConnection(configuration(), pair.a);
			pair.b.pc = this.factory.createPeerConnection(configuration(), pair.b);
			RTCDataChannel channel = pair.a.pc.createDataChannel("bench", new RTCDataChannelInit());
			pair.a.attach(channel);
		}
		catch (Throwable ex) {
			result.completeExceptionally(ex);
			return result;
		}
		Endpoint a = pair.a;
		Endpoint b = pair.b;
		then(then(then(createOffer(a.pc), (offer) -> then(setLocal(a, offer), (v) -> setRemote(b, offer))),
				(v) -> createAnswer(b.pc)), (answer) -> then(setLocal(b, answer), (v) -> setRemote(a, answer)))
			.whenComplete((v, failure) -> {
				pair.stages[0] = System.nanoTime() - start;
				if (failure != null) {
					result.completeExceptionally(failure);
				}
			});
		a.opened.thenRun(() -> pair.stages[1] = System.nanoTime() - start);
		b.opened.thenRun(() -> pair.stages[2] = System.nanoTime() - start);
		CompletableFuture.allOf(a.opened, b.opened).thenRun(() -> {
			pair.setupNanos = System.nanoTime() - start;
			result.complete(pair);
		});
		return result;
	}

	private static CompletableFuture<RTCSessionDescription> createOffer(RTCPeerConnection pc) {
		CompletableFuture<RTCSessionDescription> future = new CompletableFuture<>();
		RTCOfferOptions options = new RTCOfferOptions();
		options.voiceActivityDetection = false;
		try {
			pc.createOffer(options, new DescriptionObserver(future));
		}
		catch (Throwable ex) {
			future.completeExceptionally(ex);
		}
		return future;
	}

	private static CompletableFuture<RTCSessionDescription> createAnswer(RTCPeerConnection pc) {
		CompletableFuture<RTCSessionDescription> future = new CompletableFuture<>();
		RTCAnswerOptions options = new RTCAnswerOptions();
		options.voiceActivityDetection = false;
		try {
			pc.createAnswer(options, new DescriptionObserver(future));
		}
		catch (Throwable ex) {
			future.completeExceptionally(ex);
		}
		return future;
	}

	private static CompletableFuture<Void> setLocal(Endpoint endpoint, RTCSessionDescription description) {
		CompletableFuture<Void> future = new CompletableFuture<>();
		try {
			endpoint.pc.setLocalDescription(description, new SetObserver(future, null));
		}
		catch (Throwable ex) {
			future.completeExceptionally(ex);
		}
		return future;
	}

	private static CompletableFuture<Void> setRemote(Endpoint endpoint, RTCSessionDescription description) {
		CompletableFuture<Void> future = new CompletableFuture<>();
		try {
			endpoint.pc.setRemoteDescription(description, new SetObserver(future, endpoint::remoteDescriptionApplied));
		}
		catch (Throwable ex) {
			future.completeExceptionally(ex);
		}
		return future;
	}

	/**
	 * Closes every connection still open, then disposes the factory: disposing it with
	 * 1,000 connections open once waited for good to join the signaling thread.
	 */
	@Override
	public void close() {
		if (this.offNative != null) {
			this.offNative.shutdownNow();
		}
		for (Pair pair : this.open) {
			pair.close();
		}
		try {
			this.factory.dispose();
		}
		catch (Throwable ex) {
			// best effort
		}
	}

	private static final class DescriptionObserver implements CreateSessionDescriptionObserver {

		private final CompletableFuture<RTCSessionDescription> future;

		DescriptionObserver(CompletableFuture<RTCSessionDescription> future) {
			this.future = future;
		}

		@Override
		public void onSuccess(RTCSessionDescription description) {
			try {
				this.future.complete(description);
			}
			catch (Throwable ex) {
				// never let anything reach the native thread
			}
		}

		@Override
		public void onFailure(String error) {
			try {
				this.future.completeExceptionally(new IllegalStateException(error));
			}
			catch (Throwable ex) {
				// never let anything reach the native thread
			}
		}

	}

	private static final class SetObserver implements SetSessionDescriptionObserver {

		private final CompletableFuture<Void> future;

		private final Runnable beforeCompletion;

		SetObserver(CompletableFuture<Void> future, Runnable beforeCompletion) {
			this.future = future;
			this.beforeCompletion = beforeCompletion;
		}

		@Override
		public void onSuccess() {
			try {
				if (this.beforeCompletion != null) {
					this.beforeCompletion.run();
				}
				this.future.complete(null);
			}
			catch (Throwable ex) {
				this.future.completeExceptionally(ex);
			}
		}

		@Override
		public void onFailure(String error) {
			try {
				this.future.completeExceptionally(new IllegalStateException(error));
			}
			catch (Throwable ex) {
				// never let anything reach the native thread
			}
		}

	}

	/** One peer connection: its observer, its channel's observer, its candidate queue. */
	final class Endpoint implements PeerConnectionObserver, RTCDataChannelObserver {

		final boolean answerer;

		final CompletableFuture<Void> opened = new CompletableFuture<>();

		volatile RTCPeerConnection pc;

		volatile RTCDataChannel channel;

		volatile Endpoint peer;

		private final List<RTCIceCandidate> early = new ArrayList<>();

		private boolean remoteSet;

		volatile Consumer<String> replyHandler = (text) -> {
		};

		volatile StarterSide.Bulk bulk;

		volatile Thread sender;

		Endpoint(boolean answerer) {
			this.answerer = answerer;
		}

		void attach(RTCDataChannel dataChannel) {
			this.channel = dataChannel;
			dataChannel.registerObserver(this);
			checkOpen();
		}

		private void checkOpen() {
			if (this.channel.getState() == RTCDataChannelState.OPEN) {
				app(() -> this.opened.complete(null));
			}
		}

		/** A candidate gathered by the peer. */
		void addRemoteCandidate(RTCIceCandidate candidate) {
			if (RawSide.this.queueCandidates) {
				synchronized (this.early) {
					if (!this.remoteSet) {
						this.early.add(candidate);
						return;
					}
				}
			}
			this.pc.addIceCandidate(candidate);
		}

		/** Runs in setRemoteDescription's success callback. */
		void remoteDescriptionApplied() {
			List<RTCIceCandidate> queued;
			synchronized (this.early) {
				this.remoteSet = true;
				queued = new ArrayList<>(this.early);
				this.early.clear();
			}
			for (RTCIceCandidate candidate : queued) {
				this.pc.addIceCandidate(candidate);
			}
		}

		// ---- PeerConnectionObserver (native signaling thread) ----

		@Override
		public void onIceCandidate(RTCIceCandidate candidate) {
			RawSide.this.candidates.increment();
			try {
				app(() -> {
					try {
						this.peer.addRemoteCandidate(candidate);
					}
					catch (Throwable ex) {
						// a closed peer, or a rejected candidate
					}
				});
			}
			catch (Throwable ex) {
				// never reach the native thread
			}
		}

		@Override
		public void onDataChannel(RTCDataChannel dataChannel) {
			try {
				attach(dataChannel);
			}
			catch (Throwable ex) {
				this.opened.completeExceptionally(ex);
			}
		}

		// ---- RTCDataChannelObserver (native signaling thread) ----

		@Override
		public void onStateChange() {
			try {
				checkOpen();
			}
			catch (Throwable ex) {
				// closed meanwhile
			}
		}

		@Override
		public void onMessage(RTCDataChannelBuffer buffer) {
			try {
				ByteBuffer data = buffer.data;
				byte[] bytes = new byte[data.remaining()];
				data.get(bytes);
				boolean binary = buffer.binary;
				app(() -> handle(bytes, binary));
			}
			catch (Throwable ex) {
				// never let anything reach the native thread
			}
		}

		private void handle(byte[] bytes, boolean binary) {
			try {
				if (binary) {
					StarterSide.Bulk current = this.bulk;
					if (current != null) {
						current.received += bytes.length;
						if (current.received >= current.expected) {
							this.bulk = null;
							current.done.complete(null);
						}
					}
				}
				else if (this.answerer) {
					this.channel.send(new RTCDataChannelBuffer(ByteBuffer.wrap(bytes), false));
				}
				else {
					this.replyHandler.accept(new String(bytes, StandardCharsets.UTF_8));
				}
			}
			catch (Throwable ex) {
				// never let anything reach the native thread
			}
		}

		@Override
		public void onBufferedAmountChange(long previousAmount) {
			Thread waiting = this.sender;
			if (waiting != null) {
				LockSupport.unpark(waiting);
			}
		}

	}

	final class Pair implements BenchPair {

		final Endpoint a = new Endpoint(false);

		final Endpoint b = new Endpoint(true);

		volatile long setupNanos;

		final long[] stages = new long[3];

		@Override
		public long[] setupStages() {
			return this.stages.clone();
		}

		Pair() {
			this.a.peer = this.b;
			this.b.peer = this.a;
		}

		@Override
		public long setupNanos() {
			return this.setupNanos;
		}

		@Override
		public void send(String text) {
			try {
				this.a.channel
					.send(new RTCDataChannelBuffer(ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)), false));
			}
			catch (Exception ex) {
				throw new IllegalStateException(ex);
			}
		}

		@Override
		public void onReply(Consumer<String> handler) {
			this.a.replyHandler = handler;
		}

		@Override
		public CompletableFuture<Void> expectBulk(long bytes) {
			StarterSide.Bulk bulk = new StarterSide.Bulk(bytes);
			this.b.bulk = bulk;
			return bulk.done;
		}

		/**
		 * The same flow control the starter applies: exact-size 64 KiB chunks (send()
		 * ignores a buffer's position and limit), handed over only while libwebrtc's
		 * buffer stays under the 1 MiB high watermark; the sender parks and is woken by
		 * onBufferedAmountChange. The callback never takes a lock the sender holds (a
		 * native getter called under that lock would wait for the signaling thread:
		 * deadlock).
		 */
		@Override
		public void sendBulk(byte[] payload) throws Exception {
			RTCDataChannel channel = this.a.channel;
			this.a.sender = Thread.currentThread();
			try {
				for (int offset = 0; offset < payload.length; offset += CHUNK) {
					int end = Math.min(payload.length, offset + CHUNK);
					byte[] chunk = Arrays.copyOfRange(payload, offset, end);
					long buffered;
					while ((buffered = channel.getBufferedAmount()) > 0 && buffered + chunk.length > HIGH_WATERMARK) {
						LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
					}
					channel.send(new RTCDataChannelBuffer(ByteBuffer.wrap(chunk), true));
				}
			}
			finally {
				this.a.sender = null;
			}
		}

		@Override
		public void close() {
			if (!RawSide.this.open.remove(this)) {
				return;
			}
			for (Endpoint endpoint : new Endpoint[] { this.a, this.b }) {
				try {
					endpoint.pc.close();
				}
				catch (Throwable ex) {
					// already closed
				}
				try {
					if (endpoint.channel != null) {
						endpoint.channel.unregisterObserver();
						endpoint.channel.dispose();
					}
				}
				catch (Throwable ex) {
					// already gone
				}
			}
		}

	}

}
