package dev.specter.stomp;

import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.messaging.converter.SimpleMessageConverter;
import org.springframework.messaging.simp.stomp.StompFrameHandler;
import org.springframework.messaging.simp.stomp.StompHeaders;
import org.springframework.messaging.simp.stomp.StompSession;
import org.springframework.messaging.simp.stomp.StompSessionHandlerAdapter;
import org.springframework.util.MimeTypeUtils;
import org.springframework.web.socket.WebSocketHttpHeaders;
import org.springframework.web.socket.client.standard.StandardWebSocketClient;
import org.springframework.web.socket.messaging.WebSocketStompClient;

/**
 * The fuzzer's browser: a real STOMP-over-WebSocket client that sends hostile signaling
 * JSON (and raw bytes) to the starter's inbound destinations and keeps only what the
 * check needs (the connection it owns, errors with code {@code INTERNAL}, connections to
 * close), so that a long run holds no growing list of replies.
 */
public final class StompFuzzClient {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final AtomicReference<String> CLOSE_REASON = new AtomicReference<>("");

	private final WebSocketStompClient client;

	private final StompSession session;

	private final Queue<String> internal = new ConcurrentLinkedQueue<>();

	private final Queue<String> created = new ConcurrentLinkedQueue<>();

	private final AtomicReference<CountDownLatch> sync = new AtomicReference<>();

	private final AtomicLong sequence = new AtomicLong();

	private volatile String owned;

	private volatile String syncId = "";

	private StompFuzzClient(WebSocketStompClient client, StompSession session) {
		this.client = client;
		this.session = session;
	}

	/**
	 * Connects as user "fuzz" and subscribes to the session's queue.
	 * @param port the server's port
	 * @return the client
	 * @throws Exception if it cannot connect
	 */
	public static StompFuzzClient connect(int port) throws Exception {
		WebSocketStompClient client = new WebSocketStompClient(new StandardWebSocketClient());
		client.setMessageConverter(new SimpleMessageConverter());
		client.setInboundMessageSizeLimit(1024 * 1024);
		StompHeaders connectHeaders = new StompHeaders();
		connectHeaders.setLogin("fuzz");
		connectHeaders.setPasscode("unused");
		StompSession session = client.connectAsync("ws://127.0.0.1:" + port + "/ws", new WebSocketHttpHeaders(),
				connectHeaders, new StompSessionHandlerAdapter() {

					@Override
					public void handleTransportError(StompSession session, Throwable exception) {
						CLOSE_REASON.set(String.valueOf(exception));
					}

				})
			.get(20, TimeUnit.SECONDS);
		StompFuzzClient fuzz = new StompFuzzClient(client, session);
		session.subscribe("/user/queue/specter", new StompFrameHandler() {

			@Override
			public Type getPayloadType(StompHeaders headers) {
				return byte[].class;
			}

			@Override
			public void handleFrame(StompHeaders headers, Object payload) {
				fuzz.received(new String((byte[]) payload, StandardCharsets.UTF_8));
			}

		});
		return fuzz;
	}

	private void received(String text) {
		try {
			JsonNode reply = JSON.readTree(text);
			String type = reply.path("type").asString("");
			if (type.equals("Created")) {
				this.created.add(reply.path("peerConnection").asString(""));
			}
			if (type.equals("Error") && reply.path("code").asString("").equals("INTERNAL")) {
				this.internal.add(text.length() > 300 ? text.substring(0, 300) : text);
			}
			CountDownLatch latch = this.sync.get();
			if (latch != null && this.syncId.equals(reply.path("requestId").asString(""))) {
				latch.countDown();
			}
		}
		catch (RuntimeException ex) {
			this.internal.add("unreadable reply: " + ex);
		}
	}

	/**
	 * Sends a fuzzed signaling message; {@code $PC} in it becomes the owned connection's
	 * id.
	 * @param command the destination's last part
	 * @param json the body
	 * @param bytes raw bytes to send instead, or {@code null}
	 */
	public void send(String command, String json, byte[] bytes) {
		String pc = (this.owned != null) ? this.owned : "00000000-0000-0000-0000-000000000000";
		byte[] body = (bytes != null) ? bytes : json.replace("$PC", pc).getBytes(StandardCharsets.UTF_8);
		StompHeaders headers = new StompHeaders();
		headers.setDestination("/app/specter/" + command);
		headers.setContentType(MimeTypeUtils.APPLICATION_JSON);
		this.session.send(headers, body);
	}

	/** Creates the connection this session owns (the target of {@code $PC}). */
	public void connectPeer() throws Exception {
		this.created.clear();
		send("connect", "{}", null);
		sync();
		String id = this.created.poll();
		if (id == null) {
			if (!this.session.isConnected()) {
				return;
			}
			throw new IllegalStateException("no Created reply");
		}
		this.owned = id;
	}

	/** Closes the owned connection. */
	public void closePeer() {
		if (this.owned != null) {
			send("close", "{\"peerConnection\":\"" + this.owned + "\"}", null);
			this.owned = null;
		}
	}

	/**
	 * Waits until every message sent before has been handled (frames of a session are
	 * handled in order; a close without a connection id answers with an error).
	 */
	public void sync() throws Exception {
		CountDownLatch latch = new CountDownLatch(1);
		this.syncId = "sync-" + this.sequence.incrementAndGet();
		this.sync.set(latch);
		send("close", "{\"requestId\":\"" + this.syncId + "\"}", null);
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
		while (!latch.await(100, TimeUnit.MILLISECONDS)) {
			if (!this.session.isConnected()) {
				return; // the server closed the session: nothing more will be handled for
						// it
			}
			if (System.nanoTime() > deadline) {
				throw new IllegalStateException("STOMP sync timed out");
			}
		}
	}

	/**
	 * After a batch: waits for the replies, closes connections the fuzzer created, starts
	 * a new owned connection, and returns the {@code INTERNAL} errors seen.
	 * @return the errors
	 */
	public List<String> settle() throws Exception {
		sync();
		String id;
		while ((id = this.created.poll()) != null) {
			send("close", "{\"peerConnection\":\"" + id + "\"}", null);
		}
		closePeer();
		connectPeer();
		List<String> errors = new ArrayList<>();
		String error;
		while ((error = this.internal.poll()) != null) {
			errors.add(error);
		}
		return errors;
	}

	/** Whether the WebSocket session is still open. */
	public boolean isConnected() {
		return this.session.isConnected();
	}

	/** What closed the session, as far as the client was told. */
	public String closeReason() {
		return CLOSE_REASON.get();
	}

	/** Disconnects. */
	public void close() {
		try {
			if (this.session.isConnected()) {
				this.session.disconnect();
			}
		}
		catch (RuntimeException ex) {
			// a broken session: the server ends it when the socket closes
		}
		finally {
			this.client.stop();
		}
	}

}
