package dev.specter.stomp;

import java.security.Principal;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import dev.specter.PeerConnectionId;
import dev.specter.Specter;
import dev.specter.test.EventRecorder;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.messaging.simp.SimpMessageHeaderAccessor;
import org.springframework.messaging.support.AbstractMessageChannel;
import org.springframework.messaging.support.ChannelInterceptor;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.client.standard.StandardWebSocketClient;
import org.springframework.web.socket.handler.TextWebSocketHandler;

import static dev.specter.stomp.StompTestClient.type;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * STOMP isolation on Spring's simple broker, which reads a SUBSCRIBE destination with
 * {@code *}, {@code ?} or <code>{</code> as a path pattern: an attacker tries every
 * wildcard, encoded and per-session form while a victim's real connection produces events
 * (SDP, candidates, chat, stats), and forges events. Nothing leaks; listed destinations
 * and a {@link StompSubscriptionPolicy} open exactly what they say.
 */
@SpringBootTest(classes = { StompTestApplication.class, StompIsolationIT.Policy.class },
		webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "specter.ice-servers=", "specter.stomp.enabled=true", "specter.stomp.signaling.enabled=true",
				"specter.stomp.public-topic.enabled=true",
				"specter.stomp.security.allowed-subscriptions=/topic/chat/**,/queue/announcements" })
class StompIsolationIT {

	private final int port;

	private final Specter specter;

	private final EventRecorder events;

	private final StompOwnership ownership;

	private final AbstractMessageChannel clientInboundChannel;

	@Autowired
	StompIsolationIT(@LocalServerPort int port, Specter specter, EventRecorder events, StompOwnership ownership,
			@Qualifier("clientInboundChannel") AbstractMessageChannel clientInboundChannel) {
		this.port = port;
		this.specter = specter;
		this.events = events;
		this.ownership = ownership;
		this.clientInboundChannel = clientInboundChannel;
	}

	@Test
	void theGuardIsTheFirstInboundInterceptor() {
		// Before every interceptor registered through ChannelRegistration (here the test
		// application's login interceptor); Spring's brokers add an internal one of their
		// own.
		List<ChannelInterceptor> registered = this.clientInboundChannel.getInterceptors()
			.stream()
			.filter((interceptor) -> !interceptor.getClass()
				.getName()
				.startsWith("org.springframework.messaging.simp.broker."))
			.toList();
		assertThat(registered).hasSizeGreaterThan(1);
		assertThat(registered.get(0)).isInstanceOf(StompDestinationGuard.class);
	}

	@Test
	void noWildcardOrPerSessionFormReadsAnotherSessionsEvents() throws Exception {
		try (StompTestClient owner = StompTestClient.connect(this.port, "alice");
				StompTestClient attacker = StompTestClient.connect(this.port, "mallory")) {
			owner.subscribe("/user/queue/specter");
			owner.sync();
			attacker.subscribe("/user/queue/specter");
			attacker.sync();
			try (JavaBrowser browser = new JavaBrowser(this.specter, this.events, owner)) {
				PeerConnectionId pc = browser.requestConnection("victim");
				String ownerSession = this.ownership.ownerOf(pc).orElseThrow().sessionId();
				IsolationAttack attack = new IsolationAttack(attacker);
				attack.subscribeEverywhere(ownerSession, "alice", pc, "/topic", "/queue", "/app", "/user");
				attacker.sync();

				browser.negotiate(pc);
				owner.await((m) -> type("DataChannelStateChanged", pc).test(m)
						&& "open".equals(m.path("state").asString()));
				IsolationAttack.sendChat(this.specter, browser, 5);
				owner.await((m) -> type("DataChannelMessage", pc).test(m)
						&& "secret chat 4".equals(m.path("text").asString()));
				this.specter.getStats(pc).get();
				owner.await(type("StatsReported", pc));
				attack.forge(ownerSession, "alice", pc);
				attack.assertRefusedAndNothingLeaked(pc, this.specter, this.events, owner);
				assertThat(owner.messages()
					.stream()
					.filter((m) -> pc.toString().equals(m.path("peerConnection").asString()))).hasSizeGreaterThan(10);
			}
		}
	}

	@Test
	void listedDestinationsAndPoliciesAreAllowedAndNothingElse() throws Exception {
		try (StompTestClient alice = StompTestClient.connect(this.port, "alice");
				StompTestClient bob = StompTestClient.connect(this.port, "bob")) {
			for (StompTestClient client : List.of(alice, bob)) {
				client.subscribe("/user/queue/specter");
				client.subscribe("/topic/chat/room-1");
				client.subscribe("/queue/announcements");
				client.subscribe("/topic/room.42");
				client.subscribe("/topic/room.43");
				client.sync();
			}
			// The policy lets alice (only) into room 42; room 43 nobody.
			bob.await((m) -> "FORBIDDEN".equals(m.path("code").asString())
					&& m.path("message").asString().startsWith("subscribe to /topic/room.42 refused"));
			for (StompTestClient client : List.of(alice, bob)) {
				client.await((m) -> "FORBIDDEN".equals(m.path("code").asString())
						&& m.path("message").asString().startsWith("subscribe to /topic/room.43 refused"));
			}
			assertThat(alice.messages()).noneMatch((m) -> m.path("message").asString().contains("/topic/room.42"));
			bob.send("/topic/chat/room-1", "{\"type\":\"Chat\",\"text\":\"hi\"}");
			bob.send("/queue/announcements", "{\"type\":\"Announcement\"}");
			bob.send("/topic/room.42", "{\"type\":\"Room\"}");
			for (StompTestClient client : List.of(alice, bob)) {
				client.await((m) -> "Chat".equals(m.path("type").asString()));
				client.await((m) -> "Announcement".equals(m.path("type").asString()));
			}
			alice.await((m) -> "Room".equals(m.path("type").asString()));
			Awaitility.await()
				.during(Duration.ofSeconds(1))
				.atMost(Duration.ofSeconds(5))
				.until(() -> bob.messages().stream().noneMatch((m) -> "Room".equals(m.path("type").asString())));
			assertThat(alice.session().isConnected()).isTrue();
			assertThat(bob.session().isConnected()).isTrue();
		}
	}

	@Test
	void rawFramesWithoutADestinationOrWithTwoAreRefusedAndTheSessionStays() throws Exception {
		List<String> frames = new CopyOnWriteArrayList<>();
		WebSocketSession socket = new StandardWebSocketClient().execute(new TextWebSocketHandler() {

			@Override
			protected void handleTextMessage(WebSocketSession session, TextMessage message) {
				frames.add(message.getPayload());
			}

		}, "ws://127.0.0.1:" + this.port + "/ws").get(10, TimeUnit.SECONDS);
		try {
			socket.sendMessage(new TextMessage("CONNECT\naccept-version:1.2\nhost:localhost\n\n\0"));
			Awaitility.await()
				.atMost(Duration.ofSeconds(10))
				.until(() -> frames.stream().anyMatch((f) -> f.startsWith("CONNECTED")));
			socket.sendMessage(new TextMessage("SUBSCRIBE\nid:own\ndestination:/user/queue/specter\n\n\0"));
			socket.sendMessage(new TextMessage("SUBSCRIBE\nid:none\n\n\0"));
			socket.sendMessage(new TextMessage("SUBSCRIBE\nid:empty\ndestination:\n\n\0"));
			socket.sendMessage(
					new TextMessage("SUBSCRIBE\nid:two\ndestination:/user/queue/specter\ndestination:/queue/**\n\n\0"));
			socket.sendMessage(new TextMessage("SUBSCRIBE\nid:escaped\ndestination:/queue/\\c*\n\n\0"));
			socket.sendMessage(new TextMessage("SEND\ndestination:\ncontent-type:application/json\n\n{}\0"));
			socket.sendMessage(new TextMessage("SEND\ndestination:/app/specter/close\ncontent-type:application/json\n\n"
					+ "{\"requestId\":\"still-open\"}\0"));
			Awaitility.await()
				.atMost(Duration.ofSeconds(10))
				.until(() -> frames.stream().anyMatch((f) -> f.contains("still-open")));
			List<String> forbidden = frames.stream().filter((f) -> f.contains("\"FORBIDDEN\"")).toList();
			assertThat(forbidden).hasSize(5);
			assertThat(forbidden).anyMatch((f) -> f.contains("only one destination header"));
			assertThat(forbidden).filteredOn((f) -> f.contains("a destination is required")).hasSize(3);
			assertThat(frames).noneMatch((f) -> f.startsWith("ERROR"));
			assertThat(socket.isOpen()).isTrue();
		}
		finally {
			socket.close();
		}
	}

	@Configuration(proxyBeanMethods = false)
	static class Policy {

		@Bean
		StompSubscriptionPolicy roomPolicy() {
			return (destination, message) -> {
				Principal user = SimpMessageHeaderAccessor.getUser(message.getHeaders());
				return destination.equals("/topic/room.42") && user != null && "alice".equals(user.getName());
			};
		}

	}

}
