package dev.specter.worker;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import tools.jackson.databind.JsonNode;

/**
 * A worker that misbehaves on request, as a corrupted worker would: it runs the real
 * {@link WorkerMain} in its own JVM behind a relay of frames between it and the
 * application, and when a call from the application holds {@code hostile:<what>} (the
 * label of a data channel the test creates on a connection of this worker), it writes to
 * the application a frame no correct worker writes. A test starts it by naming this class
 * in {@code specter.engine.worker-jvm-options}: the JVM takes the first argument that is
 * not an option as its main class, so this class runs with the real main class, the
 * socket and the settings file as its arguments.
 */
public final class HostileWorkerMain {

	private static final Pattern TRIGGER = Pattern.compile("hostile:([a-z-]+)(?::([0-9a-f-]{36}))?");

	private HostileWorkerMain() {
	}

	public static void main(String[] args) throws Exception {
		Path socket = Path.of(args[1]);
		String settings = args[2];
		Path inner = socket.resolveSibling(socket.getFileName() + ".inner");
		Files.deleteIfExists(inner);
		ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
		server.bind(UnixDomainSocketAddress.of(inner));
		Thread worker = new Thread(() -> {
			try {
				WorkerMain.main(new String[] { inner.toString(), settings });
			}
			catch (Exception ex) {
				ex.printStackTrace();
				Runtime.getRuntime().halt(3);
			}
		}, "real-worker");
		worker.start();
		SocketChannel toWorker = server.accept();
		server.close();
		Files.deleteIfExists(inner);
		SocketChannel toApplication = SocketChannel.open(UnixDomainSocketAddress.of(socket));
		Frames.Writer application = new Frames.Writer(toApplication, "hostile-to-application", true);
		Frames.Writer engine = new Frames.Writer(toWorker, "hostile-to-worker", true);
		Relay relay = new Relay(application, toApplication);
		Thread down = new Thread(() -> relay.down(new Frames.Reader(toWorker)), "hostile-down");
		down.setDaemon(true);
		down.start();
		Frames.Reader fromApplication = new Frames.Reader(toApplication);
		try {
			while (true) {
				Frames.Frame frame = fromApplication.read();
				if (frame.type() == Frames.CALL) {
					Matcher trigger = TRIGGER.matcher(frame.text());
					if (trigger.find()) {
						relay.misbehave(trigger.group(1), trigger.group(2));
					}
				}
				engine.write(frame.type(), frame.id(), frame.payload());
			}
		}
		catch (IOException ex) {
			// the application closed the socket: so does the real worker
			toWorker.close();
		}
	}

	/** Forwards the worker's frames, and writes the hostile ones. */
	private static final class Relay {

		private final Frames.Writer application;

		private final SocketChannel raw;

		/** The id of a Specter of this worker, seen in its events. */
		private volatile String specter;

		Relay(Frames.Writer application, SocketChannel raw) {
			this.application = application;
			this.raw = raw;
		}

		void down(Frames.Reader reader) {
			try {
				while (true) {
					Frames.Frame frame = reader.read();
					if (frame.type() == Frames.EVENT) {
						JsonNode node = WorkerCodec.tree(frame.payload());
						this.specter = node.path("e").path("specter").path("value").asString();
					}
					synchronized (this) {
						this.application.write(frame.type(), frame.id(), frame.payload());
					}
				}
			}
			catch (IOException ex) {
				Runtime.getRuntime().halt(0);
			}
		}

		synchronized void misbehave(String what, String peerConnection) throws IOException {
			switch (what) {
				case "unknown-type" -> this.application.write((byte) 99, 0, new byte[] { 1, 2, 3 });
				case "bad-json" ->
					this.application.write(Frames.EVENT, 0, "{\"t\":\"Peer".getBytes(StandardCharsets.UTF_8));
				case "unknown-event" -> this.application.write(Frames.EVENT, 0,
						("{\"t\":\"NoSuchEvent\",\"e\":{\"specter\":{\"value\":\"" + this.specter + "\"}}}")
							.getBytes(StandardCharsets.UTF_8));
				case "short-message" -> this.application.write(Frames.MESSAGE, 0, new byte[] { 1, 2, 3 });
				case "bad-length" -> {
					ByteBuffer frame = ByteBuffer.allocate(4).putInt(-5).flip();
					while (frame.hasRemaining()) {
						this.raw.write(frame);
					}
				}
				case "spoof-close" -> this.application.write(Frames.EVENT, 0,
						("{\"t\":\"PeerConnectionClosed\",\"e\":" + "{\"specter\":{\"value\":\"" + this.specter
								+ "\"},\"peerConnection\":{\"value\":\"" + peerConnection
								+ "\"},\"reason\":\"CLOSED\"}}")
							.getBytes(StandardCharsets.UTF_8));
				default -> throw new IllegalArgumentException(what);
			}
		}

	}

}
