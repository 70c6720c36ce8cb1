package dev.specter.worker;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import dev.specter.PeerConnectionId;
import dev.specter.Specter;
import dev.specter.SpecterFactory;
import dev.specter.test.CandidateRelay;
import dev.specter.test.EventRecorder;
import dev.specter.test.TestApplication;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hung workers, with real worker processes stopped by a real {@code kill -STOP}: two
 * workers, heartbeat every 200 ms, timeout 3 s. A worker stopped for good is found by the
 * heartbeat, killed and handled as a crashed one (its connections closed once with
 * ENGINE_FAILED, its pending futures failed, a replacement started) while the other
 * worker's connections lose and reorder nothing; a worker stopped for less than the
 * timeout (a long GC pause, a starved CPU) is kept, and so are its connections.
 */
@SpringBootTest(classes = TestApplication.class,
		properties = { "specter.ice-servers=", "specter.engine.isolation=workers", "specter.engine.workers=2",
				"specter.engine.heartbeat-interval=200ms", "specter.engine.heartbeat-timeout=3s" })
@ExtendWith(OutputCaptureExtension.class)
class WorkerHangIT extends WorkerTestSupport {

	private static final Duration TIMEOUT = Duration.ofSeconds(3);

	private static final int MESSAGES = 30;

	/** Processes this test stopped: resumed and killed after each test if still there. */
	private final Set<Long> stopped = ConcurrentHashMap.newKeySet();

	@Autowired
	WorkerHangIT(Specter specter, SpecterFactory factory, EventRecorder events, CandidateRelay relay,
			ConfigurableApplicationContext context) {
		super(specter, factory, events, relay, context);
	}

	@AfterEach
	void resumeStopped() throws Exception {
		for (long pid : this.stopped) {
			if (ProcessHandle.of(pid).isPresent()) {
				signal("CONT", pid);
				if (!this.factory.workerPids().contains(pid)) {
					ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
				}
			}
		}
		this.stopped.clear();
	}

	@Test
	void aStoppedWorkerIsKilledAfterTheTimeoutAndHandledAsACrash(CapturedOutput output) throws Exception {
		WorkerCounters counters = this.factory.counters();
		long deaths = counters.deaths();
		long hung = counters.hung();
		List<WorkerLinks.Link> all = this.links.open(12);
		Split split = split(all);
		long victimPid = split.victimPid();
		List<WorkerLinks.Link> victims = split.victims();
		List<WorkerLinks.Link> survivors = split.survivors();
		this.links.exchange(all, 0, MESSAGES / 2);
		PeerConnectionId idle = this.links.newConnectionOn(this.factory, victimPid);
		CompletableFuture<Void> pending = pendingOn(idle);

		long stoppedAt = System.nanoTime();
		signal("STOP", victimPid);
		ExecutorService senders = Executors.newSingleThreadExecutor();
		Future<?> sending = senders.submit(() -> {
			this.links.exchange(survivors, MESSAGES / 2, MESSAGES);
			return null;
		});
		Awaitility.await()
			.atMost(Duration.ofSeconds(60))
			.pollInterval(Duration.ofMillis(20))
			.until(() -> ProcessHandle.of(victimPid).isEmpty() || counters.hung() > hung);
		long detectedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - stoppedAt);
		sending.get(120, TimeUnit.SECONDS);
		senders.shutdown();

		// not killed before its timeout, and killed (not just forgotten)
		assertThat(detectedMillis).isGreaterThanOrEqualTo(TIMEOUT.toMillis());
		Awaitility.await()
			.atMost(Duration.ofSeconds(30))
			.until(() -> ProcessHandle.of(victimPid).map((p) -> !p.isAlive()).orElse(true));
		assertThat(this.context.isActive()).isTrue();
		WorkerLinks.assertFailsWithEngineFailed(pending);
		List<PeerConnectionId> dead = new ArrayList<>(victims.stream().map(WorkerLinks.Link::local).toList());
		dead.add(idle);
		this.links.assertEngineFailedOnce(dead);
		this.links.assertComplete(survivors, MESSAGES);
		assertThat(counters.hung()).isEqualTo(hung + 1);
		assertThat(counters.deaths()).isEqualTo(deaths + 1);
		assertThat(output.toString()).contains("pid " + victimPid + ") was killed as hung (no heartbeat answer for");
		// new connections work, on a replacement worker
		WorkerLinks.Link fresh = this.links.open(1).get(0);
		assertThat(this.factory.workerPid(fresh.local())).isNotEqualTo(victimPid);
		this.links.exchange(List.of(fresh), 0, 3);
		this.links.assertComplete(List.of(fresh), 3);
		Awaitility.await()
			.atMost(Duration.ofSeconds(60))
			.until(() -> this.factory.workerPids().size() == 2 && !this.factory.workerPids().contains(victimPid));
		System.out.printf("Hung worker %d (stopped) killed %d ms after SIGSTOP; workers now %s%n", victimPid,
				detectedMillis, this.factory.workerPids());
	}

	@Test
	void aWorkerStoppedForLessThanTheTimeoutIsKept() throws Exception {
		WorkerCounters counters = this.factory.counters();
		long deaths = counters.deaths();
		List<Long> pids = this.factory.workerPids();
		List<WorkerLinks.Link> all = this.links.open(6);
		long pausedPid = this.factory.workerPid(all.get(0).local());
		this.links.exchange(all, 0, MESSAGES / 2);
		signal("STOP", pausedPid);
		// sends to the stopped worker wait in the socket meanwhile
		CompletableFuture<Void> later = CompletableFuture.runAsync(() -> {
			try {
				this.links.exchange(all, MESSAGES / 2, MESSAGES);
			}
			catch (Exception ex) {
				throw new IllegalStateException(ex);
			}
		});
		Thread.sleep(TIMEOUT.toMillis() / 3);
		signal("CONT", pausedPid);
		later.get(120, TimeUnit.SECONDS);
		this.links.assertComplete(all, MESSAGES);
		// a few more heartbeats, all answered
		Thread.sleep(1000);
		assertThat(counters.deaths()).isEqualTo(deaths);
		assertThat(this.factory.workerPids()).containsExactlyElementsOf(pids);
	}

	/** Sends a signal with the real {@code kill} command. */
	private void signal(String signal, long pid) throws Exception {
		if (signal.equals("STOP")) {
			this.stopped.add(pid);
		}
		Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).inheritIO().start();
		assertThat(kill.waitFor(10, TimeUnit.SECONDS)).isTrue();
		assertThat(kill.exitValue()).as("kill -" + signal + " " + pid).isZero();
	}

}
