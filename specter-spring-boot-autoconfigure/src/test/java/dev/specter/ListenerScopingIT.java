package dev.specter;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import dev.specter.event.DataChannelMessage;
import dev.specter.event.SpecterEvent;
import dev.specter.test.CandidateRelay;
import dev.specter.test.ConnectedPair;
import dev.specter.test.EventRecorder;
import dev.specter.test.TestApplication;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two real instances, the auto-configured bean and one made by the factory, each with a
 * connected pair: the README's echo pattern, scoped to the bean with
 * {@code @SpecterListener(specter = "specter")}, answers the bean's connections and never
 * sees the other instance's (which it cannot serve: before scoping it failed there with
 * {@link NotFoundException}); an unscoped listener still sees both.
 */
@SpringBootTest(classes = { TestApplication.class, ListenerScopingIT.Listeners.class },
		properties = "specter.ice-servers=")
class ListenerScopingIT {

	private final Specter specter;

	private final SpecterFactory factory;

	private final EventRecorder events;

	private final CandidateRelay relay;

	private final Listeners listeners;

	@Autowired
	ListenerScopingIT(Specter specter, SpecterFactory factory, EventRecorder events, CandidateRelay relay,
			Listeners listeners) {
		this.specter = specter;
		this.factory = factory;
		this.events = events;
		this.relay = relay;
		this.listeners = listeners;
	}

	@Test
	void aListenerScopedToTheBeanNeverSeesTheOtherInstance() throws Exception {
		Specter room = this.factory.create(new SpecterConfig(null, null, null, null, null));
		try {
			assertThat(this.factory.find(room.id())).containsSame(room);
			ConnectedPair ofBean = ConnectedPair.open(this.specter, this.events, this.relay);
			ConnectedPair ofRoom = ConnectedPair.open(room, this.events, this.relay);
			room.sendText(ofRoom.a(), ofRoom.channelA(), "ping room").get(10, TimeUnit.SECONDS);
			this.events.await(DataChannelMessage.class, ofRoom.b(), (m) -> m.text().equals("ping room"));
			this.specter.sendText(ofBean.a(), ofBean.channelA(), "ping bean").get(10, TimeUnit.SECONDS);
			this.events.await(DataChannelMessage.class, ofBean.a(), (m) -> m.text().equals("echo: ping bean"),
					Duration.ofSeconds(15));

			// The unscoped recorder saw both instances; the scoped listener only the
			// bean.
			assertThat(this.events.events(SpecterEvent.class, ofRoom.b())).isNotEmpty()
				.allSatisfy((e) -> assertThat(e.specter()).isEqualTo(room.id()));
			assertThat(this.listeners.scoped).isNotEmpty()
				.allSatisfy((e) -> assertThat(e.specter()).isEqualTo(this.specter.id()));
			assertThat(this.listeners.scoped).anySatisfy((e) -> assertThat(e.peerConnection()).isEqualTo(ofBean.b()));
			assertThat(this.listeners.scoped)
				.noneSatisfy((e) -> assertThat(e.peerConnection()).isIn(ofRoom.a(), ofRoom.b()));
			// The echo never answered on the room's connection, and nothing failed.
			assertThat(this.events.events(DataChannelMessage.class, ofRoom.a())).isEmpty();
			assertThat(this.listeners.failures).isEmpty();
			ofRoom.close();
			ofBean.close();
		}
		finally {
			room.close();
		}
	}

	@Configuration(proxyBeanMethods = false)
	static class Listeners {

		final List<SpecterEvent> scoped = new CopyOnWriteArrayList<>();

		final List<Throwable> failures = new CopyOnWriteArrayList<>();

		private final Specter specter;

		Listeners(Specter specter) {
			this.specter = specter;
		}

		@Bean
		SpecterErrorHandler recordingErrorHandler() {
			return (event, listener, failure) -> this.failures.add(failure);
		}

		/** The README's echo, on the injected bean, scoped to it. */
		@SpecterListener(specter = "specter")
		void echo(DataChannelMessage message) {
			if (!message.binary() && message.text().startsWith("ping")) {
				this.specter.sendText(message.peerConnection(), message.channel(), "echo: " + message.text());
			}
		}

		@SpecterListener(specter = "specter")
		void record(SpecterEvent event) {
			this.scoped.add(event);
		}

	}

}
