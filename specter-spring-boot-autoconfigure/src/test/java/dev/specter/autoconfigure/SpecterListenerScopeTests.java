package dev.specter.autoconfigure;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.specter.PeerConnectionId;
import dev.specter.Specter;
import dev.specter.SpecterFactory;
import dev.specter.SpecterId;
import dev.specter.SpecterListener;
import dev.specter.event.PeerConnectionReady;
import dev.specter.event.SpecterEvent;
import dev.specter.test.FakeSpecterFactory;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code @SpecterListener(specter = ...)} delivers only the events of the named Specter
 * bean; without it a method gets every instance's events. The real two-instance case is
 * {@code ListenerScopingIT}.
 */
class SpecterListenerScopeTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(SpecterAutoConfiguration.class))
		.withBean(SpecterFactory.class, FakeSpecterFactory::new)
		.withUserConfiguration(Listeners.class);

	@Test
	void aScopedListenerGetsOnlyTheEventsOfItsBean() {
		this.runner.run((context) -> {
			SpecterId bean = context.getBean(Specter.class).id();
			Specter other = context.getBean(SpecterFactory.class).create(null);
			SpecterEvent ofBean = new PeerConnectionReady(bean, PeerConnectionId.random());
			SpecterEvent ofOther = new PeerConnectionReady(other.id(), PeerConnectionId.random());
			context.publishEvent(ofBean);
			context.publishEvent(ofOther);
			Listeners listeners = context.getBean(Listeners.class);
			assertThat(listeners.scoped).containsExactly(ofBean);
			assertThat(listeners.unscoped).containsExactly(ofBean, ofOther);
		});
	}

	@Test
	void aScopeNamingNoSpecterBeanFailsTheStart() {
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(SpecterAutoConfiguration.class))
			.withBean(SpecterFactory.class, FakeSpecterFactory::new)
			.withUserConfiguration(Misnamed.class)
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("roomSpecter"));
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(SpecterAutoConfiguration.class))
			.withBean(SpecterFactory.class, FakeSpecterFactory::new)
			.withUserConfiguration(Misnamed.class)
			.withBean("roomSpecter", String.class, () -> "not a Specter")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.hasStackTraceContaining("@SpecterListener(specter = \"roomSpecter\")"));
	}

	@Configuration(proxyBeanMethods = false)
	static class Listeners {

		final List<SpecterEvent> scoped = new CopyOnWriteArrayList<>();

		final List<SpecterEvent> unscoped = new CopyOnWriteArrayList<>();

		@SpecterListener(specter = "specter")
		void scoped(SpecterEvent event) {
			this.scoped.add(event);
		}

		@SpecterListener
		void unscoped(SpecterEvent event) {
			this.unscoped.add(event);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class Misnamed {

		@Bean
		Object misnamedListener() {
			return new Object() {

				@SpecterListener(specter = "roomSpecter")
				void on(SpecterEvent event) {
				}

			};
		}

	}

}
