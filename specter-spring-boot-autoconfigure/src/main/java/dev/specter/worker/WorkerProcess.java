package dev.specter.worker;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import dev.specter.EngineFailedException;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The application's handle on one worker process: starts it, writes calls, reads replies
 * and events on its own thread, and reports the worker's death (end of the socket) once.
 */
final class WorkerProcess {

	private final int number;

	private final Path directory;

	private final Process process;

	private final SocketChannel channel;

	private final Frames.Writer writer;

	private final Listener listener;

	private final Map<Long, Call> pending = new ConcurrentHashMap<>();

	private final AtomicLong ids = new AtomicLong();

	private final AtomicBoolean ended = new AtomicBoolean();

	private final AtomicInteger load = new AtomicInteger();

	private final AtomicInteger served = new AtomicInteger();

	/** Connections closed in this worker's engine, whose native memory it keeps. */
	private final AtomicLong closed = new AtomicLong();

	/** The application's instances by the ids of their counterparts in this worker. */
	private final Map<UUID, WorkerSpecter> specters = new ConcurrentHashMap<>();

	private volatile boolean stopping;

	/** Served its share of connections: takes no new ones, stops after its last. */
	private volatile boolean retiring;

	private final Liveness liveness = new Liveness();

	private final long startedAt = System.currentTimeMillis();

	/** Why the application killed the worker (it stopped answering), or null. */
	private volatile String killedBecause;

	private WorkerProcess(int number, Path directory, Process process, SocketChannel channel, Listener listener) {
		this.number = number;
		this.directory = directory;
		this.process = process;
		this.channel = channel;
		this.writer = new Frames.Writer(channel, "specter-worker-" + number + "-writer");
		this.listener = listener;
	}

	/**
	 * Starts a worker and waits until its engine is ready.
	 * @param number the worker's number (in its name and files)
	 * @param directory the private directory of the workers
	 * @param settingsFile the engine settings
	 * @param jvmOptions extra options of the worker's JVM
	 * @param timeout how long the worker may take to start
	 * @param listener told of events and of the worker's end
	 * @return the running worker
	 * @throws IOException if it could not be started
	 */
	static WorkerProcess start(int number, Path directory, Path settingsFile, List<String> jvmOptions, Duration timeout,
			Listener listener) throws IOException {
		Path socket = directory.resolve("worker-" + number + ".sock");
		Files.deleteIfExists(socket);
		try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
			server.bind(UnixDomainSocketAddress.of(socket));
			server.configureBlocking(false);
			List<String> command = new ArrayList<>();
			command.add(ProcessHandle.current()
				.info()
				.command()
				.orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
			command.add("-cp");
			command.add(System.getProperty("java.class.path"));
			boolean executableJar = WorkerMain.class.getClassLoader() != ClassLoader.getSystemClassLoader()
					&& WorkerMain.class.getClassLoader()
						.getClass()
						.getName()
						.startsWith("org.springframework.boot.loader");
			if (executableJar) {
				// java -jar app.jar: Boot's launcher builds the class path inside the jar
				command.add("-Dloader.main=" + WorkerMain.class.getName());
			}
			command.add("-XX:ErrorFile=" + directory.resolve("hs_err_worker-" + number + "_pid%p.log"));
			command.add("-XX:+ExitOnOutOfMemoryError");
			command.add("-Djava.awt.headless=true");
			command.addAll(jvmOptions);
			command.add(executableJar ? "org.springframework.boot.loader.launch.PropertiesLauncher"
					: WorkerMain.class.getName());
			command.add(socket.toString());
			command.add(settingsFile.toString());
			Process process = new ProcessBuilder(command).redirectErrorStream(true)
				.redirectOutput(directory.resolve("worker-" + number + ".log").toFile())
				.start();
			try {
				SocketChannel channel = accept(server, process, timeout);
				Frames.Reader reader = new Frames.Reader(channel);
				Frames.Frame hello = reader.read();
				if (hello.type() == Frames.ERROR) {
					throw WorkerStartFailure.read(hello);
				}
				if (hello.type() != Frames.HELLO) {
					throw new IOException("Worker " + number + " did not say hello");
				}
				WorkerProcess worker = new WorkerProcess(number, directory, process, channel, listener);
				Thread thread = new Thread(() -> worker.read(reader), "specter-worker-" + number + "-reader");
				thread.setDaemon(true);
				thread.start();
				return worker;
			}
			catch (IOException | RuntimeException ex) {
				process.destroyForcibly();
				throw new IOException("Worker " + number + " did not start: " + ex.getMessage() + "; its output: "
						+ WorkerReports.tail(directory.resolve("worker-" + number + ".log")), ex);
			}
			finally {
				Files.deleteIfExists(socket);
			}
		}
	}

	private static SocketChannel accept(ServerSocketChannel server, Process process, Duration timeout)
			throws IOException {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (System.nanoTime() < deadline) {
			SocketChannel channel = server.accept();
			if (channel != null) {
				channel.configureBlocking(true);
				return channel;
			}
			if (!process.isAlive()) {
				throw new IOException("the process exited with " + process.exitValue());
			}
			try {
				Thread.sleep(5);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IOException("interrupted");
			}
		}
		throw new IOException("no connection within " + timeout);
	}

	private void read(Frames.Reader reader) {
		Frames.markReader();
		Throwable cause = null;
		try {
			while (true) {
				Frames.Frame frame = reader.read();
				this.liveness.handling(System.nanoTime());
				switch (frame.type()) {
					case Frames.ACCEPTED -> {
						Call call = this.pending.get(frame.id());
						if (call != null) {
							call.accepted().complete(null);
						}
					}
					case Frames.RESULT, Frames.ERROR, Frames.SENT -> {
						Call call = this.pending.remove(frame.id());
						if (call != null) {
							call.accepted().complete(frame);
							call.done().complete(frame);
						}
					}
					case Frames.EVENT, Frames.MESSAGE, Frames.MEDIA -> this.listener.onEvent(this, frame);
					case Frames.PONG -> this.liveness.pong();
					default -> throw new IOException("Unexpected frame type " + frame.type());
				}
				this.liveness.waiting(System.nanoTime());
			}
		}
		catch (Throwable ex) {
			cause = ex;
		}
		end(cause);
	}

	/**
	 * Runs once, on the reader thread, after the last frame of the worker was handled.
	 */
	private void end(Throwable cause) {
		if (!this.ended.compareAndSet(false, true)) {
			return;
		}
		this.writer.close();
		try {
			this.channel.close();
		}
		catch (IOException ex) {
			// closing anyway
		}
		EngineFailedException failure = new EngineFailedException(
				"Worker " + this.number + " (pid " + this.process.pid() + ") " + (this.stopping ? "stopped" : "died"));
		for (Long id : List.copyOf(this.pending.keySet())) {
			Call call = this.pending.remove(id);
			if (call != null) {
				call.fail(failure);
			}
		}
		this.listener.onEnd(this, this.stopping, cause);
	}

	/**
	 * Calls a method of a Specter in the worker.
	 * @param specter the application's instance (its id keys the worker's)
	 * @param method the method's name
	 * @param args its arguments
	 * @return the call, whose futures fail with {@link EngineFailedException} if the
	 * worker dies first
	 */
	Call call(String specter, String method, Object... args) {
		ObjectNode call = WorkerCodec.MAPPER.createObjectNode();
		call.put("s", specter);
		call.put("m", method);
		ArrayNode array = call.putArray("a");
		for (Object arg : args) {
			array.add(WorkerCodec.MAPPER.valueToTree(arg));
		}
		return request(Frames.CALL, WorkerCodec.writeBytes(call));
	}

	/**
	 * Sends on a data channel.
	 * @param payload the addressing and the bytes
	 * @return the reply frame
	 */
	CompletableFuture<Frames.Frame> send(Frames.Payload payload) {
		return request(Frames.SEND, null, payload).done();
	}

	private Call request(byte type, byte[] body) {
		return request(type, body, null);
	}

	/** Writes {@code body}, or the data-channel {@code payload} when it is given. */
	private Call request(byte type, byte[] body, Frames.Payload payload) {
		long id = this.ids.incrementAndGet();
		Call call = new Call(new CompletableFuture<>(), new CompletableFuture<>());
		this.pending.put(id, call);
		if (this.ended.get()) {
			this.pending.remove(id);
			call.fail(new EngineFailedException("Worker " + this.number + " is gone"));
			return call;
		}
		try {
			if (payload != null) {
				this.writer.write(type, id, payload);
			}
			else {
				this.writer.write(type, id, body);
			}
		}
		catch (IOException ex) {
			// The reader sees the end too and fails every pending call, this one
			// included.
			try {
				this.channel.close();
			}
			catch (IOException ignored) {
				// closed
			}
		}
		return call;
	}

	/**
	 * Stops the worker: closing the socket makes it close its engine and exit; it is
	 * killed if it has not exited within the timeout.
	 */
	void stop(Duration timeout) {
		this.stopping = true;
		try {
			this.channel.close();
		}
		catch (IOException ex) {
			// closing anyway
		}
		try {
			if (!this.process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
				this.process.destroyForcibly();
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			this.process.destroyForcibly();
		}
	}

	/**
	 * Sends a heartbeat; never waits (the caller must be marked a reader, see
	 * {@link Frames#markReader()}).
	 */
	void ping(long id) {
		this.liveness.pinged(System.nanoTime());
		try {
			this.writer.write(Frames.PING, id, new byte[0]);
		}
		catch (IOException ex) {
			// the reader sees the end
		}
	}

	/**
	 * Kills the process ({@code SIGKILL}: works on a stopped process too); the end of its
	 * socket then reports it as any death.
	 * @param reason why, for the report
	 */
	void kill(String reason) {
		this.killedBecause = reason;
		this.process.destroyForcibly();
	}

	String killedBecause() {
		return this.killedBecause;
	}

	Liveness liveness() {
		return this.liveness;
	}

	/** When the worker's engine was ready (epoch milliseconds). */
	long startedAt() {
		return this.startedAt;
	}

	int number() {
		return this.number;
	}

	long pid() {
		return this.process.pid();
	}

	Process process() {
		return this.process;
	}

	Path directory() {
		return this.directory;
	}

	boolean alive() {
		return !this.ended.get() && !this.stopping;
	}

	boolean retiring() {
		return this.retiring;
	}

	void retire() {
		this.retiring = true;
	}

	/** Live connections held by this worker. */
	AtomicInteger load() {
		return this.load;
	}

	/** Connections this worker has been given since it started. */
	AtomicInteger served() {
		return this.served;
	}

	AtomicLong closed() {
		return this.closed;
	}

	Map<UUID, WorkerSpecter> specters() {
		return this.specters;
	}

	@Override
	public String toString() {
		return "worker " + this.number + " (pid " + this.process.pid() + ")";
	}

	/**
	 * A call in flight.
	 *
	 * @param accepted completes with {@code null} when a call returning a future has
	 * returned it, or with the reply when the call ended first (a method that does not
	 * return a future, or one that threw)
	 * @param done completes with the reply ({@link Frames#RESULT} or
	 * {@link Frames#ERROR})
	 */
	record Call(CompletableFuture<Frames.Frame> accepted, CompletableFuture<Frames.Frame> done) {

		void fail(Throwable failure) {
			this.accepted.completeExceptionally(failure);
			this.done.completeExceptionally(failure);
		}

	}

	/** Told what a worker reports, on its reader thread. */
	interface Listener {

		void onEvent(WorkerProcess worker, Frames.Frame frame);

		void onEnd(WorkerProcess worker, boolean stopped, Throwable cause);

	}

}
