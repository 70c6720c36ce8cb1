package dev.specter.webrtc;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import dev.onvoid.webrtc.PeerConnectionFactory;
import dev.onvoid.webrtc.PeerConnectionObserver;
import dev.onvoid.webrtc.PortAllocatorConfig;
import dev.onvoid.webrtc.RTCConfiguration;
import dev.onvoid.webrtc.RTCDataChannel;
import dev.onvoid.webrtc.RTCDataChannelBuffer;
import dev.onvoid.webrtc.RTCDataChannelInit;
import dev.onvoid.webrtc.RTCDataChannelObserver;
import dev.onvoid.webrtc.RTCIceCandidate;
import dev.onvoid.webrtc.RTCPeerConnection;
import dev.specter.DataChannelId;
import dev.specter.PeerConnectionId;
import dev.specter.SpecterId;
import dev.specter.dispatch.EventDispatcher;
import dev.specter.ice.IpFilter;

import org.springframework.boot.Banner;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Drives the starter's event path from the exact method webrtc-java's native thread
 * calls: {@link NativeCallbacks.Channel#onMessage} of a session built on a real native
 * data channel, in a real Spring Boot context, through the connection's mailbox and the
 * dispatch pool to a {@code @SpecterListener}. The calling thread plays the native
 * signaling thread. The raw baseline is an {@link RTCDataChannelObserver} that copies the
 * bytes and calls the same handler inline, which is all raw webrtc-java does with a
 * message.
 * <p>
 * Lives in {@code dev.specter.webrtc} (in the benchmarks jar) because sessions, mailboxes
 * and the factory pool are package-private in the starter.
 */
public final class DispatchFixture implements AutoCloseable {

	private final ConfigurableApplicationContext context;

	private final DispatchProbe probe;

	private final int connections;

	private final RTCPeerConnection[] peerConnections;

	private final RTCDataChannelObserver[] starter;

	private final RTCDataChannelObserver[] raw;

	private final ByteBuffer[] buffers;

	private final long[] sequences;

	private int next;

	public DispatchFixture(int connections) {
		this(connections, new SpringApplicationBuilder(DispatchApplication.class).web(WebApplicationType.NONE)
			.bannerMode(Banner.Mode.OFF)
			.properties("specter.ice-servers=", "logging.level.root=WARN", "spring.main.log-startup-info=false"));
	}

	private final PeerConnectionId[] ids;

	/**
	 * Builds the fixture in the given application, which must define a
	 * {@link DispatchProbe} bean.
	 * @param connections how many connections (mailboxes) to drive
	 * @param application the application to run
	 */
	public DispatchFixture(int connections, SpringApplicationBuilder application) {
		if (connections < 1 || connections > DispatchProbe.MAX_CONNECTIONS) {
			throw new IllegalArgumentException("connections must be 1.." + DispatchProbe.MAX_CONNECTIONS);
		}
		this.connections = connections;
		this.context = application.run();
		this.ids = new PeerConnectionId[connections];
		this.probe = this.context.getBean(DispatchProbe.class);
		DefaultSpecterFactory specterFactory = this.context.getBean(DefaultSpecterFactory.class);
		EventDispatcher dispatcher = specterFactory.dispatcher();
		PeerConnectionFactory factory = specterFactory.factories()
			.factory(PeerConnectionFactoryPool.FactoryKey.SEND_AUDIO);
		this.peerConnections = new RTCPeerConnection[connections];
		this.starter = new RTCDataChannelObserver[connections];
		this.raw = new RTCDataChannelObserver[connections];
		this.buffers = new ByteBuffer[connections];
		this.sequences = new long[connections];
		SpecterId specterId = SpecterId.random();
		for (int i = 0; i < connections; i++) {
			RTCConfiguration configuration = new RTCConfiguration();
			configuration.iceServers = new ArrayList<>();
			configuration.portAllocatorConfig = new PortAllocatorConfig();
			RTCPeerConnection pc = factory.createPeerConnection(configuration, new PeerConnectionObserver() {
				@Override
				public void onIceCandidate(RTCIceCandidate candidate) {
				}
			});
			RTCDataChannel channel = pc.createDataChannel("dispatch", new RTCDataChannelInit());
			this.ids[i] = PeerConnectionId.random();
			PeerConnectionSession session = new PeerConnectionSession(this.ids[i], specterId, dispatcher,
					RuntimeSettings.DEFAULTS, IpFilter.ACCEPT_ALL, specterFactory.resources(),
					observerOf(specterFactory));
			session.attach(pc);
			this.peerConnections[i] = pc;
			this.starter[i] = new DataChannelSession(DataChannelId.random(), channel, session, (closed) -> {
			}).nativeObserver();
			this.raw[i] = new RawObserver(this.probe);
			this.buffers[i] = ByteBuffer.allocate(12);
		}
	}

	/**
	 * The observer the factory gives its connections (meters, when the application has
	 * them).
	 */
	private static dev.specter.SpecterObserver observerOf(DefaultSpecterFactory factory) {
		try {
			java.lang.reflect.Field field = DefaultSpecterFactory.class.getDeclaredField("observer");
			field.setAccessible(true);
			return (dev.specter.SpecterObserver) field.get(factory);
		}
		catch (ReflectiveOperationException ex) {
			return dev.specter.SpecterObserver.NONE;
		}
	}

	/**
	 * Fires {@code count} message callbacks round-robin over the connections, then waits
	 * until all are handled.
	 */
	public void starterBatch(int count) {
		batch(this.starter, count);
	}

	public void rawBatch(int count) {
		batch(this.raw, count);
	}

	private void batch(RTCDataChannelObserver[] observers, int count) {
		DispatchProbe p = this.probe;
		long target = p.received.get() + count;
		p.waiter = Thread.currentThread();
		p.target = target;
		for (int i = 0; i < count; i++) {
			fire(observers);
		}
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
		while (p.received.get() < target) {
			LockSupport.parkNanos(50_000);
			if (System.nanoTime() > deadline) {
				throw new IllegalStateException("events lost: " + (target - p.received.get()) + " of " + count
						+ " never reached the listener (dropped: " + p.dropped.sum() + ")");
			}
		}
		p.target = Long.MAX_VALUE;
	}

	/** Fires one callback on connection 0 and spins until the listener has handled it. */
	public void starterOne() {
		one(this.starter);
	}

	public void rawOne() {
		one(this.raw);
	}

	private void one(RTCDataChannelObserver[] observers) {
		DispatchProbe p = this.probe;
		long target = p.received.get() + 1;
		fire(observers);
		int spins = 0;
		while (p.received.get() < target) {
			Thread.onSpinWait();
			if (++spins == 100_000_000) {
				throw new IllegalStateException(
						"an event never reached the listener (dropped: " + p.dropped.sum() + ")");
			}
		}
	}

	private void fire(RTCDataChannelObserver[] observers) {
		int connection = this.next;
		this.next = (connection + 1 == this.connections) ? 0 : connection + 1;
		ByteBuffer buffer = this.buffers[connection];
		buffer.clear();
		buffer.putInt(connection).putLong(++this.sequences[connection]).flip();
		observers[connection].onMessage(new RTCDataChannelBuffer(buffer, true));
	}

	public PeerConnectionId peerConnection(int index) {
		return this.ids[index];
	}

	public ConfigurableApplicationContext context() {
		return this.context;
	}

	public long outOfOrder() {
		return this.probe.outOfOrder.get();
	}

	public long dropped() {
		return this.probe.dropped.sum();
	}

	public long received() {
		return this.probe.received.get();
	}

	@Override
	public void close() {
		for (RTCPeerConnection pc : this.peerConnections) {
			try {
				pc.close();
			}
			catch (Throwable ex) {
				// best effort
			}
		}
		this.context.close();
	}

	/** The raw baseline: what a raw webrtc-java observer does with a message. */
	private static final class RawObserver implements RTCDataChannelObserver {

		private final DispatchProbe probe;

		RawObserver(DispatchProbe probe) {
			this.probe = probe;
		}

		@Override
		public void onMessage(RTCDataChannelBuffer buffer) {
			try {
				ByteBuffer data = buffer.data;
				byte[] bytes = new byte[data.remaining()];
				data.get(bytes);
				this.probe.handle(bytes);
			}
			catch (Throwable ex) {
				// never let anything reach the native thread
			}
		}

		@Override
		public void onStateChange() {
		}

		@Override
		public void onBufferedAmountChange(long previousAmount) {
		}

	}

}
