package dev.specter.worker;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import dev.specter.PeerConnectionId;
import dev.specter.Specter;
import dev.specter.SpecterFactory;
import dev.specter.test.CandidateRelay;
import dev.specter.test.EventRecorder;
import dev.specter.test.TestApplication;
import org.awaitility.Awaitility;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The application treats a worker as untrusted-ish: a frame no correct worker writes
 * (unknown type, a length that cannot be, JSON cut short, an unknown event, a data
 * message too short for its addressing, an event naming a connection of another worker)
 * fails that worker, as a crash does: its connections are closed once with ENGINE_FAILED,
 * its pending futures fail, a new worker replaces it, and the other worker's connections
 * lose nothing and stay open. The workers are real ({@link HostileWorkerMain} relays the
 * real worker's frames and writes the bad one when a call asks for it).
 */
@SpringBootTest(classes = TestApplication.class,
		properties = { "specter.ice-servers=", "specter.engine.isolation=workers", "specter.engine.workers=2",
				"specter.engine.worker-jvm-options=" + "dev.specter.worker.HostileWorkerMain" })
class WorkerCorruptFrameIT extends WorkerTestSupport {

	@Autowired
	WorkerCorruptFrameIT(Specter specter, SpecterFactory factory, EventRecorder events, CandidateRelay relay,
			ConfigurableApplicationContext context) {
		super(specter, factory, events, relay, context);
	}

	@ParameterizedTest
	@ValueSource(
			strings = { "unknown-type", "bad-length", "bad-json", "unknown-event", "short-message", "spoof-close" })
	void aCorruptFrameFailsItsWorkerOnly(String corruption) throws Exception {
		List<WorkerLinks.Link> all = this.links.open(4);
		Split split = split(all);
		this.links.exchange(all, 0, 5);
		PeerConnectionId idle = this.links.newConnectionOn(this.factory, split.victimPid());
		CompletableFuture<Void> pending = pendingOn(idle);
		String trigger = "hostile:" + corruption + ":" + split.survivors().get(0).local().value();

		this.specter.createDataChannel(idle, trigger);

		WorkerLinks.assertFailsWithEngineFailed(pending);
		List<PeerConnectionId> dead = new ArrayList<>(split.victims().stream().map(WorkerLinks.Link::local).toList());
		dead.add(idle);
		this.links.assertEngineFailedOnce(dead);
		assertThat(this.context.isActive()).isTrue();
		this.links.exchange(split.survivors(), 5, 10);
		this.links.assertComplete(split.survivors(), 10);
		assertThat(split.survivors()).allMatch((link) -> this.specter.peerConnectionExists(link.local()));
		Awaitility.await("the worker replaced")
			.atMost(Duration.ofSeconds(60))
			.until(() -> this.factory.workerPids().size() == 2
					&& !this.factory.workerPids().contains(split.victimPid()));
		WorkerLinks.Link fresh = this.links.open(1).get(0);
		this.links.exchange(List.of(fresh), 0, 3);
		this.links.assertComplete(List.of(fresh), 3);
	}

}
