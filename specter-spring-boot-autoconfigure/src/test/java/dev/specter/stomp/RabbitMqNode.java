package dev.specter.stomp;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A private RabbitMQ node with the STOMP plugin, started by a test on loopback from
 * Debian's {@code rabbitmq-server} package and stopped after: its own node name, data and
 * log directories in a temporary directory, its own Erlang cookie ({@code HOME}), random
 * free ports for AMQP, STOMP, Erlang distribution and a private {@code epmd} (so it
 * neither uses nor disturbs a system RabbitMQ or epmd; the test starts that epmd itself
 * and the node is told not to start one), every listener bound to 127.0.0.1.
 * {@link #close()} stops the node by its process id (SIGTERM to the start script, which
 * stops the VM cleanly), kills what is left of the process tree, stops the epmd by its
 * process id and deletes the directory; a shutdown hook does the same if the test JVM
 * ends first.
 */
final class RabbitMqNode implements AutoCloseable {

	private static final Path SERVER = Path.of("/usr/lib/rabbitmq/bin/rabbitmq-server");

	private static final Path EPMD = Path.of("/usr/bin/epmd");

	private final Path directory;

	private final int stompPort;

	private final Process epmd;

	private final Process process;

	private final List<ProcessHandle> tree;

	private final Thread shutdownHook;

	private volatile boolean closed;

	private RabbitMqNode(Path directory, int stompPort, Process epmd, Process process) {
		this.directory = directory;
		this.stompPort = stompPort;
		this.epmd = epmd;
		this.process = process;
		this.tree = new CopyOnWriteArrayList<>();
		this.shutdownHook = new Thread(this::stop, "rabbitmq-node-stop");
		Runtime.getRuntime().addShutdownHook(this.shutdownHook);
	}

	/**
	 * Starts a node and waits until its STOMP port accepts a CONNECT of guest on vhost
	 * "/".
	 * @return the running node
	 * @throws IllegalStateException if rabbitmq-server is not installed or does not start
	 */
	static RabbitMqNode start() throws Exception {
		if (!Files.isExecutable(SERVER) || !Files.isExecutable(EPMD) || !hasStompPlugin()) {
			throw new IllegalStateException(
					"RabbitMQ is not installed (" + SERVER + " with the rabbitmq_stomp plugin): "
							+ "apt-get install -y rabbitmq-server, as README.md's test command and .ci/run do");
		}
		Path directory = Files.createTempDirectory("specter-rabbitmq");
		int amqpPort = freePort();
		int stompPort = freePort();
		int distPort = freePort();
		int epmdPort = freePort();
		Files.writeString(directory.resolve("rabbitmq.conf"), "listeners.tcp.1 = 127.0.0.1:" + amqpPort + "\n"
				+ "stomp.listeners.tcp.1 = 127.0.0.1:" + stompPort + "\n");
		Files.writeString(directory.resolve("enabled_plugins"), "[rabbitmq_stomp].\n");
		// A private epmd, started and stopped by its process id; the node must not start
		// its own.
		Process epmd = new ProcessBuilder(EPMD.toString(), "-port", String.valueOf(epmdPort), "-address", "127.0.0.1")
			.redirectErrorStream(true)
			.redirectOutput(directory.resolve("epmd.log").toFile())
			.start();
		ProcessBuilder builder = new ProcessBuilder(SERVER.toString());
		Map<String, String> env = builder.environment();
		String dir = directory.toString();
		env.put("HOME", dir);
		env.put("RABBITMQ_NODENAME", "specter-" + UUID.randomUUID().toString().substring(0, 8) + "@localhost");
		env.put("RABBITMQ_NODE_IP_ADDRESS", "127.0.0.1");
		env.put("RABBITMQ_NODE_PORT", String.valueOf(amqpPort));
		env.put("RABBITMQ_DIST_PORT", String.valueOf(distPort));
		env.put("ERL_EPMD_PORT", String.valueOf(epmdPort));
		env.put("ERL_EPMD_ADDRESS", "127.0.0.1");
		env.put("RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS", "-start_epmd false -kernel inet_dist_use_interface {127,0,0,1}");
		env.put("RABBITMQ_MNESIA_BASE", dir + "/mnesia");
		env.put("RABBITMQ_LOG_BASE", dir + "/log");
		env.put("RABBITMQ_LOGS", "-");
		env.put("RABBITMQ_CONFIG_FILE", dir + "/rabbitmq.conf");
		env.put("RABBITMQ_ADVANCED_CONFIG_FILE", dir + "/advanced.config");
		env.put("RABBITMQ_ENABLED_PLUGINS_FILE", dir + "/enabled_plugins");
		env.put("RABBITMQ_CONF_ENV_FILE", dir + "/rabbitmq-env.conf");
		env.put("RABBITMQ_PID_FILE", dir + "/rabbitmq.pid");
		env.remove("RABBITMQ_ALLOW_INPUT");
		builder.redirectErrorStream(true).redirectOutput(directory.resolve("server.log").toFile());
		Process server;
		try {
			server = builder.start();
		}
		catch (IOException ex) {
			epmd.destroy();
			throw ex;
		}
		RabbitMqNode node = new RabbitMqNode(directory, stompPort, epmd, server);
		try {
			node.awaitStomp(Duration.ofSeconds(120));
		}
		catch (Exception ex) {
			String log = node.log();
			node.close();
			throw new IllegalStateException("RabbitMQ did not start: " + ex.getMessage() + "\n" + log, ex);
		}
		return node;
	}

	int stompPort() {
		return this.stompPort;
	}

	long pid() {
		return this.process.pid();
	}

	private void awaitStomp(Duration timeout) throws Exception {
		Instant deadline = Instant.now().plus(timeout);
		Exception last = null;
		while (Instant.now().isBefore(deadline)) {
			this.process.descendants().filter((p) -> !this.tree.contains(p)).forEach(this.tree::add);
			if (!this.process.isAlive()) {
				throw new IllegalStateException("rabbitmq-server exited with " + this.process.exitValue());
			}
			try {
				if (stompConnects()) {
					this.process.descendants().filter((p) -> !this.tree.contains(p)).forEach(this.tree::add);
					return;
				}
			}
			catch (IOException ex) {
				last = ex;
			}
			Thread.sleep(250);
		}
		throw new IllegalStateException("no STOMP CONNECTED within " + timeout, last);
	}

	private boolean stompConnects() throws IOException {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), this.stompPort), 1000);
			socket.setSoTimeout(5000);
			OutputStream out = socket.getOutputStream();
			out.write("CONNECT\naccept-version:1.2\nhost:/\nlogin:guest\npasscode:guest\n\n\0"
				.getBytes(StandardCharsets.UTF_8));
			out.flush();
			InputStream in = socket.getInputStream();
			byte[] buffer = new byte[9];
			int read = in.readNBytes(buffer, 0, buffer.length);
			return new String(buffer, 0, read, StandardCharsets.UTF_8).equals("CONNECTED");
		}
	}

	String log() {
		try {
			List<String> lines = Files.readAllLines(this.directory.resolve("server.log"));
			return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
		}
		catch (IOException | UncheckedIOException ex) {
			return "(no log: " + ex.getMessage() + ")";
		}
	}

	@Override
	public void close() {
		stop();
		try {
			Runtime.getRuntime().removeShutdownHook(this.shutdownHook);
		}
		catch (IllegalStateException ex) {
			// the JVM is shutting down
		}
	}

	private synchronized void stop() {
		if (this.closed) {
			return;
		}
		this.closed = true;
		this.process.descendants().filter((p) -> !this.tree.contains(p)).forEach(this.tree::add);
		try {
			this.process.destroy();
			if (!this.process.waitFor(60, TimeUnit.SECONDS)) {
				this.process.destroyForcibly();
			}
			for (ProcessHandle handle : this.tree) {
				if (handle.isAlive()) {
					handle.destroy();
				}
			}
			for (ProcessHandle handle : this.tree) {
				try {
					handle.onExit().get(10, TimeUnit.SECONDS);
				}
				catch (Exception ex) {
					handle.destroyForcibly();
				}
			}
			this.epmd.destroy();
			if (!this.epmd.waitFor(10, TimeUnit.SECONDS)) {
				this.epmd.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		try (Stream<Path> files = Files.walk(this.directory)) {
			files.sorted(Comparator.reverseOrder()).forEach((path) -> path.toFile().delete());
		}
		catch (IOException ex) {
			// a temporary directory left behind
		}
	}

	private static boolean hasStompPlugin() {
		try (Stream<Path> versions = Files.list(Path.of("/usr/lib/rabbitmq/lib"))) {
			return versions.anyMatch((version) -> {
				try (Stream<Path> plugins = Files.list(version.resolve("plugins"))) {
					return plugins.anyMatch((p) -> p.getFileName().toString().startsWith("rabbitmq_stomp-"));
				}
				catch (IOException ex) {
					return false;
				}
			});
		}
		catch (IOException ex) {
			return false;
		}
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
	}

}
