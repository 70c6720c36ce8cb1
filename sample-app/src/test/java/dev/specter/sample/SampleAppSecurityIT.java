package dev.specter.sample;

import java.net.URI;
import java.net.http.HttpResponse;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionException;

import dev.specter.PeerConnectionId;
import dev.specter.Specter;
import dev.specter.stomp.StompOwner;
import dev.specter.stomp.StompOwnership;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * The sample's login and its WebSocket/STOMP protections, tried as an attacker's script
 * would, over a real WebSocket: no handshake without a login, none from another origin,
 * no STOMP session without the CSRF token, no subscription outside the user's own queue;
 * and a logged-in user's connection is owned by that user.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class SampleAppSecurityIT {

	private static final Duration TIMEOUT = Duration.ofSeconds(20);

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final int port;

	private final StompOwnership ownership;

	private final Specter specter;

	@Autowired
	SampleAppSecurityIT(@LocalServerPort int port, StompOwnership ownership, Specter specter) {
		this.port = port;
		this.ownership = ownership;
		this.specter = specter;
	}

	@Test
	void pageNeedsALoginAndAWrongPasswordIsRefused() throws Exception {
		DemoLogin anonymous = new DemoLogin(this.port);
		HttpResponse<String> page = anonymous.get("/");
		assertThat(page.statusCode()).isEqualTo(302);
		assertThat(page.headers().firstValue("Location")).hasValueSatisfying((l) -> assertThat(l).endsWith("/login"));
		assertThat(anonymous.get("/session").statusCode()).isEqualTo(302);
		assertThat(anonymous.logIn(DemoLogin.ADA, "not-the-password")).endsWith("/login?error");
		assertThat(anonymous.get("/").statusCode()).isEqualTo(302);

		DemoLogin ada = new DemoLogin(this.port).logInAsAda();
		assertThat(ada.get("/").body()).contains("Specter sample");
		assertThat(ada.get("/session").body()).contains("\"user\":\"ada\"").contains("csrfToken");
		// The browser libraries come from WebJars, by version-less URLs.
		assertThat(ada.get("/webjars/stomp__stompjs/bundles/stomp.umd.min.js").statusCode()).isEqualTo(200);
		assertThat(ada.get("/webjars/chart.js/dist/chart.umd.js").statusCode()).isEqualTo(200);
	}

	@Test
	void webSocketHandshakeWithoutLoginIsRefused() {
		Throwable failure = catchThrowable(
				() -> StompFrames.open(new DemoLogin(this.port).client(), wsUri(), Map.of("Origin", origin())));
		assertThat(failure).isInstanceOf(CompletionException.class)
			.hasCauseInstanceOf(WebSocketHandshakeException.class);
		int status = ((WebSocketHandshakeException) failure.getCause()).getResponse().statusCode();
		assertThat(status).isEqualTo(302); // to the login page
	}

	@Test
	void webSocketHandshakeFromAnotherOriginIsRefused() throws Exception {
		DemoLogin ada = new DemoLogin(this.port).logInAsAda();
		Throwable failure = catchThrowable(
				() -> StompFrames.open(ada.client(), wsUri(), Map.of("Origin", "http://attacker.example")));
		assertThat(failure).isInstanceOf(CompletionException.class)
			.hasCauseInstanceOf(WebSocketHandshakeException.class);
		assertThat(((WebSocketHandshakeException) failure.getCause()).getResponse().statusCode()).isEqualTo(403);
	}

	@Test
	void stompConnectNeedsTheCsrfToken() throws Exception {
		DemoLogin ada = new DemoLogin(this.port).logInAsAda();
		Map<String, String> forged = Map.of("accept-version", "1.2", "host", "127.0.0.1", "X-CSRF-TOKEN", "forged");
		for (Map<String, String> headers : List.of(Map.of("accept-version", "1.2", "host", "127.0.0.1"), forged)) {
			Set<PeerConnectionId> before = Set.copyOf(this.specter.peerConnections());
			StompFrames stomp = StompFrames.open(ada.client(), wsUri(), Map.of("Origin", origin()));
			try {
				stomp.send("CONNECT", headers, "");
				// Frames sent right behind it, before the refusal: none of them may be
				// processed.
				stomp.send("SUBSCRIBE", Map.of("id", "0", "destination", "/user/queue/specter"), "");
				stomp.send("SEND", Map.of("destination", "/app/specter/connect"), "{\"requestId\":\"csrf\"}");
				// Spring Security refuses the CONNECT: an ERROR frame, then the WebSocket
				// closes.
				assertThat(stomp.next(TIMEOUT)).as(headers.toString())
					.startsWith("ERROR\n")
					.contains("CONNECT refused");
				assertThat(stomp.next(TIMEOUT)).as(headers.toString()).isEqualTo(StompFrames.CLOSED);
				assertThat(this.specter.peerConnections()).isSubsetOf(before);
			}
			finally {
				stomp.close();
			}
		}
	}

	@Test
	void loggedInUserOwnsItsConnectionAndWildcardSubscriptionsGetNothing() throws Exception {
		DemoLogin ada = new DemoLogin(this.port).logInAsAda();
		// Another client (here another user) tries every wildcard form and the user
		// registry topic.
		DemoLogin bob = new DemoLogin(this.port);
		assertThat(bob.logIn("bob", "bob-demo-password")).doesNotContain("error");
		List<String> destinations = List.of("/queue/**", "/queue/*", "/queue/specter-*", "/queue/{x}", "/topic/**",
				"/topic/simp-user-registry", "/user/queue/*", "/user/ada/queue/specter", "/queue/specter-user*");
		List<StompFrames> spies = new ArrayList<>();
		for (String destination : destinations) {
			StompFrames spy = bob.stomp();
			attack(spy, destination);
			spies.add(spy);
		}
		StompFrames stomp = ada.stomp();
		try {
			stomp.send("SUBSCRIBE", Map.of("id", "0", "destination", "/user/queue/specter"), "");
			stomp.send("SEND", Map.of("destination", "/app/specter/connect", "content-type", "application/json"),
					"{\"requestId\":\"r1\"}");
			String created = stomp.nextMatching((frame) -> frame.contains("\"type\":\"Created\""), TIMEOUT);
			assertThat(created).startsWith("MESSAGE\n").contains("\"type\":\"Created\"");
			JsonNode body = JSON.readTree(created.substring(created.indexOf("\n\n") + 2));
			PeerConnectionId pc = PeerConnectionId.of(body.get("peerConnection").asString());
			// The owner is the user, not an anonymous session.
			assertThat(this.ownership.ownerOf(pc)).get().extracting(StompOwner::user).isEqualTo(DemoLogin.ADA);
			// Ada gets her connection's events; none of Bob's subscriptions gets
			// anything.
			assertThat(stomp.seenOrNext((frame) -> frame.contains("\"type\":\"PeerConnectionReady\""), TIMEOUT))
				.contains(pc.toString());
			// Each of Bob's subscriptions was refused: none got a message.
			for (int i = 0; i < spies.size(); i++) {
				assertRefused(spies.get(i), destinations.get(i));
			}
		}
		finally {
			stomp.close();
			spies.forEach(StompFrames::close);
		}
	}

	/**
	 * Subscribes a spy session to its own queue (allowed) and then to an attacker's
	 * destination (subscription id {@code spy}).
	 */
	static void attack(StompFrames spy, String destination) {
		spy.send("SUBSCRIBE", Map.of("id", "own", "destination", "/user/queue/specter"), "");
		spy.send("SUBSCRIBE", Map.of("id", "spy", "destination", destination), "");
	}

	/**
	 * The spy's SUBSCRIBE was refused, and its subscription got nothing. Two refusals are
	 * right: Specter's destination guard (first among the inbound interceptors) drops the
	 * frame and answers with a typed {@code Error} ({@code FORBIDDEN}) on the session's
	 * own queue, keeping the session open; Spring Security's rules answer with a STOMP
	 * ERROR and the session closes (Spring may close the WebSocket before the ERROR frame
	 * goes out).
	 */
	static void assertRefused(StompFrames stomp, String destination) throws InterruptedException {
		String frame = stomp.nextMatching((candidate) -> candidate.startsWith("ERROR\n")
				|| candidate.contains("\"code\":\"FORBIDDEN\"") || candidate.contains("subscription:spy"), TIMEOUT);
		assertThat(frame).as(destination).isNotNull().doesNotContain("subscription:spy");
		if (frame.startsWith("ERROR\n")) {
			assertThat(frame).as(destination).contains("SUBSCRIBE refused");
			assertThat(stomp.next(TIMEOUT)).as(destination).isEqualTo(StompFrames.CLOSED);
		}
		else if (!StompFrames.CLOSED.equals(frame)) {
			assertThat(frame).as(destination).startsWith("MESSAGE\n").contains("\"command\":\"subscribe\"");
			// The session stays open, and its refused subscription receives nothing.
			String leak = stomp.nextMatching((candidate) -> candidate.contains("subscription:spy"),
					Duration.ofSeconds(1));
			assertThat(leak).as(destination).isNull();
		}
	}

	private URI wsUri() {
		return URI.create("ws://127.0.0.1:" + this.port + "/ws");
	}

	private String origin() {
		return "http://127.0.0.1:" + this.port;
	}

}
