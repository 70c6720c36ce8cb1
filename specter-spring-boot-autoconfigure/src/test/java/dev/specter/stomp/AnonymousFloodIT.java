package dev.specter.stomp;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import dev.specter.PeerConnectionId;
import dev.specter.Specter;
import dev.specter.SpecterFactory;
import dev.specter.datachannel.DataChannelOptions;
import dev.specter.signaling.SessionDescription;
import dev.specter.test.Peers;
import dev.specter.test.UdpSockets;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One anonymous client, nothing but WebSockets from 127.0.0.1, tries to hold as many peer
 * connections as it can with the default limits: 500 WebSockets, each asking for
 * connections until refused and sending a real offer for each (so the server gathers,
 * holds sockets and the connections never connect). It holds what the limits allow and
 * nothing more, and when its sockets drop the process gives back its threads and file
 * descriptors. Prints the figures (RSS, threads, fds, UDP sockets) before, at the limit
 * and after; asserts no timing.
 */
@SpringBootTest(classes = StompTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "specter.ice-servers=", "specter.stomp.enabled=true", "specter.stomp.signaling.enabled=true",
				"logging.level.dev.specter.stomp.StompRemoteAddresses=ERROR" })
class AnonymousFloodIT {

	private static final int WEB_SOCKETS = Integer.getInteger("specter.flood.web-sockets", 500);

	/** The defaults: 16 connections per anonymous address, 32 WebSockets per address. */
	private static final int CONNECTIONS_PER_ADDRESS = 16;

	private static final int SESSIONS_PER_ADDRESS = 32;

	private final int port;

	private final Specter specter;

	private final SpecterFactory factory;

	@Autowired
	AnonymousFloodIT(@LocalServerPort int port, Specter specter, SpecterFactory factory) {
		this.port = port;
		this.specter = specter;
		this.factory = factory;
	}

	@Test
	void oneAnonymousClientHoldsTheLimitAndGivesEverythingBack() throws Exception {
		String offer = realOffer();
		warmUp();
		Figures before = Figures.now(this.specter, this.factory);

		List<StompTestClient> open = new ArrayList<>();
		int refusedWebSockets = 0;
		ExecutorService pool = Executors.newFixedThreadPool(16);
		List<Future<StompTestClient>> attempts = new ArrayList<>();
		for (int i = 0; i < WEB_SOCKETS; i++) {
			attempts.add(pool.submit(() -> StompTestClient.connect(this.port, null)));
		}
		for (Future<StompTestClient> attempt : attempts) {
			try {
				open.add(attempt.get(60, TimeUnit.SECONDS));
			}
			catch (Exception ex) {
				refusedWebSockets++;
			}
		}
		pool.shutdown();
		int held = 0;
		int refusals = 0;
		for (int i = 0; i < open.size(); i++) {
			StompTestClient client = open.get(i);
			client.subscribe("/user/queue/specter");
			client.sync();
			for (int j = 0; j < 8; j++) {
				String requestId = "f-" + i + "-" + j;
				client.send("/app/specter/connect", "{\"requestId\":\"" + requestId + "\"}");
				JsonNode reply = client.await((m) -> requestId.equals(m.path("requestId").asString()),
						Duration.ofSeconds(30));
				if (!"Created".equals(reply.path("type").asString())) {
					assertThat(reply.path("code").asString()).isEqualTo("LIMIT_EXCEEDED");
					refusals++;
					break;
				}
				held++;
				ObjectNode offerMessage = JsonNodeFactory.instance.objectNode();
				offerMessage.put("requestId", requestId + "-offer");
				offerMessage.put("peerConnection", reply.path("peerConnection").asString());
				offerMessage.putObject("description").put("type", "offer").put("sdp", offer);
				client.send("/app/specter/offer", offerMessage);
				client.await((m) -> (requestId + "-offer").equals(m.path("requestId").asString()),
						Duration.ofSeconds(30));
			}
		}
		Thread.sleep(3000);
		Figures atLimit = Figures.now(this.specter, this.factory);

		open.forEach(StompTestClient::close);
		Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> this.specter.peerConnections().isEmpty());
		Thread.sleep(5000);
		System.gc();
		Figures after = Figures.now(this.specter, this.factory);

		System.out.printf("Flood: %d WebSockets tried, %d open, %d refused; %d peer connections held, %d refusals%n",
				WEB_SOCKETS, open.size(), refusedWebSockets, held, refusals);
		System.out.println("Flood before:   " + before);
		System.out.println("Flood at limit: " + atLimit);
		System.out.println("Flood after:    " + after);

		assertThat(open).hasSize(SESSIONS_PER_ADDRESS);
		assertThat(refusedWebSockets).isEqualTo(WEB_SOCKETS - SESSIONS_PER_ADDRESS);
		assertThat(held).isEqualTo(CONNECTIONS_PER_ADDRESS);
		assertThat(atLimit.connections()).isEqualTo(CONNECTIONS_PER_ADDRESS);
		assertThat(after.connections()).isZero();
		assertThat(after.udpSockets()).isLessThanOrEqualTo(before.udpSockets());
	}

	/**
	 * A real browser-side offer (a data channel, host candidates), made by a local
	 * connection.
	 */
	private String realOffer() throws Exception {
		PeerConnectionId local = Peers.newPeerConnection(this.specter);
		this.specter.createDataChannel(local, "flood", DataChannelOptions.DEFAULT).get(10, TimeUnit.SECONDS);
		SessionDescription offer = this.specter.createOffer(local).get(10, TimeUnit.SECONDS);
		this.specter.closePeerConnection(local);
		return offer.sdp();
	}

	/**
	 * One ordinary session that negotiates once, so that lazily created threads exist
	 * before the baseline.
	 */
	private void warmUp() throws Exception {
		try (StompTestClient client = StompTestClient.connect(this.port, null)) {
			client.subscribe("/user/queue/specter");
			client.sync();
		}
		Thread.sleep(2000);
	}

	record Figures(long rssKib, int threads, int tomcatWorkers, long fds, int udpSockets, int connections) {

		/**
		 * This process's figures; the UDP sockets of the engine's workers too in worker
		 * mode.
		 */
		static Figures now(Specter specter, SpecterFactory factory) throws IOException {
			long rss = Files.readAllLines(Path.of("/proc/self/status"))
				.stream()
				.filter((line) -> line.startsWith("VmRSS:"))
				.mapToLong((line) -> Long.parseLong(line.replaceAll("\\D", "")))
				.findFirst()
				.orElse(-1);
			long fds;
			try (Stream<Path> list = Files.list(Path.of("/proc/self/fd"))) {
				fds = list.count();
			}
			int workers = (int) Thread.getAllStackTraces()
				.keySet()
				.stream()
				.filter((thread) -> thread.getName().contains("-exec-"))
				.count();
			int osThreads;
			try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
				osThreads = (int) tasks.count();
			}
			return new Figures(rss, osThreads, workers, fds, UdpSockets.count(factory),
					specter.peerConnections().size());
		}

		@Override
		public String toString() {
			return String.format("RSS %d MB, %d threads (%d Tomcat workers), %d fds, %d UDP sockets, %d connections",
					this.rssKib / 1024, this.threads, this.tomcatWorkers, this.fds, this.udpSockets, this.connections);
		}

	}

}
