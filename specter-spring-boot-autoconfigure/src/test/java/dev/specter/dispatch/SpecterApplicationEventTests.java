package dev.specter.dispatch;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.specter.DataChannelId;
import dev.specter.PeerConnectionId;
import dev.specter.SpecterId;
import dev.specter.event.DataChannelCreated;
import dev.specter.event.OfferCreated;
import dev.specter.event.SpecterEvent;
import dev.specter.signaling.SdpType;
import dev.specter.signaling.SessionDescription;
import org.junit.jupiter.api.Test;

import org.springframework.context.ApplicationListener;
import org.springframework.context.PayloadApplicationEvent;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.EventListener;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Events travel as {@link SpecterApplicationEvent} (a payload event with a cached generic
 * type): every way Spring lets an application listen must still match exactly as for
 * Spring's own payload events. No native code.
 */
class SpecterApplicationEventTests {

	@Test
	void typedConditionalCatchAllAndPayloadEventListenersAllMatch() {
		try (AnnotationConfigApplicationContext context = new AnnotationConfigApplicationContext(Listeners.class)) {
			Listeners listeners = context.getBean(Listeners.class);
			SpecterId specter = SpecterId.random();
			PeerConnectionId pc = PeerConnectionId.random();
			DataChannelCreated wanted = new DataChannelCreated(specter, pc, DataChannelId.random(), "wanted");
			DataChannelCreated other = new DataChannelCreated(specter, pc, DataChannelId.random(), "other");
			OfferCreated offer = new OfferCreated(specter, pc, new SessionDescription(SdpType.OFFER, "v=0"));
			for (SpecterEvent event : List.of(wanted, other, offer)) {
				context.publishEvent(new SpecterApplicationEvent(context, event));
			}
			assertThat(listeners.conditional).containsExactly(wanted);
			assertThat(listeners.channels).containsExactly(wanted, other);
			assertThat(listeners.all).containsExactly(wanted, other, offer);
			assertThat(context.getBean(OfferListener.class).offers).containsExactly(offer);
			// The same events published the way Spring wraps them itself reach the same
			// listeners.
			context.publishEvent(wanted);
			assertThat(listeners.conditional).containsExactly(wanted, wanted);
			assertThat(context.getBean(OfferListener.class).offers).containsExactly(offer);
		}
	}

	@Configuration
	static class Listeners {

		final List<SpecterEvent> conditional = new CopyOnWriteArrayList<>();

		final List<SpecterEvent> channels = new CopyOnWriteArrayList<>();

		final List<SpecterEvent> all = new CopyOnWriteArrayList<>();

		@EventListener(condition = "#event.label() == 'wanted'")
		void onWanted(DataChannelCreated event) {
			this.conditional.add(event);
		}

		@EventListener
		void onChannel(DataChannelCreated event) {
			this.channels.add(event);
		}

		@EventListener
		void onAny(SpecterEvent event) {
			if (this.all.size() < 3) {
				this.all.add(event);
			}
		}

		@Bean
		OfferListener offerListener() {
			return new OfferListener();
		}

	}

	static class OfferListener implements ApplicationListener<PayloadApplicationEvent<OfferCreated>> {

		final List<OfferCreated> offers = new CopyOnWriteArrayList<>();

		@Override
		public void onApplicationEvent(PayloadApplicationEvent<OfferCreated> event) {
			this.offers.add(event.getPayload());
		}

	}

}
