package dev.specter.webrtc;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import dev.specter.Specter;
import dev.specter.SpecterConfig;
import dev.specter.SpecterFactory;
import dev.specter.SpecterId;
import dev.specter.SpecterObserver;
import dev.specter.dispatch.EventDispatcher;

/**
 * Creates {@link Specter} instances over webrtc-java that share one factory pool and one
 * dispatcher and media scheduler. Closing it closes every instance (their connections and
 * tracks), stops the media threads, then disposes the native factories (so the JVM can
 * exit), then stops the dispatch threads. Closing twice is harmless.
 */
public final class DefaultSpecterFactory implements SpecterFactory, AutoCloseable {

	private final PeerConnectionFactoryPool factories;

	private final EventDispatcher dispatcher;

	private final RuntimeSettings settings;

	private final ConnectionLimits limits;

	private final Map<SpecterId, WebRtcSpecter> instances = new ConcurrentHashMap<>();

	private final NativeResources resources = new NativeResources();

	private final SpecterObserver observer;

	/**
	 * One media thread: libwebrtc's audio send stream aborts the process (race checker in
	 * {@code audio_send_stream.cc}) when a track's audio arrives from changing threads,
	 * which a pool of several media threads does. One thread decodes small H.264 streams
	 * faster than real time.
	 */
	private final MediaScheduler mediaScheduler = new MediaScheduler(1);

	/**
	 * Creates the factory.
	 * @param factories the native factory pool (owned: closed with this factory)
	 * @param dispatcher the event dispatcher (owned: closed with this factory)
	 * @param settings timeouts, limits and data-channel flow control
	 */
	public DefaultSpecterFactory(PeerConnectionFactoryPool factories, EventDispatcher dispatcher,
			RuntimeSettings settings) {
		this(factories, dispatcher, settings, SpecterObserver.NONE);
	}

	/**
	 * Creates the factory with an observer of every instance's operations.
	 * @param factories the native factory pool (owned: closed with this factory)
	 * @param dispatcher the event dispatcher (owned: closed with this factory)
	 * @param settings timeouts, limits and data-channel flow control
	 * @param observer told of every operation and data-channel send
	 */
	public DefaultSpecterFactory(PeerConnectionFactoryPool factories, EventDispatcher dispatcher,
			RuntimeSettings settings, SpecterObserver observer) {
		this(factories, dispatcher, settings, ConnectionLimits.DEFAULTS, observer);
	}

	/**
	 * Creates a factory whose instances hold at most the given connections.
	 * @param factories the shared native factories
	 * @param dispatcher delivers events
	 * @param settings limits and timeouts of every instance
	 * @param limits bounds on the peer connections of each instance
	 * @param observer told of operations and sends
	 */
	public DefaultSpecterFactory(PeerConnectionFactoryPool factories, EventDispatcher dispatcher,
			RuntimeSettings settings, ConnectionLimits limits, SpecterObserver observer) {
		this.factories = factories;
		this.dispatcher = dispatcher;
		this.settings = settings;
		this.limits = limits;
		this.observer = new SafeObserver(observer);
	}

	@Override
	public Specter create(SpecterConfig config) {
		NativeLibrary.ensureLoaded();
		WebRtcSpecter specter = new WebRtcSpecter((config != null) ? config : SpecterConfig.defaults(), this.factories,
				this.dispatcher, this.settings, this.limits, this.resources, this.observer, this.mediaScheduler,
				(closed) -> this.instances.remove(closed.id()));
		this.instances.put(specter.id(), specter);
		return specter;
	}

	@Override
	public Collection<Specter> instances() {
		return List.copyOf(this.instances.values());
	}

	@Override
	public Optional<Specter> find(SpecterId id) {
		return Optional.ofNullable((id != null) ? this.instances.get(id) : null);
	}

	/**
	 * Returns the counts of native objects held and released.
	 * @return the live counters
	 */
	public NativeResources resources() {
		return this.resources;
	}

	/**
	 * Returns the native factory pool.
	 * @return the pool
	 */
	public PeerConnectionFactoryPool factories() {
		return this.factories;
	}

	/**
	 * Returns the event dispatcher.
	 * @return the dispatcher
	 */
	public EventDispatcher dispatcher() {
		return this.dispatcher;
	}

	@Override
	public void close() {
		for (WebRtcSpecter specter : List.copyOf(this.instances.values())) {
			specter.close();
		}
		this.mediaScheduler.close();
		this.factories.close();
		this.dispatcher.close();
	}

}
