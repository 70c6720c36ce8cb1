package dev.specter.fuzz;

import java.io.BufferedReader;
import java.io.File;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

import dev.onvoid.webrtc.PeerConnectionFactory;
import dev.onvoid.webrtc.PeerConnectionObserver;
import dev.onvoid.webrtc.RTCConfiguration;
import dev.onvoid.webrtc.RTCIceCandidate;
import dev.onvoid.webrtc.RTCPeerConnection;
import dev.onvoid.webrtc.RTCSdpType;
import dev.onvoid.webrtc.RTCSessionDescription;
import dev.onvoid.webrtc.SetSessionDescriptionObserver;
import dev.onvoid.webrtc.media.audio.HeadlessAudioDeviceModule;
import dev.specter.ApiId;
import dev.specter.MediaEngineId;
import dev.specter.PeerConnectionId;
import dev.specter.Specter;
import dev.specter.SpecterConfig;
import dev.specter.SpecterException;
import dev.specter.SpecterFactory;
import dev.specter.TrackId;
import dev.specter.datachannel.DataChannelOptions;
import dev.specter.ice.IceServer;
import dev.specter.media.RtpCodecCapability;
import dev.specter.signaling.IceCandidate;
import dev.specter.signaling.SdpType;
import dev.specter.signaling.SessionDescription;
import dev.specter.stomp.StompFuzzClient;
import dev.specter.stomp.StompOwnership;
import dev.specter.stomp.StompTestApplication;
import dev.specter.webrtc.DefaultSpecterFactory;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The target of {@code NativeFuzzIT}, in its own JVM: a Spring Boot application with
 * Specter and STOMP signaling on a random port. Reads commands from stdin:
 * {@code RUN <from> <to>} runs inputs {@code from} to {@code to - 1} of
 * {@link FuzzInputs} (printing {@code S <i>} before each, so that the parent knows which
 * input a crash interrupted), waits for their futures and prints {@code B <to>};
 * {@code END} closes everything and prints the native handle and thread counts
 * ({@code STATS}), which the parent compares with the baseline ({@code BASE}) printed at
 * start. An exception outside the documented types is printed as {@code E <i> <what>}.
 */
public final class FuzzChild {

	private static final int VICTIMS = 6;

	private static PrintStream PROTOCOL;

	private final PrintStream out;

	private final Specter specter;

	private final SpecterFactory factory;

	private final DefaultSpecterFactory resources;

	private final FuzzInputs inputs;

	private StompFuzzClient stomp;

	private final int port;

	private final ApiId api;

	private final List<PeerConnectionId> victims = new ArrayList<>();

	private final List<Pending> pending = new ArrayList<>();

	private RTCPeerConnection raw;

	private long started;

	private FuzzChild(PrintStream out, ConfigurableApplicationContext context, FuzzInputs inputs) throws Exception {
		this.out = out;
		this.specter = context.getBean(Specter.class);
		this.factory = context.getBean(SpecterFactory.class);
		this.resources = context.getBean(DefaultSpecterFactory.class);
		this.inputs = inputs;
		this.port = Integer.parseInt(context.getEnvironment().getProperty("local.server.port"));
		this.stomp = StompFuzzClient.connect(this.port);
		this.api = this.specter.defaultApi();
	}

	public static void main(String[] args) {
		try {
			run(args);
		}
		catch (Throwable ex) {
			// a harness failure must not leave a JVM kept alive by native threads
			ex.printStackTrace();
			if (PROTOCOL != null) {
				PROTOCOL.println("E -1 HARNESS " + FuzzInputs.escape(ex.toString()));
			}
			System.exit(3);
		}
	}

	private static void run(String[] args) throws Exception {
		long seed = Long.parseLong(args[0]);
		Path corpus = Path.of(args[1]);
		long crashAt = Long.parseLong(args[2]);
		PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
		PROTOCOL = out;
		System.setOut(System.err); // only the protocol on stdout
		ConfigurableApplicationContext context = new SpringApplicationBuilder(StompTestApplication.class)
			.properties("server.port=0", "server.address=127.0.0.1", "specter.ice-servers=",
					"specter.stomp.enabled=true", "specter.stomp.signaling.enabled=true",
					"specter.operation-timeout=2s", "spring.main.banner-mode=off", "logging.level.root=error",
					"logging.level.dev.specter=off", "specter.stomp.signaling.max-connections-per-session=4")
			.run();
		FuzzChild child = new FuzzChild(out, context, new FuzzInputs(seed, corpus, crashAt));
		child.warmUp();
		out.println("BASE " + child.counts());
		out.println("READY");
		BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
		String command;
		while ((command = in.readLine()) != null) {
			String[] words = command.split(" ");
			if (words[0].equals("RUN")) {
				long to = Long.parseLong(words[2]);
				for (long i = Long.parseLong(words[1]); i < to; i++) {
					out.println("S " + i);
					FuzzInputs.Input input;
					try {
						input = child.inputs.generate(i);
					}
					catch (RuntimeException ex) {
						out.println("E " + i + " HARNESS " + FuzzInputs.escape(ex.toString()));
						continue;
					}
					child.run(input);
				}
				child.settle();
				out.println("B " + to);
			}
			else if (words[0].equals("END")) {
				child.end();
				out.println("N -1 timing " + child.timing());
				out.println("N -1 outcomes " + child.outcomes);
				for (PeerConnectionId left : child.specter.peerConnections()) {
					out.println("N -1 left open: " + left + " " + child.specter.signalingState(left) + " owner "
							+ context.getBean(StompOwnership.class).ownerOf(left));
				}
				out.println("STATS " + child.counts());
				break;
			}
		}
		context.close();
		out.println("EXIT");
		out.flush();
		System.exit(0);
	}

	private void warmUp() throws Exception {
		for (int i = 0; i < 2; i++) {
			PeerConnectionId pc = this.specter.newPeerConnection(this.api);
			this.specter.setRemoteDescription(pc, new SessionDescription(SdpType.OFFER, this.inputs.realSdp(i)))
				.get(10, TimeUnit.SECONDS);
			this.specter.setLocalDescription(pc).get(10, TimeUnit.SECONDS);
			this.specter.closePeerConnection(pc);
		}
		this.stomp.connectPeer();
		this.stomp.sync();
		this.stomp.closePeer();
		this.stomp.sync();
		Thread.sleep(500);
	}

	private String counts() {
		String[] tasks = new File("/proc/self/task").list();
		String[] fds = new File("/proc/self/fd").list();
		return "connections=" + this.resources.resources().openConnections() + " channels="
				+ this.resources.resources().openDataChannels() + " tracks=" + this.resources.resources().openTracks()
				+ " javaThreads=" + ManagementFactory.getThreadMXBean().getThreadCount() + " osThreads="
				+ ((tasks != null) ? tasks.length : -1) + " fds=" + ((fds != null) ? fds.length : -1) + " specters="
				+ this.factory.instances().size();
	}

	private PeerConnectionId victim(FuzzInputs.Input input, boolean wantRemote) throws Exception {
		if (this.victims.size() < VICTIMS || (this.started++ % 150) == 0) {
			if (this.victims.size() >= VICTIMS) {
				close(this.victims.remove(0));
			}
			PeerConnectionId pc = this.specter.newPeerConnection(this.api);
			if (this.victims.size() % 2 == 0) {
				try {
					this.specter
						.setRemoteDescription(pc,
								new SessionDescription(SdpType.OFFER, this.inputs.realSdp((int) input.index())))
						.get(10, TimeUnit.SECONDS);
				}
				catch (ExecutionException ex) {
					// a real description that is an answer of another stack may not
					// apply: fine
				}
			}
			this.victims.add(pc);
		}
		int pick = (int) Math.floorMod(input.index() * 31 + input.numbers()[0], (long) this.victims.size());
		if (wantRemote && pick % 2 == 1) {
			pick--;
		}
		return this.victims.get(pick);
	}

	private void close(PeerConnectionId pc) {
		try {
			this.specter.closePeerConnection(pc);
		}
		catch (SpecterException ex) {
			// already closed
		}
	}

	private final Map<String, long[]> timing = new TreeMap<>();

	private void time(String what, long started) {
		long[] entry = this.timing.computeIfAbsent(what, (k) -> new long[2]);
		entry[0]++;
		entry[1] += System.nanoTime() - started;
	}

	private final Map<String, Long> outcomes = new TreeMap<>();

	private void outcome(String op, String outcome) {
		this.outcomes.merge(op + " " + outcome, 1L, Long::sum);
	}

	private String timing() {
		StringBuilder text = new StringBuilder();
		this.timing.forEach((what, entry) -> text.append(what)
			.append('=')
			.append(entry[0])
			.append('/')
			.append(entry[1] / 1_000_000)
			.append("ms "));
		return text.toString().trim();
	}

	private void run(FuzzInputs.Input input) {
		long started = System.nanoTime();
		try {
			runTimed(input);
		}
		finally {
			time(input.op().name(), started);
		}
	}

	private void runTimed(FuzzInputs.Input input) {
		try {
			switch (input.op()) {
				case SET_REMOTE -> {
					PeerConnectionId pc = victim(input, false);
					call(input, () -> this.specter.setRemoteDescription(pc,
							new SessionDescription(type(input), input.texts().get(0))));
				}
				case SET_REMOTE_JSON -> {
					PeerConnectionId pc = victim(input, false);
					call(input, () -> this.specter.setRemoteDescription(pc, input.texts().get(0)));
				}
				case SET_LOCAL -> {
					PeerConnectionId pc = victim(input, false);
					call(input, () -> this.specter.setLocalDescription(pc,
							new SessionDescription(type(input), input.texts().get(0))));
				}
				case SET_LOCAL_JSON -> {
					PeerConnectionId pc = victim(input, false);
					call(input, () -> this.specter.setLocalDescription(pc, input.texts().get(0)));
				}
				case CANDIDATE -> {
					PeerConnectionId pc = victim(input, true);
					call(input, () -> this.specter.addIceCandidate(pc,
							new IceCandidate(input.texts().get(0), input.texts().get(1), input.numbers()[0], null)));
				}
				case CANDIDATE_JSON -> {
					PeerConnectionId pc = victim(input, true);
					call(input, () -> this.specter.addIceCandidate(pc, input.texts().get(0)));
				}
				case DATA_CHANNEL -> {
					PeerConnectionId pc = victim(input, false);
					call(input, () -> this.specter.createDataChannel(pc, input.texts().get(0),
							DataChannelOptions.DEFAULT.withProtocol(input.texts().get(1))));
				}
				case NEW_TRACK -> call(input, () -> {
					TrackId track = this.specter.newTrack(RtpCodecCapability.of(input.texts().get(0)),
							input.texts().get(1), input.texts().get(2));
					this.specter.closeTrack(track);
					return null;
				});
				case MEDIA_ENGINE -> call(input, () -> {
					MediaEngineId engine = this.specter
						.newMediaEngine(List.of(new RtpCodecCapability(input.texts().get(0), input.numbers()[1],
								input.numbers()[2], input.texts().get(1))));
					PeerConnectionId pc = this.specter
						.newPeerConnection(this.specter.newApi(engine, this.specter.newRegistry(engine)));
					this.specter.closePeerConnection(pc);
					return null;
				});
				case CONFIG -> call(input, () -> {
					try (Specter other = this.factory.create(new SpecterConfig(List
						.of(new IceServer(List.of(input.texts().get(0)), input.texts().get(1), input.texts().get(2))),
							null, null, null))) {
						PeerConnectionId pc = other.newPeerConnection();
						other.closePeerConnection(pc);
					}
					return null;
				});
				case STOMP -> stomp(input);
				case RAW_SET_REMOTE -> rawSetRemote(input.texts().get(0));
			}
		}
		catch (SpecterException ex) {
			outcome(input.op().name(), "thrown " + ex.code().name());
		}
		catch (Throwable ex) {
			escape(input.index(), ex);
		}
	}

	/**
	 * Sends a STOMP input. The server may close the WebSocket (a frame over its size
	 * limit, a text frame that is not UTF-8): that is the transport protecting itself,
	 * not an escape; the fuzzer reconnects and counts it.
	 */
	private void stomp(FuzzInputs.Input input) throws Exception {
		if (!this.stomp.isConnected()) {
			this.out.println(
					"N " + input.index() + " STOMP reconnect after: " + FuzzInputs.escape(this.stomp.closeReason()));
			this.stomp.close();
			this.stomp = StompFuzzClient.connect(this.port);
			this.stomp.connectPeer();
		}
		try {
			this.stomp.send(input.texts().get(0), input.texts().get(1), input.bytes());
		}
		catch (RuntimeException ex) {
			// Thrown by the fuzzer's own STOMP client (its WebSocket send failed: the
			// server closed
			// the session, or the client's heartbeat raced the send): the server's
			// handling is
			// asynchronous and reports through replies, which settle() checks. Start
			// afresh.
			this.out.println("N " + input.index() + " STOMP client send failed: " + FuzzInputs.escape(ex.toString()));
			this.stomp.close();
			this.stomp = StompFuzzClient.connect(this.port);
			this.stomp.connectPeer();
		}
	}

	private SdpType type(FuzzInputs.Input input) {
		return switch (input.numbers()[1] % 7) {
			case 0, 1, 2 -> SdpType.OFFER;
			case 3, 4 -> SdpType.ANSWER;
			case 5 -> SdpType.PRANSWER;
			default -> SdpType.ROLLBACK;
		};
	}

	private void call(FuzzInputs.Input input, Supplier<?> call) {
		Object result = call.get();
		if (result instanceof CompletableFuture<?> future) {
			this.pending.add(new Pending(input.index(), input.op().name(), future));
		}
	}

	/**
	 * Waits for the futures of the batch, checks their failures, and the STOMP replies.
	 */
	private void settle() {
		long started = System.nanoTime();
		try {
			settleTimed();
		}
		finally {
			time("settle", started);
		}
	}

	private void settleTimed() {
		long futuresStarted = System.nanoTime();
		for (Pending entry : this.pending) {
			try {
				entry.future().get(20, TimeUnit.SECONDS);
				outcome(entry.op(), "ok");
			}
			catch (ExecutionException ex) {
				if (ex.getCause() instanceof SpecterException specterException) {
					outcome(entry.op(), specterException.code().name());
				}
				else {
					escape(entry.index(), ex.getCause());
				}
			}
			catch (TimeoutException ex) {
				this.out.println("E " + entry.index() + " STUCK: the future did not complete within 20 s");
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
		}
		this.pending.clear();
		time("settle-futures", futuresStarted);
		for (int attempt = 0; attempt < 3; attempt++) {
			try {
				if (!this.stomp.isConnected()) {
					this.out.println("N -1 STOMP reconnect after: " + FuzzInputs.escape(this.stomp.closeReason()));
					this.stomp.close();
					this.stomp = StompFuzzClient.connect(this.port);
					this.stomp.connectPeer();
				}
				for (String internal : this.stomp.settle()) {
					this.out.println("E -1 STOMP INTERNAL " + FuzzInputs.escape(internal));
				}
				return;
			}
			catch (Exception ex) {
				if (this.stomp.isConnected()) {
					escape(-1, ex);
					return;
				}
				// closed by the server meanwhile: reconnect and settle again
			}
		}
	}

	private void end() throws Exception {
		settle();
		for (PeerConnectionId pc : this.victims) {
			close(pc);
		}
		this.victims.clear();
		this.stomp.closePeer();
		this.stomp.sync();
		// ending the STOMP session closes what it still owns (StompSessionCleanup)
		this.stomp.close();
		if (this.raw != null) {
			this.raw.close();
		}
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
		while (System.nanoTime() < deadline
				&& (!this.specter.peerConnections().isEmpty() || this.resources.resources().openConnections() > 0)) {
			Thread.sleep(100);
		}
		Thread.sleep(1000);
	}

	private void escape(long index, Throwable ex) {
		this.out.println("E " + index + " " + ex.getClass().getName() + ": "
				+ FuzzInputs.escape(String.valueOf(ex.getMessage())));
	}

	/**
	 * Test-only: hands the SDP to webrtc-java directly, as the starter did before the
	 * guard.
	 */
	private void rawSetRemote(String sdp) {
		if (this.raw == null) {
			PeerConnectionFactory rawFactory = new PeerConnectionFactory(new HeadlessAudioDeviceModule());
			this.raw = rawFactory.createPeerConnection(new RTCConfiguration(), new PeerConnectionObserver() {

				@Override
				public void onIceCandidate(RTCIceCandidate candidate) {
				}

			});
		}
		this.raw.setRemoteDescription(new RTCSessionDescription(RTCSdpType.OFFER, sdp),
				new SetSessionDescriptionObserver() {

					@Override
					public void onSuccess() {
					}

					@Override
					public void onFailure(String error) {
					}

				});
	}

	private record Pending(long index, String op, CompletableFuture<?> future) {
	}

}
