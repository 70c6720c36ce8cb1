package dev.specter;

import dev.specter.test.EchoBot;
import dev.specter.test.SpecterIntegrationTest;
import dev.specter.worker.WorkerSpecterFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every scenario of {@link DataChannelIT} with the engine in worker processes
 * ({@code specter.engine.isolation=workers}): both peers of each pair are connections of
 * the application's Specter, held by the workers, so calls, events (in order per
 * connection), futures, chunked sends, back-pressure and inline handlers cross the worker
 * protocol.
 */
@SpecterIntegrationTest(properties = { "specter.engine.isolation=workers", "specter.engine.workers=2" })
class WorkerModeDataChannelIT extends DataChannelIT {

	WorkerModeDataChannelIT(EchoBot echo, SpecterFactory factory) {
		super(echo);
		assertThat(factory).isInstanceOf(WorkerSpecterFactory.class);
	}

}
