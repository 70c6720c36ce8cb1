package dev.specter.test;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.awaitility.Awaitility;

/**
 * A real TURN server: Debian's coturn ({@code turnserver}), started on this machine's
 * interface address (libwebrtc gathers on interface addresses, not on loopback) with one
 * static long-term user, on a free port, and stopped by its PID on {@link #close()}. Its
 * log is kept in a temporary directory and printed when the server fails to start.
 */
public final class TurnServer implements AutoCloseable {

	public static final String USER = "specter-user";

	public static final String CREDENTIAL = "right-secret";

	private final Process process;

	private final String address;

	private final int port;

	private final Path directory;

	private TurnServer(Process process, String address, int port, Path directory) {
		this.process = process;
		this.address = address;
		this.port = port;
		this.directory = directory;
	}

	/** Starts coturn and waits until it accepts TCP connections on its port. */
	public static TurnServer start() throws IOException {
		String address = interfaceAddress();
		int port = freePort(address);
		Path directory = Files.createTempDirectory("specter-turn");
		Path log = directory.resolve("turnserver.log");
		List<String> command = List.of("turnserver", "-n", "--listening-ip=" + address, "--listening-port=" + port,
				"--relay-ip=" + address, "--allowed-peer-ip=" + address, "--allow-loopback-peers",
				"--user=" + USER + ":" + CREDENTIAL, "--lt-cred-mech", "--realm=specter.test", "--no-tls", "--no-dtls",
				"--no-cli", "--no-rfc5780", "--no-software-attribute", "--userdb=" + directory.resolve("turndb"),
				"--pidfile=" + directory.resolve("turnserver.pid"), "--log-file=stdout", "--simple-log");
		Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
		TurnServer server = new TurnServer(process, address, port, directory);
		try {
			Awaitility.await("coturn listening on " + address + ":" + port)
				.atMost(Duration.ofSeconds(20))
				.pollInterval(Duration.ofMillis(50))
				.until(() -> {
					if (!process.isAlive()) {
						throw new IllegalStateException(
								"turnserver exited with " + process.exitValue() + ":\n" + Files.readString(log));
					}
					return server.accepts();
				});
		}
		catch (RuntimeException ex) {
			server.close();
			throw ex;
		}
		return server;
	}

	private boolean accepts() {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress(this.address, this.port), 200);
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

	/**
	 * This machine's first non-loopback IPv4 interface address, or 127.0.0.1 if it has
	 * none.
	 */
	public static String interfaceAddress() throws SocketException {
		for (NetworkInterface network : Collections.list(NetworkInterface.getNetworkInterfaces())) {
			if (!network.isUp() || network.isLoopback()) {
				continue;
			}
			for (InetAddress address : Collections.list(network.getInetAddresses())) {
				if (address instanceof Inet4Address && !address.isLoopbackAddress() && !address.isLinkLocalAddress()) {
					return address.getHostAddress();
				}
			}
		}
		return "127.0.0.1";
	}

	/** A port free for both TCP and UDP on the address. */
	private static int freePort(String address) throws IOException {
		for (int attempt = 0; attempt < 50; attempt++) {
			try (ServerSocket tcp = new ServerSocket(0, 1, InetAddress.getByName(address))) {
				int port = tcp.getLocalPort();
				try (DatagramSocket udp = new DatagramSocket(new InetSocketAddress(address, port))) {
					return port;
				}
				catch (SocketException ex) {
					// taken for UDP: try another
				}
			}
		}
		throw new IOException("no port free for both TCP and UDP on " + address);
	}

	/** A TURN URL of this server, e.g. {@code turn:192.0.2.2:40000?transport=tcp}. */
	public String url(String transport) {
		return "turn:" + this.address + ":" + this.port + "?transport=" + transport;
	}

	public String address() {
		return this.address;
	}

	public int port() {
		return this.port;
	}

	public long pid() {
		return this.process.pid();
	}

	/** Stops the server (SIGTERM to its PID, then SIGKILL) and removes its directory. */
	@Override
	public void close() {
		this.process.destroy();
		try {
			if (!this.process.waitFor(5, TimeUnit.SECONDS)) {
				this.process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			this.process.destroyForcibly();
		}
		try (var files = Files.walk(this.directory)) {
			files.sorted(Comparator.reverseOrder()).forEach((file) -> file.toFile().delete());
		}
		catch (IOException ex) {
			// a temporary directory: left for the system to clean
		}
	}

}
