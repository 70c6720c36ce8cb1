package dev.specter.stomp;

import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import jakarta.websocket.ContainerProvider;
import jakarta.websocket.WebSocketContainer;
import org.awaitility.Awaitility;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

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
 * A real STOMP-over-WebSocket client ({@link WebSocketStompClient}) that records what it
 * receives.
 */
final class StompTestClient implements AutoCloseable {

	static final JsonMapper JSON = JsonMapper.builder().build();

	private final WebSocketStompClient client;

	private final StompSession session;

	private final List<Received> received = new CopyOnWriteArrayList<>();

	private final List<Throwable> errors;

	private final List<ErrorFrame> errorFrames;

	private StompTestClient(WebSocketStompClient client, StompSession session, List<Throwable> errors,
			List<ErrorFrame> errorFrames) {
		this.client = client;
		this.session = session;
		this.errors = errors;
		this.errorFrames = errorFrames;
	}

	static StompTestClient connect(int port, String login) throws Exception {
		return connect(port, login, new WebSocketHttpHeaders());
	}

	/**
	 * Connects with large client-side buffers (8 MB), so that the server's limits are the
	 * ones under test: a 256 KB answer must reach the client.
	 */
	static StompTestClient connect(int port, String login, WebSocketHttpHeaders handshakeHeaders) throws Exception {
		WebSocketContainer container = ContainerProvider.getWebSocketContainer();
		container.setDefaultMaxTextMessageBufferSize(8 * 1024 * 1024);
		container.setDefaultMaxBinaryMessageBufferSize(8 * 1024 * 1024);
		WebSocketStompClient client = new WebSocketStompClient(new StandardWebSocketClient(container));
		client.setMessageConverter(new SimpleMessageConverter());
		client.setInboundMessageSizeLimit(8 * 1024 * 1024);
		StompHeaders connectHeaders = new StompHeaders();
		if (login != null) {
			connectHeaders.setLogin(login);
			connectHeaders.setPasscode("unused");
		}
		List<Throwable> errors = new CopyOnWriteArrayList<>();
		List<ErrorFrame> errorFrames = new CopyOnWriteArrayList<>();
		StompSession session = client.connectAsync("ws://127.0.0.1:" + port + "/ws", handshakeHeaders, connectHeaders,
				new StompSessionHandlerAdapter() {

					@Override
					public Type getPayloadType(StompHeaders headers) {
						return byte[].class;
					}

					@Override
					public void handleFrame(StompHeaders headers, Object payload) {
						errorFrames.add(new ErrorFrame(headers.getFirst("message"),
								new String((byte[]) payload, StandardCharsets.UTF_8)));
					}

					@Override
					public void handleTransportError(StompSession session, Throwable exception) {
						errors.add(exception);
					}

				})
			.get(10, TimeUnit.SECONDS);
		return new StompTestClient(client, session, errors, errorFrames);
	}

	/** STOMP ERROR frames received (the server closes the session after one). */
	List<ErrorFrame> errorFrames() {
		return List.copyOf(this.errorFrames);
	}

	/** Transport errors, such as the connection being lost. */
	List<Throwable> transportErrors() {
		return List.copyOf(this.errors);
	}

	StompSession session() {
		return this.session;
	}

	void subscribe(String destination) {
		StompHeaders headers = new StompHeaders();
		headers.setDestination(destination);
		subscribe(headers);
	}

	/**
	 * Subscribes with the given headers; what arrives is recorded under the destination
	 * header.
	 */
	void subscribe(StompHeaders headers) {
		String destination = headers.getDestination();
		this.session.subscribe(headers, new StompFrameHandler() {

			@Override
			public Type getPayloadType(StompHeaders headers) {
				return byte[].class;
			}

			@Override
			public void handleFrame(StompHeaders headers, Object payload) {
				String text = new String((byte[]) payload, StandardCharsets.UTF_8);
				StompTestClient.this.received.add(new Received(destination, JSON.readTree(text)));
			}

		});
	}

	/**
	 * Waits until this session's subscriptions are active (the simple broker sends no
	 * RECEIPT): sends a malformed signaling message until its error reply arrives on
	 * /user/queue/specter. Frames of a session are handled in order, so earlier
	 * subscriptions are active too.
	 */
	void sync() {
		Predicate<JsonNode> syncReply = (m) -> m.path("requestId").asString().startsWith("sync-");
		Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200)).until(() -> {
			if (messages().stream().anyMatch(syncReply)) {
				return true;
			}
			send("/app/specter/close", "{\"requestId\":\"sync-" + System.nanoTime() + "\"}");
			return false;
		});
	}

	void send(String destination, String json) {
		StompHeaders headers = new StompHeaders();
		headers.setDestination(destination);
		headers.setContentType(MimeTypeUtils.APPLICATION_JSON);
		this.session.send(headers, json.getBytes(StandardCharsets.UTF_8));
	}

	void send(String destination, ObjectNode json) {
		send(destination, JSON.writeValueAsString(json));
	}

	List<Received> received() {
		return List.copyOf(this.received);
	}

	List<JsonNode> messages() {
		return this.received.stream().map(Received::body).toList();
	}

	JsonNode await(Predicate<JsonNode> condition) {
		return await(condition, Duration.ofSeconds(20));
	}

	JsonNode await(Predicate<JsonNode> condition, Duration timeout) {
		return Awaitility.await()
			.atMost(timeout)
			.pollInterval(Duration.ofMillis(10))
			.until(() -> messages().stream().filter(condition).findFirst().orElse(null), (m) -> m != null);
	}

	static Predicate<JsonNode> type(String type) {
		return (m) -> type.equals(m.path("type").asString());
	}

	static Predicate<JsonNode> type(String type, Object peerConnection) {
		return (m) -> type.equals(m.path("type").asString())
				&& peerConnection.toString().equals(m.path("peerConnection").asString());
	}

	@Override
	public void close() {
		try {
			if (this.session.isConnected()) {
				this.session.disconnect();
			}
		}
		finally {
			this.client.stop();
		}
	}

	record Received(String destination, JsonNode body) {
	}

	record ErrorFrame(String message, String body) {
	}

}
