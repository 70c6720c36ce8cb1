package dev.specter.worker;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import dev.specter.PeerConnectionId;
import dev.specter.Specter;
import dev.specter.SpecterConfig;
import dev.specter.SpecterObserver;
import dev.specter.dispatch.EventDispatcher;
import dev.specter.event.SpecterEvent;
import dev.specter.signaling.SdpType;
import dev.specter.signaling.SessionDescription;
import dev.specter.webrtc.ConnectionLimits;
import dev.specter.webrtc.RuntimeSettings;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import org.springframework.context.PayloadApplicationEvent;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One client that can crash a worker does it again and again (the known native fault,
 * handed past the guard by the test hook: no such input is known to pass the guard). What
 * the design gives: each crash costs the connections of one worker and a replacement JVM,
 * and nothing accumulates in the application: its threads and file descriptors return to
 * their level, no dead worker's process is left, and the workers' directory keeps a
 * bounded number of crash reports and output files (each crash's report is in the
 * application's log).
 */
class WorkerCrashLoopIT {

	private static final int CRASHES = 12;

	private static final String CRASH = "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\na=group:BUNDLE 0\r\n"
			+ "m=application 9 UDP/DTLS/SCTP webrtc-datachannel\r\nc=IN IP4 0.0.0.0\r\na=mid:0\r\n"
			+ "a=sctp-port:%n%n%n%n\r\n";

	@Test
	void repeatedCrashesCostTheirWorkersAndLeaveNothingBehind() throws Exception {
		Queue<SpecterEvent> events = new ConcurrentLinkedQueue<>();
		EventDispatcher dispatcher = new EventDispatcher(
				(event) -> events.add((SpecterEvent) ((PayloadApplicationEvent<?>) event).getPayload()), 2, 1000);
		WorkerOptions options = new WorkerOptions(2, List
			.of("-Dspecter.worker.test.remote-description-hook=" + "dev.specter.worker.CrashingRemoteDescriptionHook"),
				Duration.ofSeconds(30), 4, 10_000, 0);
		try (WorkerSpecterFactory factory = new WorkerSpecterFactory(options, dispatcher, RuntimeSettings.DEFAULTS,
				ConnectionLimits.DEFAULTS, SpecterObserver.NONE)) {
			Specter specter = factory.create(SpecterConfig.ofUrls());
			specter.closePeerConnection(specter.newPeerConnection()).get(10, TimeUnit.SECONDS);
			Figures before = Figures.now(factory.directory());
			List<Long> dead = new ArrayList<>();
			long started = System.nanoTime();
			for (int i = 0; i < CRASHES; i++) {
				PeerConnectionId pc = Awaitility.await()
					.atMost(Duration.ofSeconds(30))
					.ignoreExceptions()
					.until(specter::newPeerConnection, (id) -> id != null);
				dead.add(factory.workerPid(pc));
				CompletableFuture<Void> crash = specter.setRemoteDescription(pc,
						new SessionDescription(SdpType.OFFER, CRASH));
				WorkerLinks.assertFailsWithEngineFailed(crash);
			}
			long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
			Awaitility.await("both workers replaced")
				.atMost(Duration.ofSeconds(120))
				.until(() -> factory.workerPids().size() == 2
						&& dead.stream().noneMatch(factory.workerPids()::contains));
			Awaitility.await("the dead workers' processes gone")
				.atMost(Duration.ofSeconds(30))
				.until(() -> dead.stream().noneMatch((pid) -> ProcessHandle.of(pid).isPresent()));
			PeerConnectionId fresh = specter.newPeerConnection();
			assertThat(specter.createDataChannel(fresh, "after the loop").get(10, TimeUnit.SECONDS)).isNotNull();
			Thread.sleep(2000);
			Figures after = Figures.now(factory.directory());
			System.out.printf(
					"Crash loop: %d crashes in %d ms (%d ms each, crash to the next connection); "
							+ "deaths %d, restarts %d%n  before: %s%n  after:  %s%n",
					CRASHES, millis, millis / CRASHES, factory.counters().deaths(), factory.counters().restarts(),
					before, after);
			assertThat(factory.counters().deaths()).isEqualTo(CRASHES);
			assertThat(after.threads()).isLessThanOrEqualTo(before.threads() + 8);
			assertThat(after.fds()).isLessThanOrEqualTo(before.fds() + 8);
			assertThat(after.files()).as("files in the workers' directory")
				.isLessThanOrEqualTo(before.files() + WorkerReports.KEPT_CRASH_REPORTS);
		}
	}

	record Figures(int threads, long fds, long files, long bytes) {

		static Figures now(Path directory) throws IOException {
			long fds;
			try (Stream<Path> list = Files.list(Path.of("/proc/self/fd"))) {
				fds = list.count();
			}
			long files;
			long bytes = 0;
			List<Path> all;
			try (Stream<Path> list = Files.list(directory)) {
				all = list.toList();
			}
			files = all.size();
			for (Path file : all) {
				bytes += Files.isRegularFile(file) ? Files.size(file) : 0;
			}
			int threads;
			try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
				threads = (int) tasks.count();
			}
			return new Figures(threads, fds, files, bytes);
		}

	}

}
