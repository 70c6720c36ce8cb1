package dev.specter.dispatch;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.specter.PeerConnectionId;
import dev.specter.SpecterId;
import dev.specter.event.NegotiationNeeded;
import dev.specter.event.PeerConnectionReady;
import dev.specter.event.SpecterEvent;
import org.junit.jupiter.api.Test;

import org.springframework.context.PayloadApplicationEvent;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.event.EventListener;
import org.springframework.context.support.GenericApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Events of a class no listener wants are not posted, as a real application context's
 * multicaster tells; a listener added later gets them again; a publisher that is not a
 * context gets everything.
 */
class ListenerInterestTests {

	private final SpecterId specter = SpecterId.random();

	private final PeerConnectionId pc = PeerConnectionId.random();

	@Test
	void anEventClassWithoutListenersIsNotWantedOnceItsFirstEventWasPublished() {
		try (AnnotationConfigApplicationContext context = new AnnotationConfigApplicationContext(ReadyListener.class);
				EventDispatcher dispatcher = new EventDispatcher(context, 2, 100)) {
			ReadyListener listener = context.getBean(ReadyListener.class);
			SpecterEvent ready = new PeerConnectionReady(this.specter, this.pc);
			SpecterEvent negotiation = new NegotiationNeeded(this.specter, this.pc);
			assertThat(dispatcher.wants(ready)).isTrue();
			assertThat(dispatcher.wants(negotiation)).isTrue();
			dispatcher.publish(ready);
			dispatcher.publish(negotiation);
			assertThat(listener.received).containsExactly(ready);
			assertThat(dispatcher.wants(ready)).isTrue();
			assertThat(dispatcher.wants(negotiation)).isFalse();

			List<Object> late = new CopyOnWriteArrayList<>();
			context.addApplicationListener(
					(PayloadApplicationEvent<NegotiationNeeded> event) -> late.add(event.getPayload()));
			assertThat(dispatcher.wants(negotiation)).isTrue();
			dispatcher.publish(negotiation);
			assertThat(late).containsExactly(negotiation);
			assertThat(dispatcher.wants(negotiation)).isTrue();
		}
	}

	@Test
	void aListenerOfEverySpecterEventWantsEveryClass() {
		try (AnnotationConfigApplicationContext context = new AnnotationConfigApplicationContext(AllListener.class);
				EventDispatcher dispatcher = new EventDispatcher(context, 2, 100)) {
			SpecterEvent negotiation = new NegotiationNeeded(this.specter, this.pc);
			dispatcher.publish(negotiation);
			assertThat(dispatcher.wants(negotiation)).isTrue();
			assertThat(context.getBean(AllListener.class).received).containsExactly(negotiation);
		}
	}

	@Test
	void aChildContextPublishesEverythingBecauseItsParentMayListen() {
		try (GenericApplicationContext parent = new AnnotationConfigApplicationContext(AllListener.class);
				AnnotationConfigApplicationContext child = new AnnotationConfigApplicationContext()) {
			child.setParent(parent);
			child.refresh();
			try (EventDispatcher dispatcher = new EventDispatcher(child, 2, 100)) {
				SpecterEvent negotiation = new NegotiationNeeded(this.specter, this.pc);
				dispatcher.publish(negotiation);
				assertThat(dispatcher.wants(negotiation)).isTrue();
				assertThat(parent.getBean(AllListener.class).received).containsExactly(negotiation);
			}
		}
	}

	@Test
	void anUnwantedEventIsNotPostedToTheMailbox() {
		try (AnnotationConfigApplicationContext context = new AnnotationConfigApplicationContext(ReadyListener.class);
				EventDispatcher dispatcher = new EventDispatcher(context, 2, 100)) {
			Mailbox mailbox = dispatcher.newMailbox("test");
			SpecterEvent negotiation = new NegotiationNeeded(this.specter, this.pc);
			dispatcher.publish(negotiation);
			List<SpecterEvent> posted = new CopyOnWriteArrayList<>();
			for (SpecterEvent event : List.of(negotiation, new PeerConnectionReady(this.specter, this.pc))) {
				if (dispatcher.wants(event)) {
					mailbox.post(() -> posted.add(event), true, "event");
				}
			}
			await().atMost(Duration.ofSeconds(10)).until(() -> posted.size() == 1);
			assertThat(posted.get(0)).isInstanceOf(PeerConnectionReady.class);
		}
	}

	static class ReadyListener {

		final List<SpecterEvent> received = new CopyOnWriteArrayList<>();

		@EventListener
		void on(PeerConnectionReady event) {
			this.received.add(event);
		}

	}

	static class AllListener {

		final List<SpecterEvent> received = new CopyOnWriteArrayList<>();

		@EventListener
		void on(SpecterEvent event) {
			this.received.add(event);
		}

	}

}
