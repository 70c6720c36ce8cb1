package dev.specter.stomp;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The destination rules, attacked with every form of destination an attacker would try.
 */
class StompDestinationRulesTests {

	private static final String SESSION = "3f2a9c1e-5b7d-4e8f-9a0b-1c2d3e4f5a6b";

	private final StompDestinationRules rules = new StompDestinationRules("/user/", "/queue/specter", "/topic/specter.",
			List.of("/topic/chat/**", "/topic/news"),
			List.of("/topic/simp-user-registry", "/topic/unresolved-user-destination"));

	@Test
	void specterDestinationsAndListedOnesAreAllowed() {
		for (String destination : List.of("/user/queue/specter", "/topic/specter.6f1c0d3e-1111-2222-3333-444455556666",
				"/topic/chat/room-1", "/topic/chat/a/b", "/topic/news")) {
			assertThat(this.rules.subscribeRefusal(destination)).as(destination).isNull();
			assertThat(this.rules.isAllowedSubscription(destination)).as(destination).isTrue();
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "/queue/specter", "/queue/other", "/topic/newsx", "/topic/news/x", "/topic/chatroom",
			"/user/queue/other", "/USER/queue/specter", "/user/queue/Specter", "/user/queue/specter/x",
			"/exchange/amq.topic/specter.x", "/amq/queue/specter", "/temp-queue/x", "/topic/specterx",
			"/Topic/specter.x", "/user/alice/queue/specter" })
	void unlistedPlainDestinationsAreNotAllowed(String destination) {
		assertThat(this.rules.subscribeRefusal(destination)).isNull();
		assertThat(this.rules.isAllowedSubscription(destination)).isFalse();
	}

	@ParameterizedTest
	@ValueSource(strings = { "/queue/**", "/queue/*", "/queue/specter-*", "/queue/{x}", "/queue/{x:.*}", "/**", "/*",
			"/topic/**", "/topic/#", "/topic/*", "/topic/specter.#", "/topic/specter.*", "/exchange/amq.topic/#",
			"/exchange/amq.topic/*.x", "/user/queue/**", "/user/queue/specter*", "/user/**", "/app/**", "/topic/chat/*",
			"/topic/chat/?", "/topic/>", "/topic/specter.>", "/queue/specter-user?", "/topic/chat/%2A",
			"/topic/chat/%2a", "/queue/specter-user%2A", "/user/queue/specter ", " /user/queue/specter",
			"/user/queue/specter\t", "/user/queue/specter\n", "/user/queue/spec ter", "/user/queue/specter\u00a0",
			"/user/queue/specter\u0000", "//user/queue/specter", "/user//queue/specter", "/topic/chat/../x",
			"/topic/chat/..", "/topic/specter..x", "/user/queue/specter/.", "/user/queue/specter/", "/topic/chat/./x",
			"/topic/chat\\/x", "", "user/queue/specter", "topic/#", "#", "*", "/queue/specter-user" + SESSION,
			"/queue/SPECTER-USER" + SESSION, "/amq/queue/specter-user" + SESSION,
			"/exchange/amq.direct/specter-user" + SESSION, "/user/queue/specter-user" + SESSION,
			"/topic/chat/specter-user" + SESSION, "/topic/simp-user-registry", "/exchange/amq.topic/simp-user-registry",
			"/topic/unresolved-user-destination", "/topic/chat/simp-user-registry" })
	void patternsEncodedFormsPerSessionAndReservedDestinationsAreAlwaysRefused(String destination) {
		assertThat(this.rules.subscribeRefusal(destination)).as("subscribe %s", destination).isNotBlank();
		assertThat(this.rules.sendRefusal(destination)).as("send %s", destination).isNotBlank();
	}

	@Test
	void nullDestinationIsRefused() {
		assertThat(this.rules.subscribeRefusal(null)).isNotBlank();
		assertThat(this.rules.sendRefusal(null)).isNotBlank();
	}

	@ParameterizedTest
	@ValueSource(strings = { "/topic/specter.6f1c0d3e-1111-2222-3333-444455556666", "/user/alice/queue/specter",
			"/user/alice%2Fbob/queue/specter", "/user/queue/specter", "/user/alice/queue/specter-user" + SESSION,
			"/queue/specter", "/exchange/amq.topic/chat", "/amq/queue/chat" })
	void sendingToWhatOnlySpecterOrTheBrokerWritesIsRefused(String destination) {
		assertThat(this.rules.sendRefusal(destination)).isNotBlank();
	}

	@ParameterizedTest
	@ValueSource(strings = { "/app/specter/offer", "/app/chat", "/topic/chat/room-1", "/user/alice/queue/chat",
			"/queue/specterx" })
	void sendingToOtherPlainDestinationsIsAllowed(String destination) {
		assertThat(this.rules.sendRefusal(destination)).isNull();
	}

	@Test
	void withoutThePublicTopicItIsNotAllowed() {
		StompDestinationRules noTopic = new StompDestinationRules("/user", "queue/specter", null, List.of(), List.of());
		assertThat(noTopic.allowedSubscriptions()).containsExactly("/user/queue/specter");
		assertThat(noTopic.isAllowedSubscription("/topic/specter.x")).isFalse();
		assertThat(noTopic.isAllowedSubscription("/user/queue/specter")).isTrue();
	}

}
