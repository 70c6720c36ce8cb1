package dev.specter.worker;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.specter.PeerConnectionId;
import dev.specter.Specter;
import dev.specter.SpecterConfig;
import dev.specter.SpecterObserver;
import dev.specter.dispatch.EventDispatcher;
import dev.specter.signaling.ConnectionState;
import dev.specter.webrtc.DefaultSpecterFactory;
import dev.specter.webrtc.PeerConnectionFactoryPool;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Keeps one connected pair of peer connections inside a worker, so that libsrtp stays
 * initialised there.
 * <p>
 * libwebrtc initialises libsrtp ({@code srtp_init}, which runs libsrtp's cipher
 * self-tests: some 10^5 calls of libc's {@code rand()} and their AES work, milliseconds
 * of CPU) each time the process's count of live SRTP sessions goes from 0 to 1, and shuts
 * it down when the count drops back to 0. A data-channel connection gets its sessions
 * once DTLS is up. A worker often holds a single connection at a time (two workers and
 * one pair: one connection each), so without this pair it paid that initialisation once
 * per connection, on its network thread, in the middle of the set-up: the offerer's
 * {@code setRemoteDescription} of the answer waited for it.
 * <p>
 * The pair lives in an engine of its own ({@link DefaultSpecterFactory} over the worker's
 * native factories, with a dispatcher that drops its events): the application never sees
 * it, and it is not counted in the worker's connections or resources. Both ends are in
 * this process; their candidates travel in the descriptions (no trickling). It uses the
 * audio mode of the first Specter the application opens in the worker (so the same native
 * factory), no ICE servers and UDP host candidates on ports the operating system chooses
 * (it takes none from a configured port range). Should it fail, the worker runs as before
 * (it pays the initialisation again).
 */
final class SrtpKeeper {

	private static final Log logger = LogFactory.getLog(SrtpKeeper.class);

	private static final long TIMEOUT_SECONDS = 30;

	private final PeerConnectionFactoryPool factories;

	private final EngineSettings settings;

	private final AtomicBoolean started = new AtomicBoolean();

	/** Guards {@link #closed}, {@link #specter} and {@link #dispatcher}. */
	private final Object lock = new Object();

	private boolean closed;

	private Specter specter;

	private EventDispatcher dispatcher;

	SrtpKeeper(PeerConnectionFactoryPool factories, EngineSettings settings) {
		this.factories = factories;
		this.settings = settings;
	}

	/**
	 * Starts the pair in the background, once.
	 * @param config the configuration of the first Specter opened in the worker
	 */
	void start(SpecterConfig config) {
		if (!this.started.compareAndSet(false, true)) {
			return;
		}
		// the instance's audio mode (its native factory); no ICE servers, UDP host
		// candidates on ports the OS chooses: none taken from a configured port range
		SpecterConfig own = new SpecterConfig(List.of(), null, null, null, config.audioMode(), false);
		Thread thread = new Thread(() -> connect(own), "specter-srtp-keeper");
		thread.setDaemon(true);
		thread.start();
	}

	/** Whether both connections of the pair are connected (DTLS up). */
	boolean connected() {
		Specter current;
		synchronized (this.lock) {
			current = this.specter;
		}
		if (current == null) {
			return false;
		}
		return current.peerConnections()
			.stream()
			.filter((pc) -> current.connectionState(pc) == ConnectionState.CONNECTED)
			.count() == 2;
	}

	private void connect(SpecterConfig config) {
		Specter pair = null;
		try {
			EventDispatcher events = new EventDispatcher((event) -> {
			}, 1, this.settings.mailboxCapacity());
			DefaultSpecterFactory engine = new DefaultSpecterFactory(this.factories, events, this.settings.runtime(),
					this.settings.limits(), SpecterObserver.NONE);
			pair = engine.create(config);
			synchronized (this.lock) {
				if (this.closed) {
					// the worker is stopping: its native factories go next
					pair.close();
					events.close();
					return;
				}
				this.specter = pair;
				this.dispatcher = events;
			}
			PeerConnectionId offerer = pair.newPeerConnection();
			PeerConnectionId answerer = pair.newPeerConnection();
			get(pair.createDataChannel(offerer, "specter-srtp-keeper"));
			get(pair.setLocalDescription(offerer, get(pair.createOffer(offerer))));
			get(pair.setRemoteDescription(answerer, get(pair.whenGatheringComplete(offerer))));
			get(pair.setLocalDescription(answerer, get(pair.createAnswer(answerer))));
			get(pair.setRemoteDescription(offerer, get(pair.whenGatheringComplete(answerer))));
		}
		catch (Throwable ex) {
			logger.debug("The worker's SRTP keeper pair could not be connected; "
					+ "each first connection initialises libsrtp again", ex);
			if (pair != null) {
				// nothing half-made is kept
				pair.close();
			}
		}
	}

	private static <T> T get(CompletableFuture<T> future) throws Exception {
		return future.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
	}

	/**
	 * Closes the pair (not the native factories, which belong to the worker's engine),
	 * also while it is being connected; after this, none is made.
	 */
	void close() {
		Specter current;
		EventDispatcher events;
		synchronized (this.lock) {
			this.closed = true;
			current = this.specter;
			events = this.dispatcher;
		}
		if (current != null) {
			current.close();
		}
		if (events != null) {
			events.close();
		}
	}

}
