package dev.specter;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

import dev.specter.test.CandidateRelay;
import dev.specter.test.EchoBot;
import dev.specter.test.EventRecorder;
import dev.specter.test.TestApplication;
import dev.specter.worker.WorkerSpecterFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every scenario of {@link DataChannelIT} with the engine in worker processes
 * ({@code specter.engine.isolation=workers}): both peers of each pair are connections of
 * the application's Specter, held by the workers, so calls, events (in order per
 * connection), futures, chunked sends and back-pressure cross the worker protocol.
 */
@SpringBootTest(classes = TestApplication.class,
		properties = { "specter.ice-servers=", "specter.engine.isolation=workers", "specter.engine.workers=2" })
class WorkerModeDataChannelIT extends DataChannelIT {

	@Autowired
	WorkerModeDataChannelIT(Specter specter, EventRecorder events, CandidateRelay relay, EchoBot echo,
			SpecterFactory factory) {
		super(specter, events, relay, echo);
		assertThat(factory).isInstanceOf(WorkerSpecterFactory.class);
	}

}
