package dev.specter.sample;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.specter.PeerConnectionId;
import dev.specter.Specter;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WindowType;
import org.openqa.selenium.support.ui.WebDriverWait;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.messaging.simp.user.SimpUser;
import org.springframework.messaging.simp.user.SimpUserRegistry;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two instances of the sample with {@code sample.broker=relay} against a private RabbitMQ
 * node (Debian's rabbitmq-server with its STOMP plugin, started on 127.0.0.1 by this test
 * and stopped after), as README.md runs them: a user's connection lives on one instance,
 * and its events reach that user's session on the other instance through the broker; in
 * real Chromium pages, each page sees the user's connection on the other instance. The
 * relay's CONNECT uses {@code setVirtualHost("/")}: without it RabbitMQ refuses the
 * system session.
 */
class SampleAppRelayIT {

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	/** Spring's user registry broadcast is periodic: allow a few rounds. */
	private static final Duration REGISTRY_TIMEOUT = Duration.ofSeconds(60);

	private static RabbitMqNode rabbit;

	private static ConfigurableApplicationContext first;

	private static ConfigurableApplicationContext second;

	@BeforeAll
	static void start() throws Exception {
		rabbit = RabbitMqNode.start();
		first = instance();
		second = instance();
	}

	@AfterAll
	static void stop() throws Exception {
		try {
			for (ConfigurableApplicationContext context : new ConfigurableApplicationContext[] { first, second }) {
				if (context != null) {
					context.close();
				}
			}
		}
		finally {
			if (rabbit != null) {
				rabbit.close();
			}
		}
	}

	private static ConfigurableApplicationContext instance() {
		return new SpringApplicationBuilder(SampleApplication.class).run("--server.port=0",
				"--management.server.port=0", "--sample.broker=relay", "--sample.relay.port=" + rabbit.stompPort());
	}

	@Test
	void usersEventsReachItsSessionOnTheOtherInstance() throws Exception {
		DemoLogin adaOnSecond = new DemoLogin(port(second)).logInAsAda();
		StompFrames watcher = adaOnSecond.stomp();
		StompFrames creator = null;
		try {
			watcher.send("SUBSCRIBE", Map.of("id", "0", "destination", "/user/queue/specter"), "");
			// The first instance learns of ada's session on the second from the registry
			// broadcast.
			awaitSessions(first, DemoLogin.ADA, 1);

			creator = new DemoLogin(port(first)).logInAsAda().stomp();
			creator.send("SUBSCRIBE", Map.of("id", "0", "destination", "/user/queue/specter"), "");
			creator.send("SEND", Map.of("destination", "/app/specter/connect"), "{\"requestId\":\"relay\"}");
			String created = creator.seenOrNext((frame) -> frame.contains("\"type\":\"Created\""), TIMEOUT);
			assertThat(created).as(rabbit::log).contains("\"type\":\"Created\"");
			String id = created.substring(created.indexOf("\"peerConnection\":\"") + 18);
			PeerConnectionId pc = PeerConnectionId.of(id.substring(0, id.indexOf('"')));
			assertThat(first.getBean(Specter.class).peerConnectionExists(pc)).isTrue();
			assertThat(second.getBean(Specter.class).peerConnectionExists(pc)).isFalse();

			// The connection lives on the first instance; its events reach ada's session
			// on the second.
			String event = watcher.nextMatching((frame) -> frame.contains(pc.toString()), TIMEOUT);
			assertThat(event).as(rabbit::log).startsWith("MESSAGE\n").contains("\"type\":\"PeerConnectionReady\"");
		}
		finally {
			watcher.close();
			if (creator != null) {
				creator.close();
			}
		}
	}

	@Test
	void brokerDestinationsAndWildcardsAreRefusedWithTheRelay() throws Exception {
		DemoLogin bob = new DemoLogin(port(second));
		assertThat(bob.logIn("bob", "bob-demo-password")).doesNotContain("error");
		for (String destination : List.of("/topic/simp-user-registry", "/topic/#", "/topic/*", "/queue/*", "/queue/**",
				"/topic/unresolved-user-destination", "/queue/specter-user*")) {
			StompFrames spy = bob.stomp();
			try {
				SampleAppSecurityIT.attack(spy, destination);
				SampleAppSecurityIT.assertRefused(spy, destination);
			}
			finally {
				spy.close();
			}
		}
	}

	@Test
	void pagesOnTwoInstancesSeeTheUsersConnectionOnTheOtherInstance() throws Exception {
		try (HeadlessChromium chromium = new HeadlessChromium()) {
			// Two host names, so that the browser keeps one session cookie per instance.
			String onFirst = openAndConnect(chromium, "http://localhost:" + port(first));
			String firstTab = chromium.driver().getWindowHandle();
			chromium.driver().switchTo().newWindow(WindowType.TAB);
			String onSecond = openAndConnect(chromium, "http://127.0.0.1:" + port(second));
			assertThat(first.getBean(Specter.class).peerConnectionExists(PeerConnectionId.of(onFirst))).isTrue();
			assertThat(second.getBean(Specter.class).peerConnectionExists(PeerConnectionId.of(onSecond))).isTrue();

			// Each page gets the events of ada's connection on the other instance (its
			// stats, each second).
			awaitOtherConnection(chromium, onFirst);
			chromium.driver().switchTo().window(firstTab);
			awaitOtherConnection(chromium, onSecond);
		}
	}

	private static String openAndConnect(HeadlessChromium chromium, String base) {
		chromium.openAndLogIn(base, DemoLogin.ADA, DemoLogin.ADA_PASSWORD);
		chromium.driver().findElement(By.id("connect")).click();
		new WebDriverWait(chromium.driver(), TIMEOUT)
			.until((d) -> "open".equals(d.findElement(By.id("dc-state")).getText()));
		return (String) chromium.script("return window.sample.pcId;");
	}

	private static void awaitOtherConnection(HeadlessChromium chromium, String pc) {
		new WebDriverWait(chromium.driver(), REGISTRY_TIMEOUT).until((d) -> Boolean.TRUE
			.equals(chromium.script("return Object.keys(window.sample.otherConnections).includes('" + pc + "');")));
		assertThat(chromium.driver().findElement(By.id("others")).getText()).doesNotStartWith("0");
	}

	private static void awaitSessions(ConfigurableApplicationContext context, String user, int atLeast) {
		SimpUserRegistry registry = context.getBean(SimpUserRegistry.class);
		Awaitility.await().atMost(REGISTRY_TIMEOUT).until(() -> {
			SimpUser simpUser = registry.getUser(user);
			return simpUser != null && simpUser.getSessions().size() >= atLeast;
		});
	}

	private static int port(ConfigurableApplicationContext context) {
		return Integer.parseInt(context.getEnvironment().getProperty("local.server.port"));
	}

}
