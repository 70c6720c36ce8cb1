package dev.specter.worker;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import dev.specter.SpecterObserver;
import dev.specter.dispatch.EventDispatcher;
import dev.specter.webrtc.ConnectionLimits;
import dev.specter.webrtc.RuntimeSettings;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The workers' socket as a local attacker sees it: the directory that holds the sockets,
 * the settings (TURN credentials included), the workers' output and crash reports is
 * private to the application's user (0700), so a process of another user can neither list
 * it, read it nor reach a socket in it, not even during a worker's start when the
 * application listens; once a worker runs, its socket file is gone, so nothing is left to
 * connect to. (A process of the application's own user is trusted: it may signal or trace
 * the application anyway.)
 */
class WorkerSocketIT {

	@Test
	void theWorkersDirectoryIsPrivateAndHoldsNoSocketOnceTheWorkersRun() throws Exception {
		EventDispatcher dispatcher = new EventDispatcher((event) -> {
		}, 2, 1000);
		try (WorkerSpecterFactory factory = new WorkerSpecterFactory(WorkerOptions.of(1), dispatcher,
				RuntimeSettings.DEFAULTS, ConnectionLimits.DEFAULTS, SpecterObserver.NONE)) {
			Path directory = factory.directory();
			assertThat(Files.getPosixFilePermissions(directory))
				.isEqualTo(PosixFilePermissions.fromString("rwx------"));
			assertThat(Files.getOwner(directory).getName()).isEqualTo(System.getProperty("user.name"));
			assertThat(sockets(directory)).isEmpty();
			// The socket of a running worker is gone: a connection to its old path fails.
			assertThatExceptionOfType(IOException.class).isThrownBy(() -> {
				try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
					channel.connect(UnixDomainSocketAddress.of(directory.resolve("worker-1.sock")));
				}
			});
			assumeTrue("root".equals(System.getProperty("user.name")),
					"switching to another user needs root; the permissions above were checked");
			// Another user, while a replacement worker starts (its socket listening):
			// nothing in the directory can be listed, read or reached.
			long first = factory.workerPids().get(0);
			ProcessHandle.of(first).orElseThrow().destroyForcibly();
			Path socket = directory.resolve("worker-2.sock");
			Awaitility.await("the replacement's socket")
				.atMost(Duration.ofSeconds(30))
				.pollInterval(Duration.ofMillis(1))
				.until(() -> Files.exists(socket) || factory.workerPids().size() == 1);
			for (String command : List.of("ls " + directory, "cat " + directory.resolve("engine.json"),
					"ls -l " + socket)) {
				Result result = asNobody(command);
				assertThat(result.exit()).as(command).isNotZero();
				assertThat(result.output()).as(command).contains("Permission denied");
			}
			Awaitility.await("the replacement running")
				.atMost(Duration.ofSeconds(60))
				.until(() -> factory.workerPids().size() == 1 && factory.workerPids().get(0) != first);
			assertThat(sockets(directory)).isEmpty();
		}
	}

	private static List<Path> sockets(Path directory) throws IOException {
		try (Stream<Path> files = Files.list(directory)) {
			return files.filter((file) -> file.getFileName().toString().endsWith(".sock")).toList();
		}
	}

	/** Runs a shell command as user {@code nobody} (uid and gid 65534, no groups). */
	private static Result asNobody(String command) throws Exception {
		Process process = new ProcessBuilder("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "--", "sh",
				"-c", command)
			.redirectErrorStream(true)
			.start();
		assertThat(process.waitFor(20, TimeUnit.SECONDS)).isTrue();
		return new Result(process.exitValue(),
				new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
	}

	record Result(int exit, String output) {
	}

}
