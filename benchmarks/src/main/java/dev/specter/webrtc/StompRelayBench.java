package dev.specter.webrtc;

import java.lang.reflect.Type;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.springframework.boot.Banner;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.messaging.converter.SimpleMessageConverter;
import org.springframework.messaging.simp.stomp.StompFrameHandler;
import org.springframework.messaging.simp.stomp.StompHeaders;
import org.springframework.messaging.simp.stomp.StompSession;
import org.springframework.messaging.simp.stomp.StompSessionHandlerAdapter;
import org.springframework.web.socket.WebSocketHttpHeaders;
import org.springframework.web.socket.client.standard.StandardWebSocketClient;
import org.springframework.web.socket.messaging.WebSocketStompClient;

/**
 * (5) STOMP relay: events per second from the native message callback, through the
 * mailbox, the {@code @SpecterListener} relay and Spring's simple broker, to a STOMP
 * client subscribed over a loopback WebSocket to the connection's public topic. Events
 * are injected as in the dispatch benchmark ({@link DispatchFixture}); the client counts
 * the JSON messages it receives.
 */
public final class StompRelayBench {

	private StompRelayBench() {
	}

	public static void run(Properties out, int events, int warmup) throws Exception {
		SpringApplicationBuilder application = new SpringApplicationBuilder(StompBenchApplication.class)
			.web(WebApplicationType.SERVLET)
			.bannerMode(Banner.Mode.OFF)
			.properties("specter.ice-servers=", "logging.level.root=WARN", "spring.main.log-startup-info=false",
					"server.address=127.0.0.1", "server.port=0", "specter.stomp.enabled=true",
					"specter.stomp.public-topic.enabled=true");
		try (DispatchFixture fixture = new DispatchFixture(1, application)) {
			int port = Integer.parseInt(fixture.context().getEnvironment().getProperty("local.server.port"));
			String topic = fixture.context()
				.getEnvironment()
				.getProperty("specter.stomp.public-topic.prefix", "/topic/specter.") + fixture.peerConnection(0);
			WebSocketStompClient client = new WebSocketStompClient(new StandardWebSocketClient());
			client.setMessageConverter(new SimpleMessageConverter());
			client.setInboundMessageSizeLimit(1024 * 1024);
			AtomicLong received = new AtomicLong();
			AtomicLong lastAt = new AtomicLong();
			StompSession session = client.connectAsync("ws://127.0.0.1:" + port + "/ws", new WebSocketHttpHeaders(),
					new StompHeaders(), new StompSessionHandlerAdapter() {
					})
				.get(10, TimeUnit.SECONDS);
			StompHeaders subscribe = new StompHeaders();
			subscribe.setDestination(topic);
			session.subscribe(subscribe, new StompFrameHandler() {
				@Override
				public Type getPayloadType(StompHeaders headers) {
					return byte[].class;
				}

				@Override
				public void handleFrame(StompHeaders headers, Object payload) {
					if (payload instanceof byte[] json && new String(json, java.nio.charset.StandardCharsets.UTF_8)
						.contains("DataChannelMessage")) {
						received.incrementAndGet();
						lastAt.set(System.nanoTime());
					}
				}
			});
			Thread.sleep(1000); // the subscription reaches the broker
			// warm-up
			fire(fixture, warmup);
			await(received, warmup, 60);
			received.set(0);
			long t0 = System.nanoTime();
			fire(fixture, events);
			boolean all = await(received, events, 120);
			long last = lastAt.get();
			double seconds = (last - t0) / 1e9;
			out.setProperty("stomp.events", String.valueOf(events));
			out.setProperty("stomp.received", String.valueOf(received.get()));
			out.setProperty("stomp.complete", String.valueOf(all));
			out.setProperty("stomp.eventsPerSec",
					String.format(java.util.Locale.ROOT, "%.1f", received.get() / seconds));
			out.setProperty("stomp.listenerOutOfOrder", String.valueOf(fixture.outOfOrder()));
			out.setProperty("stomp.dropped", String.valueOf(fixture.dropped()));
			System.err.printf("[stomp] %d of %d events relayed in %.2f s: %.0f events/s%n", received.get(), events,
					seconds, received.get() / seconds);
			session.disconnect();
			client.stop();
		}
	}

	/**
	 * Fires in batches that each fit the mailbox (the listeners must keep up, as they
	 * must in production).
	 */
	private static void fire(DispatchFixture fixture, int events) {
		int left = events;
		while (left > 0) {
			int batch = Math.min(left, 2000);
			fixture.starterBatch(batch);
			left -= batch;
		}
	}

	private static boolean await(AtomicLong received, long expected, int seconds) throws InterruptedException {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
		while (received.get() < expected && System.nanoTime() < deadline) {
			Thread.sleep(5);
		}
		return received.get() >= expected;
	}

}
