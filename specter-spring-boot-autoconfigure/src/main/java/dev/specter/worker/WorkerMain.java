package dev.specter.worker;

import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Type;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;

import dev.specter.DataChannelId;
import dev.specter.NativeLibraryUnavailableException;
import dev.specter.PeerConnectionId;
import dev.specter.Specter;
import dev.specter.SpecterConfig;
import dev.specter.SpecterObserver;
import dev.specter.dispatch.EventDispatcher;
import dev.specter.event.DataChannelMessage;
import dev.specter.event.SpecterEvent;
import dev.specter.signaling.SessionDescription;
import dev.specter.webrtc.DefaultSpecterFactory;
import dev.specter.webrtc.EngineHooks;
import dev.specter.webrtc.PeerConnectionFactoryPool;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import tools.jackson.databind.JsonNode;

import org.springframework.context.PayloadApplicationEvent;

/**
 * The entry point of a worker process: builds an in-process engine
 * ({@link DefaultSpecterFactory}), connects to the application's Unix domain socket, runs
 * the calls it receives (one at a time, in order, on the main thread; an asynchronous
 * result is sent when its future completes) and forwards every event of its instances, in
 * order per connection. It exits when the socket closes.
 * <p>
 * Started by {@link WorkerSpecterFactory}; not meant to be run by hand. Arguments: the
 * socket's path and the settings file's path.
 */
public final class WorkerMain {

	private static final Log logger = LogFactory.getLog(WorkerMain.class);

	private static final Map<String, Method> METHODS = methods();

	private static final byte[] NO_PAYLOAD = new byte[0];

	private final Frames.Writer writer;

	private final DefaultSpecterFactory factory;

	private final Map<String, Specter> specters = new ConcurrentHashMap<>();

	private final UnguardedInput unguarded = UnguardedInput.fromSystemProperty();

	private final WorkerMedia media;

	/** Keeps libsrtp initialised in this process (see {@link SrtpKeeper}). */
	private final SrtpKeeper keeper;

	/** Answers to sends taken at once, written together (used by the reader thread). */
	private final SendAnswers answers;

	private WorkerMain(Frames.Writer writer, EngineSettings settings) {
		this.writer = writer;
		this.answers = new SendAnswers(writer);
		// Events are forwarded on the engine's thread that posts them (no hand-off to a
		// dispatch thread): forwarding runs no application code.
		EventDispatcher dispatcher = EventDispatcher.forwarding(
				(event) -> forward(((PayloadApplicationEvent<?>) event)), settings.dispatchThreads(),
				settings.mailboxCapacity());
		PeerConnectionFactoryPool factories = new PeerConnectionFactoryPool();
		this.factory = new DefaultSpecterFactory(factories, dispatcher, settings.runtime(), settings.limits(),
				SpecterObserver.NONE);
		this.keeper = new SrtpKeeper(factories, settings);
		this.media = new WorkerMedia(writer);
	}

	/**
	 * Runs a worker.
	 * @param args the socket's path and the settings file's path
	 * @throws Exception if the worker cannot start
	 */
	public static void main(String[] args) throws Exception {
		ignoreTerminalSignals();
		EngineSettings settings = WorkerCodec.MAPPER.readValue(Files.readString(Path.of(args[1])),
				EngineSettings.class);
		SocketChannel channel = SocketChannel.open(UnixDomainSocketAddress.of(Path.of(args[0])));
		Frames.Writer writer = new Frames.Writer(channel, "specter-worker-writer", true);
		WorkerMain worker = new WorkerMain(writer, settings);
		int status = 0;
		try {
			// Loads the native library and creates the factory now, not at the first
			// call.
			worker.factory.create(null).close();
			writer.write(Frames.HELLO, 0, "{\"pid\":" + ProcessHandle.current().pid() + "}");
			Frames.markReader();
			worker.serve(new Frames.Reader(channel, worker.answers::flush));
		}
		catch (IOException ex) {
			// The application closed the socket (or died): time to go.
		}
		catch (NativeLibraryUnavailableException ex) {
			logger.error("Specter worker failed", ex);
			WorkerStartFailure.send(writer, ex);
			status = 1;
		}
		catch (Throwable ex) {
			logger.error("Specter worker failed", ex);
			status = 1;
		}
		shutdown(worker, status);
	}

	/**
	 * A worker ends when the application closes its socket (or dies), not on the signals
	 * a terminal or a service manager sends to the whole process group when it stops the
	 * application: the application must still be able to close the worker's connections
	 * in order, and a worker gone first would be reported as failed.
	 */
	private static void ignoreTerminalSignals() {
		for (String name : new String[] { "TERM", "INT", "HUP" }) {
			try {
				sun.misc.Signal.handle(new sun.misc.Signal(name), (signal) -> {
				});
			}
			catch (IllegalArgumentException ex) {
				// not on this platform
			}
		}
	}

	private static void shutdown(WorkerMain worker, int status) {
		Thread halt = new Thread(() -> {
			try {
				Thread.sleep(5000);
			}
			catch (InterruptedException ex) {
				// halt now
			}
			Runtime.getRuntime().halt(status);
		});
		halt.setDaemon(true);
		halt.start();
		try {
			// its connections first: the native factories they use close with the engine
			worker.keeper.close();
			worker.factory.close();
		}
		finally {
			Runtime.getRuntime().halt(status);
		}
	}

	private void serve(Frames.Reader reader) throws IOException {
		while (true) {
			Frames.Frame frame = reader.read();
			if (frame.type() != Frames.SEND) {
				// this thread's own frames keep their order after the answers before them
				this.answers.flush();
			}
			if (frame.type() == Frames.CALL) {
				call(frame.id(), WorkerCodec.tree(frame.payload()));
			}
			else if (frame.type() == Frames.SEND) {
				send(frame.id(), frame.data());
			}
			else if (frame.type() == Frames.PING) {
				// answered here, between two calls: never by the engine's own threads
				this.writer.write(Frames.PONG, frame.id(), new byte[0]);
			}
		}
	}

	private void call(long id, JsonNode call) throws IOException {
		String key = call.path("s").asString();
		String name = call.path("m").asString();
		JsonNode args = call.path("a");
		try {
			if (EngineQueries.isQuery(name)) {
				reply(id, EngineQueries.answer(name, this.factory));
				return;
			}
			if (name.equals("open")) {
				SpecterConfig config = WorkerCodec.config(args.get(0));
				Specter specter = this.factory.create(config);
				this.specters.put(key, specter);
				this.keeper.start(config);
				reply(id, specter.id().value().toString());
				return;
			}
			Specter specter = this.specters.get(key);
			if (name.equals(ConnectionCreation.METHOD) && specter != null) {
				reply(id, ConnectionCreation.create(specter, args));
				return;
			}
			if (name.equals(Channel.ARM_LOW) && specter != null) {
				EngineHooks.armBufferedAmountLow(specter,
						(PeerConnectionId) WorkerCodec.convert(args.get(0), PeerConnectionId.class),
						(DataChannelId) WorkerCodec.convert(args.get(1), DataChannelId.class));
				reply(id, null);
				return;
			}
			if (WorkerMedia.handles(name)) {
				reply(id, this.media.call(specter, name, args));
				return;
			}
			Method method = METHODS.get(name + "/" + args.size());
			if (specter == null || method == null) {
				throw new IllegalStateException("Unknown call " + name + " on " + key);
			}
			Type[] types = method.getGenericParameterTypes();
			Object[] values = new Object[types.length];
			for (int i = 0; i < types.length; i++) {
				values[i] = WorkerCodec.convert(args.get(i), types[i]);
			}
			if (name.equals("setRemoteDescription") && this.unguarded != null) {
				this.unguarded.setRemoteDescription(((SessionDescription) values[1]).sdp());
			}
			Object result = method.invoke(specter, values);
			if (name.equals("close")) {
				this.specters.remove(key);
			}
			if (result instanceof CompletableFuture<?> future && ImmediateResults.doneAtOnce(future)) {
				// no ACCEPTED: the application completes its future before returning it
				reply(id, future.join());
			}
			else if (result instanceof CompletableFuture<?> future) {
				// before the result, which may be there already
				this.writer.write(Frames.ACCEPTED, id, new byte[0]);
				future.whenComplete((value, failure) -> replyLater(id, value, failure));
			}
			else {
				reply(id, result);
			}
		}
		catch (InvocationTargetException ex) {
			this.writer.write(Frames.ERROR, id, WorkerCodec.error(ex.getCause()));
		}
		catch (IOException ex) {
			throw ex;
		}
		catch (Throwable ex) {
			this.writer.write(Frames.ERROR, id, WorkerCodec.error(ex));
		}
	}

	private void send(long id, Frames.Payload payload) throws IOException {
		CompletableFuture<Void> future;
		try {
			Specter specter = this.specters.get(payload.specter().toString());
			PeerConnectionId pc = new PeerConnectionId(payload.peerConnection());
			DataChannelId channel = new DataChannelId(payload.channel());
			future = payload.binary() ? specter.sendBinary(pc, channel, payload.data())
					: specter.sendText(pc, channel, new String(payload.data(), StandardCharsets.UTF_8));
		}
		catch (Throwable ex) {
			this.answers.flush();
			this.writer.write(Frames.ERROR, id, WorkerCodec.error(ex));
			return;
		}
		if (future.isDone()) {
			if (!future.isCompletedExceptionally()) {
				// taken at once: answered with the next batch (before this thread waits)
				this.answers.add(id);
				return;
			}
			// its error is written now, on this thread: after the answers before it
			this.answers.flush();
		}
		future.whenComplete((value, failure) -> {
			if (failure != null) {
				replyLater(id, null, failure);
			}
			else {
				sent(id);
			}
		});
	}

	/** Answers a send that succeeded: {@link Frames#SENT}, no JSON. */
	private void sent(long id) {
		try {
			this.writer.write(Frames.SENT, id, NO_PAYLOAD);
		}
		catch (IOException ex) {
			// The socket is gone: the main thread sees it too and exits.
		}
	}

	private void reply(long id, Object value) throws IOException {
		this.writer.write(Frames.RESULT, id, WorkerCodec.writeBytes(value));
	}

	private void replyLater(long id, Object value, Throwable failure) {
		try {
			if (failure != null) {
				Throwable cause = (failure instanceof CompletionException && failure.getCause() != null)
						? failure.getCause() : failure;
				this.writer.write(Frames.ERROR, id, WorkerCodec.error(cause));
			}
			else {
				reply(id, value);
			}
		}
		catch (IOException ex) {
			// The socket is gone: the main thread sees it too and exits.
		}
	}

	private void forward(PayloadApplicationEvent<?> applicationEvent) {
		SpecterEvent event = (SpecterEvent) applicationEvent.getPayload();
		try {
			if (event instanceof DataChannelMessage message) {
				this.writer.write(Frames.MESSAGE, 0, new Frames.Payload(message.specter().value(),
						message.peerConnection().value(), message.channel().value(), message.binary(), message.data()));
			}
			else {
				this.writer.write(Frames.EVENT, 0, WorkerCodec.eventBytes(event));
			}
		}
		catch (IOException ex) {
			// The socket is gone: the main thread sees it too and exits.
		}
	}

	/**
	 * The abstract methods of {@link Specter} by name and parameter count (the default
	 * methods are conveniences over them, run in the application).
	 */
	private static Map<String, Method> methods() {
		Map<String, Method> methods = new HashMap<>();
		for (Method method : Specter.class.getMethods()) {
			if (!method.isDefault() && !Modifier.isStatic(method.getModifiers())) {
				String key = method.getName() + "/" + method.getParameterCount();
				if (methods.put(key, method) != null) {
					throw new IllegalStateException("Ambiguous Specter method " + key);
				}
			}
		}
		return Map.copyOf(methods);
	}

}
