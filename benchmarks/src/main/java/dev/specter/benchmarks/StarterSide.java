package dev.specter.benchmarks;

import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

import dev.specter.ApiId;
import dev.specter.DataChannelId;
import dev.specter.MediaEngineId;
import dev.specter.PeerConnectionId;
import dev.specter.RegistryId;
import dev.specter.Specter;
import dev.specter.event.DataChannelMessage;

import org.springframework.context.ConfigurableApplicationContext;

/**
 * The starter side: a real Spring Boot context with the auto-configured {@link Specter};
 * events are received by {@link StarterEvents}' {@code @SpecterListener} methods, exactly
 * as a user would.
 */
final class StarterSide implements Side {

	private final ConfigurableApplicationContext context;

	private final Specter specter;

	private final StarterEvents events;

	private final ApiId api;

	/** Pairs not closed yet (set-ups that failed or timed out included). */
	private final java.util.Set<Pair> open = java.util.concurrent.ConcurrentHashMap.newKeySet();

	private final String name;

	StarterSide(String... properties) {
		this("starter", properties);
	}

	StarterSide(String name, String[] properties) {
		this.name = name;
		this.context = BenchApplication.start(properties);
		this.specter = this.context.getBean(Specter.class);
		this.events = this.context.getBean(StarterEvents.class);
		this.events.specter = this.specter;
		if (!this.specter.config().iceServers().isEmpty()) {
			// host candidates only: never let a benchmark contact a public STUN server
			this.context.close();
			throw new IllegalStateException(
					"the benchmark needs specter.ice-servers empty, got " + this.specter.config().iceServers());
		}
		MediaEngineId engine = this.specter.newMediaEngine();
		RegistryId registry = this.specter.newRegistry(engine);
		this.api = this.specter.newApi(engine, registry);
	}

	@Override
	public String name() {
		return this.name;
	}

	@Override
	public long candidatesGathered() {
		return this.events.candidates.sum();
	}

	long droppedEvents() {
		return this.events.dropped.sum();
	}

	long failedOperations() {
		return this.events.failures.sum();
	}

	String failuresByKind() {
		return new java.util.TreeMap<>(this.events.failuresByKind).toString();
	}

	@Override
	public CompletableFuture<BenchPair> openPair() {
		long start = System.nanoTime();
		PeerConnectionId a = this.specter.newPeerConnection(this.api);
		PeerConnectionId b = this.specter.newPeerConnection(this.api);
		Pair pair = new Pair(a, b);
		this.open.add(pair);
		this.events.endpoints.put(a, pair.a);
		this.events.endpoints.put(b, pair.b);
		Specter s = this.specter;
		CompletableFuture<Void> negotiated = s.createDataChannel(a, "bench")
			.thenCompose((channel) -> s.createOffer(a))
			.thenCompose(
					(offer) -> s.setLocalDescription(a, offer).thenCompose((v) -> s.setRemoteDescription(b, offer)))
			.thenCompose((v) -> s.createAnswer(b))
			.thenCompose(
					(answer) -> s.setLocalDescription(b, answer).thenCompose((v) -> s.setRemoteDescription(a, answer)));
		CompletableFuture<BenchPair> result = new CompletableFuture<>();
		pair.a.opened.thenRun(() -> pair.stages[1] = System.nanoTime() - start);
		pair.b.opened.thenRun(() -> pair.stages[2] = System.nanoTime() - start);
		negotiated.whenComplete((v, failure) -> {
			pair.stages[0] = System.nanoTime() - start;
			if (failure != null) {
				result.completeExceptionally(failure);
			}
		});
		CompletableFuture.allOf(pair.a.opened, pair.b.opened).thenRun(() -> {
			pair.setupNanos = System.nanoTime() - start;
			result.complete(pair);
		});
		return result;
	}

	/** Closes every connection still open, then the context (as the raw side does). */
	@Override
	public void close() {
		for (Pair pair : this.open) {
			pair.close();
		}
		this.context.close();
	}

	/** One peer connection of a pair, as the listener bean sees it. */
	final class Endpoint {

		final PeerConnectionId id;

		final boolean answerer;

		final CompletableFuture<Void> opened = new CompletableFuture<>();

		volatile Endpoint peer;

		volatile DataChannelId channel;

		volatile Consumer<String> replyHandler = (text) -> {
		};

		volatile Bulk bulk;

		Endpoint(PeerConnectionId id, boolean answerer) {
			this.id = id;
			this.answerer = answerer;
		}

		/** Runs on a dispatch thread, in the connection's order. */
		void onMessage(DataChannelMessage message) {
			if (message.binary()) {
				Bulk current = this.bulk;
				if (current != null) {
					current.received += message.size();
					if (current.received >= current.expected) {
						this.bulk = null;
						current.done.complete(null);
					}
				}
			}
			else if (this.answerer) {
				StarterSide.this.specter.sendText(this.id, this.channel, message.text());
			}
			else {
				this.replyHandler.accept(message.text());
			}
		}

	}

	static final class Bulk {

		final long expected;

		long received;

		final CompletableFuture<Void> done = new CompletableFuture<>();

		Bulk(long expected) {
			this.expected = expected;
		}

	}

	final class Pair implements BenchPair {

		final Endpoint a;

		final Endpoint b;

		volatile long setupNanos;

		final long[] stages = new long[3];

		@Override
		public long[] setupStages() {
			return this.stages.clone();
		}

		Pair(PeerConnectionId a, PeerConnectionId b) {
			this.a = new Endpoint(a, false);
			this.b = new Endpoint(b, true);
			this.a.peer = this.b;
			this.b.peer = this.a;
		}

		@Override
		public long setupNanos() {
			return this.setupNanos;
		}

		@Override
		public void send(String text) {
			StarterSide.this.specter.sendText(this.a.id, this.a.channel, text);
		}

		@Override
		public void onReply(Consumer<String> handler) {
			this.a.replyHandler = handler;
		}

		/**
		 * Switches both ends to inline message handlers
		 * ({@link Specter#handleMessagesInline}): the answerer echoes on the engine's
		 * thread, the offerer hands echoes to the reply handler there.
		 */
		BenchPair inline() {
			Specter s = StarterSide.this.specter;
			s.handleMessagesInline(this.b.id, this.b.channel, (message, reply) -> {
				if (!message.binary()) {
					reply.sendText(message.text());
				}
			});
			s.handleMessagesInline(this.a.id, this.a.channel, (message, reply) -> {
				if (!message.binary()) {
					this.a.replyHandler.accept(message.text());
				}
			});
			return this;
		}

		@Override
		public CompletableFuture<Void> expectBulk(long bytes) {
			Bulk bulk = new Bulk(bytes);
			this.b.bulk = bulk;
			return bulk.done;
		}

		@Override
		public void sendBulk(byte[] payload) {
			// one call: the starter splits into chunk-size messages with back-pressure
			StarterSide.this.specter.sendBinary(this.a.id, this.a.channel, payload);
		}

		@Override
		public void close() {
			if (!StarterSide.this.open.remove(this)) {
				return;
			}
			for (Endpoint endpoint : new Endpoint[] { this.a, this.b }) {
				try {
					StarterSide.this.specter.closePeerConnection(endpoint.id);
				}
				catch (RuntimeException ex) {
					// already closed
				}
				StarterSide.this.events.endpoints.remove(endpoint.id);
			}
		}

	}

}
