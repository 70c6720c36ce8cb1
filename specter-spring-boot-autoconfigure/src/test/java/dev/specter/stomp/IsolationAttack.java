package dev.specter.stomp;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import dev.specter.PeerConnectionId;
import dev.specter.Specter;
import dev.specter.test.EventRecorder;
import org.awaitility.Awaitility;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.messaging.simp.stomp.StompHeaders;
import org.springframework.messaging.simp.user.SimpUser;
import org.springframework.messaging.simp.user.SimpUserRegistry;

import static dev.specter.stomp.StompTestClient.type;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * An attacker's STOMP session that subscribes to every wildcard, pattern, encoded and
 * per-session form it can think of, and forges events, while a victim's real peer
 * connection (a {@link JavaBrowser}) produces events: nothing may leak, every attempt
 * gets a FORBIDDEN {@code Error}, and the attacker's session stays usable. Used on the
 * simple broker, on Artemis and on RabbitMQ.
 */
final class IsolationAttack {

	private static final String FORGED = "{\"type\":\"ConnectionStateChanged\",\"state\":\"failed\",\"forged\":true}";

	private final StompTestClient attacker;

	private final List<String> subscriptions = new ArrayList<>();

	private final List<String> sends = new ArrayList<>();

	IsolationAttack(StompTestClient attacker) {
		this.attacker = attacker;
	}

	/**
	 * Subscribes to every form, given the victim's session and connection.
	 * @param victimSession the victim's STOMP session id (its resolved queue is
	 * /queue/specter-user + this)
	 * @param victimUser the victim's user name, or null if anonymous
	 * @param pc the victim's connection (for the public topic forms)
	 * @param brokerPrefixes the broker's destination prefixes
	 */
	void subscribeEverywhere(String victimSession, String victimUser, PeerConnectionId pc, String... brokerPrefixes) {
		List<String> forms = new ArrayList<>(List.of("/**", "/*", "/#", "/>", "/queue/**", "/queue/*",
				"/queue/specter-*", "/queue/{x}", "/queue/{x:.+}", "/queue/specter-user?*", "/queue/#", "/topic/**",
				"/topic/*", "/topic/#", "/topic/*.*", "/topic/specter.*", "/topic/specter.#", "/topic/>",
				"/topic/specter.>", "/exchange/amq.topic/#", "/exchange/amq.topic/*", "/exchange/amq.topic/specter.*",
				"/exchange/amq.direct/#", "/amq/queue/*", "/user/**", "/user/queue/*", "/user/queue/specter*",
				"/user/*/queue/specter", "/app/**", "/queue/%2A", "/queue/specter-user%2A", "/topic/%23",
				"/queue/specter-user" + victimSession, "/queue/SPECTER-USER" + victimSession,
				"/queue/specter-user" + victimSession + " ", "//queue/specter-user" + victimSession,
				"/queue//specter-user" + victimSession, "/topic/../queue/specter-user" + victimSession,
				"/user/../queue/specter-user" + victimSession, "/amq/queue/specter-user" + victimSession,
				"/exchange/amq.direct/specter-user" + victimSession, "/exchange//specter-user" + victimSession,
				"/topic/simp-user-registry", "/exchange/amq.topic/simp-user-registry",
				"/topic/unresolved-user-destination", "/queue/specter", "/user/queue/specter/..",
				"/user/queue/specter ", "/USER/queue/specter", "/Queue/specter-user" + victimSession));
		if (victimUser != null) {
			forms.add("/user/" + victimUser + "/queue/specter");
		}
		for (String prefix : brokerPrefixes) {
			for (String wildcard : List.of("/**", "/*", "/#", "/*.*", "/{x}", "/?", "/>", "**", "*", "#")) {
				forms.add(prefix + wildcard);
			}
		}
		for (String destination : forms) {
			this.attacker.subscribe(destination);
			this.subscriptions.add(destination);
		}
		// An allowed destination with RabbitMQ's x-queue-name: would consume the victim's
		// queue.
		StompHeaders headers = new StompHeaders();
		headers.setDestination("/topic/specter." + pc);
		headers.set("x-queue-name", "specter-user" + victimSession);
		this.attacker.subscribe(headers);
		this.subscriptions.add("/topic/specter." + pc);
		StompHeaders durable = new StompHeaders();
		durable.setDestination("/user/queue/specter");
		durable.set("durable", "true");
		durable.set("auto-delete", "false");
		this.attacker.subscribe(durable);
		this.subscriptions.add("/user/queue/specter");
	}

	/**
	 * Sends forged events to every destination that reaches the victim or Specter's
	 * readers.
	 */
	void forge(String victimSession, String victimUser, PeerConnectionId pc) {
		List<String> forms = new ArrayList<>(List.of("/queue/specter-user" + victimSession, "/topic/specter." + pc,
				"/exchange/amq.topic/specter." + pc, "/amq/queue/specter-user" + victimSession,
				"/topic/simp-user-registry", "/topic/unresolved-user-destination", "/queue/specter",
				"/user/" + victimSession + "/queue/specter", "/topic/#", "/queue/*"));
		if (victimUser != null) {
			forms.add("/user/" + victimUser + "/queue/specter");
		}
		for (String destination : forms) {
			this.attacker.send(destination, FORGED);
			this.sends.add(destination);
		}
	}

	/**
	 * Asserts the outcome: one FORBIDDEN error per attempt, no message but errors on the
	 * attacker's own queue, nothing forged at the victim's, and a usable attacker
	 * session.
	 */
	void assertRefusedAndNothingLeaked(PeerConnectionId pc, Specter specter, EventRecorder events,
			StompTestClient... victims) throws Exception {
		// The victim's connection kept producing events; none reached the attacker.
		this.attacker.sync();
		Awaitility.await().pollDelay(Duration.ofSeconds(2)).until(() -> true);
		assertThat(leaked()).as("messages the attacker received").isEmpty();
		for (String destination : this.subscriptions) {
			this.attacker.await((m) -> isForbidden(m, "subscribe", destination), Duration.ofSeconds(30));
		}
		for (String destination : this.sends) {
			this.attacker.await((m) -> isForbidden(m, "send", destination), Duration.ofSeconds(30));
		}
		assertThat(this.attacker.received()).allSatisfy((r) -> {
			assertThat(r.destination()).isEqualTo("/user/queue/specter");
			assertThat(r.body().path("type").asString()).isEqualTo("Error");
		});
		for (StompTestClient victim : victims) {
			assertThat(victim.messages()).noneMatch((m) -> m.path("forged").asBoolean());
			assertThat(victim.messages()).anyMatch(type("IceCandidateGathered", pc));
		}
		// The attacker's session is still usable: it gets a connection of its own.
		assertThat(this.attacker.session().isConnected()).isTrue();
		assertThat(this.attacker.errorFrames()).isEmpty();
		try (JavaBrowser own = new JavaBrowser(specter, events, this.attacker)) {
			PeerConnectionId mine = own.requestConnection("attacker-own");
			assertThat(mine).isNotEqualTo(pc);
			this.attacker.send("/app/specter/close", "{\"peerConnection\":\"" + mine + "\"}");
			this.attacker.await(type("PeerConnectionClosed", mine));
		}
	}

	private List<JsonNode> leaked() {
		return this.attacker.received()
			.stream()
			.filter((r) -> !r.destination().equals("/user/queue/specter")
					|| !"Error".equals(r.body().path("type").asString()))
			.map(StompTestClient.Received::body)
			.toList();
	}

	private static boolean isForbidden(JsonNode message, String command, String destination) {
		return "Error".equals(message.path("type").asString()) && "FORBIDDEN".equals(message.path("code").asString())
				&& command.equals(message.path("command").asString())
				&& message.path("message").asString().startsWith(command + " to " + destination + " refused");
	}

	static void sendChat(Specter specter, JavaBrowser browser, int count) throws Exception {
		for (int i = 0; i < count; i++) {
			specter.sendText(browser.local(), browser.channel(), "secret chat " + i).get(10, TimeUnit.SECONDS);
		}
	}

	/**
	 * The attack across two instances relaying to one broker: a victim user with a
	 * session on each instance owns a connection held by instance A; the attacker, on
	 * instance B, tries every form while the connection produces events, then forges
	 * events.
	 * @param instanceA the instance holding the victim's connection
	 * @param instanceB the attacker's instance
	 * @param brokerPrefixes prefixes to try wildcards on
	 */
	static void acrossInstances(ConfigurableApplicationContext instanceA, ConfigurableApplicationContext instanceB,
			String... brokerPrefixes) throws Exception {
		// A fresh name: sessions of other tests stay in the other instance's registry for
		// a while.
		String victim = "victim-" + UUID.randomUUID();
		try (StompTestClient victimOnA = StompTestClient.connect(port(instanceA), victim);
				StompTestClient victimOnB = StompTestClient.connect(port(instanceB), victim);
				StompTestClient attacker = StompTestClient.connect(port(instanceB), "mallory")) {
			for (StompTestClient client : List.of(victimOnA, victimOnB, attacker)) {
				client.subscribe("/user/queue/specter");
				client.sync();
			}
			awaitSessions(instanceA, victim, 2);
			Specter specterA = instanceA.getBean(Specter.class);
			try (JavaBrowser browser = new JavaBrowser(specterA, instanceA.getBean(EventRecorder.class), victimOnA)) {
				PeerConnectionId pc = browser.requestConnection("victim");
				String victimSession = instanceA.getBean(StompOwnership.class).ownerOf(pc).orElseThrow().sessionId();
				IsolationAttack attack = new IsolationAttack(attacker);
				attack.subscribeEverywhere(victimSession, victim, pc, brokerPrefixes);
				attacker.sync();
				browser.negotiate(pc);
				victimOnB.await((m) -> type("DataChannelStateChanged", pc).test(m)
						&& "open".equals(m.path("state").asString()));
				sendChat(specterA, browser, 3);
				victimOnB.await((m) -> type("DataChannelMessage", pc).test(m)
						&& "secret chat 2".equals(m.path("text").asString()));
				attack.forge(victimSession, victim, pc);
				attack.assertRefusedAndNothingLeaked(pc, instanceB.getBean(Specter.class),
						instanceB.getBean(EventRecorder.class), victimOnA, victimOnB);
			}
		}
	}

	/**
	 * Waits until an instance's user registry knows that many sessions of the user (local
	 * or remote).
	 */
	static void awaitSessions(ConfigurableApplicationContext instance, String user, int sessions) {
		SimpUserRegistry registry = instance.getBean(SimpUserRegistry.class);
		Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> {
			SimpUser simpUser = registry.getUser(user);
			return simpUser != null && simpUser.getSessions().size() >= sessions;
		});
	}

	static int port(ConfigurableApplicationContext context) {
		return ((WebServerApplicationContext) context).getWebServer().getPort();
	}

}
