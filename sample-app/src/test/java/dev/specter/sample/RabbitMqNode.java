package dev.specter.sample;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A private RabbitMQ node with its STOMP plugin, started from Debian's
 * {@code rabbitmq-server} package on 127.0.0.1 with its own temporary directories, its
 * own ports and its own {@code epmd}, and stopped by PID ({@link #close}). Nothing of the
 * machine's own RabbitMQ service is used or touched.
 */
final class RabbitMqNode implements AutoCloseable {

	static final Path SERVER = Path.of("/usr/lib/rabbitmq/bin/rabbitmq-server");

	static final Path EPMD = Path.of("/usr/bin/epmd");

	private static final Duration START_TIMEOUT = Duration.ofSeconds(90);

	private final Path directory;

	private final Process epmd;

	private final Process node;

	private final int stompPort;

	private RabbitMqNode(Path directory, Process epmd, Process node, int stompPort) {
		this.directory = directory;
		this.epmd = epmd;
		this.node = node;
		this.stompPort = stompPort;
	}

	/** Starts a node and waits until its STOMP port accepts connections. */
	static RabbitMqNode start() throws IOException, InterruptedException {
		if (!Files.isExecutable(SERVER) || !Files.isExecutable(EPMD)) {
			throw new IllegalStateException("RabbitMQ is not installed (" + SERVER + " or " + EPMD
					+ " is missing): apt-get install -y rabbitmq-server");
		}
		Path directory = Files.createTempDirectory("specter-rabbitmq-");
		int amqpPort = freePort();
		int stompPort = freePort();
		int distPort = freePort();
		int epmdPort = freePort();
		Files.createDirectories(directory.resolve("home"));
		Files.writeString(directory.resolve("rabbitmq.conf"),
				String.join("\n", "listeners.tcp.default = 127.0.0.1:" + amqpPort,
						"stomp.listeners.tcp.1 = 127.0.0.1:" + stompPort, "log.console = true", "log.file = false",
						""));
		Files.writeString(directory.resolve("enabled_plugins"), "[rabbitmq_stomp].\n");
		Map<String, String> env = Map.ofEntries(Map.entry("HOME", directory.resolve("home").toString()),
				Map.entry("ERL_EPMD_PORT", Integer.toString(epmdPort)), Map.entry("ERL_EPMD_ADDRESS", "127.0.0.1"),
				Map.entry("RABBITMQ_NODENAME", "specter-sample-" + ProcessHandle.current().pid() + "@localhost"),
				Map.entry("RABBITMQ_NODE_IP_ADDRESS", "127.0.0.1"),
				Map.entry("RABBITMQ_NODE_PORT", Integer.toString(amqpPort)),
				Map.entry("RABBITMQ_DIST_PORT", Integer.toString(distPort)),
				Map.entry("RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS", "-kernel inet_dist_use_interface {127,0,0,1}"),
				Map.entry("RABBITMQ_CONFIG_FILE", directory.resolve("rabbitmq.conf").toString()),
				Map.entry("RABBITMQ_ENABLED_PLUGINS_FILE", directory.resolve("enabled_plugins").toString()),
				Map.entry("RABBITMQ_MNESIA_BASE", directory.resolve("mnesia").toString()),
				Map.entry("RABBITMQ_LOG_BASE", directory.resolve("log").toString()),
				Map.entry("RABBITMQ_PID_FILE", directory.resolve("node.pid").toString()));
		Process epmd = start(List.of(EPMD.toString(), "-address", "127.0.0.1", "-port", Integer.toString(epmdPort)),
				env, directory.resolve("epmd.log"));
		Process node = null;
		try {
			node = start(List.of(SERVER.toString()), env, directory.resolve("node.log"));
			RabbitMqNode started = new RabbitMqNode(directory, epmd, node, stompPort);
			started.awaitStomp();
			return started;
		}
		catch (IOException | RuntimeException | InterruptedException ex) {
			stop(node);
			stop(epmd);
			throw ex;
		}
	}

	int stompPort() {
		return this.stompPort;
	}

	/** The node's log so far (for failure messages). */
	String log() {
		try {
			return Files.readString(this.directory.resolve("node.log"));
		}
		catch (IOException ex) {
			return "(no log: " + ex.getMessage() + ")";
		}
	}

	private void awaitStomp() throws InterruptedException {
		long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
		while (System.nanoTime() < deadline) {
			if (!this.node.isAlive()) {
				throw new IllegalStateException("RabbitMQ exited with " + this.node.exitValue() + ":\n" + log());
			}
			try (Socket socket = new Socket()) {
				socket.connect(new InetSocketAddress("127.0.0.1", this.stompPort), 500);
				return;
			}
			catch (IOException ex) {
				Thread.sleep(250);
			}
		}
		throw new IllegalStateException("RabbitMQ's STOMP port did not open in " + START_TIMEOUT + ":\n" + log());
	}

	/** Stops the node and its epmd (SIGTERM, then SIGKILL), and deletes its directory. */
	@Override
	public void close() throws IOException {
		stop(this.node);
		stop(this.epmd);
		try (Stream<Path> paths = Files.walk(this.directory)) {
			paths.sorted(Comparator.reverseOrder()).forEach((path) -> path.toFile().delete());
		}
	}

	private static Process start(List<String> command, Map<String, String> env, Path log) throws IOException {
		ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
			.redirectOutput(log.toFile())
			.directory(log.getParent().toFile());
		builder.environment().putAll(env);
		return builder.start();
	}

	private static void stop(Process process) {
		if (process == null) {
			return;
		}
		// The script may run the Erlang VM as its child: signal the whole tree, by PID.
		List<ProcessHandle> tree = Stream.concat(process.descendants(), Stream.of(process.toHandle())).toList();
		tree.forEach(ProcessHandle::destroy);
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
		for (ProcessHandle handle : tree) {
			try {
				handle.onExit().get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
			}
			catch (Exception ex) {
				handle.destroyForcibly();
			}
		}
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
	}

}
