package dev.specter.test;

import dev.specter.Specter;
import org.junit.jupiter.api.BeforeEach;

import org.springframework.beans.factory.annotation.Autowired;

/**
 * What most {@link SpecterIntegrationTest integration tests} work with: the
 * auto-configured {@link Specter}, the {@link EventRecorder} that sees its events and the
 * {@link CandidateRelay} that trickles candidates between loopback peers. Set before each
 * test (and before the subclass's own {@code @BeforeEach} methods).
 */
public abstract class SpecterIntegrationTestSupport {

	protected Specter specter;

	protected EventRecorder events;

	protected CandidateRelay relay;

	@BeforeEach
	protected void injectSpecter(@Autowired Specter specter, @Autowired EventRecorder events,
			@Autowired CandidateRelay relay) {
		this.specter = specter;
		this.events = events;
		this.relay = relay;
	}

}
