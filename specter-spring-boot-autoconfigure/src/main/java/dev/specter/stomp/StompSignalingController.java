package dev.specter.stomp;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;
import java.util.function.Predicate;

import dev.specter.EngineFailedException;
import dev.specter.ErrorCode;
import dev.specter.PeerConnectionId;
import dev.specter.Specter;
import dev.specter.SpecterException;
import dev.specter.json.SpecterJson;
import dev.specter.signaling.IceCandidate;
import dev.specter.signaling.SdpType;
import dev.specter.signaling.SessionDescription;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.messaging.Message;
import org.springframework.messaging.handler.annotation.MessageMapping;
import org.springframework.stereotype.Controller;

/**
 * Signaling over STOMP, so that a browser can negotiate a peer connection with the
 * application without application code. The server answers: the browser creates the
 * offer.
 * <p>
 * Messages are JSON objects sent below the application destination prefix and
 * {@code specter.stomp.signaling.prefix} (so {@code /app/specter/offer} by default). Each
 * may carry a {@code requestId}, echoed in its reply or error. Replies and errors go to
 * the sending session's {@code /user/queue/specter}, with the relayed events:
 * <ul>
 * <li>{@code connect} {@code {}}: creates a peer connection owned by the caller; reply
 * {@code {"type": "Created", "peerConnection": id}}.</li>
 * <li>{@code offer} {@code {"peerConnection", "description": {"type": "offer", "sdp"}}}:
 * sets the remote description, creates the answer and sets it locally; reply
 * {@code {"type": "Answer", "peerConnection", "description"}}.</li>
 * <li>{@code answer} {@code {"peerConnection", "description": {"type": "answer",
 * "sdp"}}}: sets the answer to an offer the server sent (an {@code OfferCreated}
 * event).</li>
 * <li>{@code candidate} {@code {"peerConnection", "candidate": RTCIceCandidateInit |
 * null}}: adds a remote candidate; {@code null} or an empty candidate is
 * end-of-candidates.</li>
 * <li>{@code close} {@code {"peerConnection"}}: closes the connection.</li>
 * </ul>
 * Only the connection's {@link StompOwner} may act on it; for anyone else the connection
 * does not exist ({@code NOT_FOUND}, never revealing that it does). A bad message never
 * ends the session: it gets {@code {"type": "Error", "command", "code", "message",
 * "requestId"}} with an {@link ErrorCode} name ({@code LIMIT_EXCEEDED} when the session,
 * its user or, for an anonymous session, its remote address owns too many connections:
 * see {@link StompSignalingLimits}).
 * <p>
 * It is a {@code @Controller} only so that Spring's STOMP handler finds its
 * {@code @MessageMapping} methods; the auto-configuration declares it as a bean (no
 * scanning).
 */
@Controller
public class StompSignalingController {

	private static final Log logger = LogFactory.getLog(StompSignalingController.class);

	private final Specter specter;

	private final StompOwnership ownership;

	private final SpecterStompTemplate template;

	private final StompSignalingLimits limits;

	private final StompEngineFailures engineFailures = new StompEngineFailures();

	/**
	 * Creates the controller.
	 * @param specter the Specter instance that creates the connections
	 * @param ownership who owns which connection
	 * @param template where replies go
	 * @param maxConnectionsPerSession the most connections one session may own at a time
	 */
	public StompSignalingController(Specter specter, StompOwnership ownership, SpecterStompTemplate template,
			int maxConnectionsPerSession) {
		this(specter, ownership, template, new StompSignalingLimits(maxConnectionsPerSession,
				StompSignalingLimits.DEFAULTS.perUser(), StompSignalingLimits.DEFAULTS.perAddress()));
	}

	/**
	 * Creates the controller.
	 * @param specter the Specter instance that creates the connections
	 * @param ownership who owns which connection
	 * @param template where replies go
	 * @param limits the most connections one session, user or anonymous address may own
	 * at a time
	 */
	public StompSignalingController(Specter specter, StompOwnership ownership, SpecterStompTemplate template,
			StompSignalingLimits limits) {
		this.specter = specter;
		this.ownership = ownership;
		this.template = template;
		this.limits = limits;
	}

	/**
	 * Creates a peer connection owned by the sender.
	 * @param message the STOMP message
	 */
	@MessageMapping("${specter.stomp.signaling.prefix:/specter}/connect")
	public void connect(Message<?> message) {
		handle("connect", message, (caller, body, reply) -> {
			// Counted and created under the ownership's creation lock: concurrent
			// connects of one
			// client cannot both take the last slot.
			PeerConnectionId peerConnection = this.ownership.create(caller, () -> {
				checkLimits(caller);
				return this.specter.newPeerConnection();
			});
			reply.put("type", "Created");
			reply.put("peerConnection", peerConnection.toString());
			this.template.sendToSession(caller.sessionId(), reply);
		});
	}

	/**
	 * Applies the browser's offer and answers it.
	 * @param message the STOMP message
	 */
	@MessageMapping("${specter.stomp.signaling.prefix:/specter}/offer")
	public void offer(Message<?> message) {
		handle("offer", message, (caller, body, reply) -> {
			PeerConnectionId peerConnection = ownedConnection(caller, body);
			SessionDescription offer = description(body, SdpType.OFFER);
			CompletableFuture<SessionDescription> answered = this.specter.setRemoteDescription(peerConnection, offer)
				.thenCompose((ignored) -> this.specter.setLocalDescription(peerConnection));
			whenDone("offer", caller, reply, answered, (answer) -> {
				reply.put("type", "Answer");
				reply.put("peerConnection", peerConnection.toString());
				ObjectNode description = reply.putObject("description");
				description.put("type", answer.type().value());
				description.put("sdp", answer.sdp());
				this.template.sendToSession(caller.sessionId(), reply);
			});
		});
	}

	/**
	 * Applies the browser's answer to an offer of the server.
	 * @param message the STOMP message
	 */
	@MessageMapping("${specter.stomp.signaling.prefix:/specter}/answer")
	public void answer(Message<?> message) {
		handle("answer", message, (caller, body, reply) -> {
			PeerConnectionId peerConnection = ownedConnection(caller, body);
			SessionDescription answer = description(body, SdpType.ANSWER, SdpType.PRANSWER);
			whenDone("answer", caller, reply, this.specter.setRemoteDescription(peerConnection, answer), null);
		});
	}

	/**
	 * Adds the browser's ICE candidate.
	 * @param message the STOMP message
	 */
	@MessageMapping("${specter.stomp.signaling.prefix:/specter}/candidate")
	public void candidate(Message<?> message) {
		handle("candidate", message, (caller, body, reply) -> {
			PeerConnectionId peerConnection = ownedConnection(caller, body);
			JsonNode candidate = body.get("candidate");
			IceCandidate parsed;
			if (candidate == null || candidate.isNull()) {
				parsed = new IceCandidate("", null, null, null);
			}
			else if (candidate.isObject()) {
				parsed = IceCandidate.fromJson(SpecterJson.mapper().writeValueAsString(candidate));
			}
			else {
				throw new SignalingException(ErrorCode.INVALID_JSON,
						"'candidate' must be an RTCIceCandidateInit object or null");
			}
			whenDone("candidate", caller, reply, this.specter.addIceCandidate(peerConnection, parsed), null);
		});
	}

	/**
	 * Closes a peer connection of the sender.
	 * @param message the STOMP message
	 */
	@MessageMapping("${specter.stomp.signaling.prefix:/specter}/close")
	public void close(Message<?> message) {
		handle("close", message, (caller, body, reply) -> {
			PeerConnectionId peerConnection = ownedConnection(caller, body);
			this.specter.closePeerConnection(peerConnection);
		});
	}

	private void checkLimits(StompOwner caller) {
		if (this.engineFailures.refused(caller)) {
			throw new SignalingException(ErrorCode.LIMIT_EXCEEDED,
					"signaling of this client was in flight when " + StompEngineFailures.MAX_FAILURES
							+ " engine workers died within " + StompEngineFailures.WINDOW.toMinutes()
							+ " minutes; no new connection until then");
		}
		check(true, (owner) -> owner.sessionId().equals(caller.sessionId()), this.limits.perSession(), "this session",
				"max-connections-per-session");
		check(caller.isAuthenticated(), (owner) -> caller.user().equals(owner.user()), this.limits.perUser(),
				"this user", "max-connections-per-user");
		check(!caller.isAuthenticated() && caller.address() != null,
				(owner) -> !owner.isAuthenticated() && caller.address().equals(owner.address()),
				this.limits.perAddress(), "this address", "max-connections-per-address");
	}

	/**
	 * Counts the live connections of the matching owners; closed ones no longer count
	 * even before their closed event removed them from the ownership.
	 */
	private void check(boolean applies, Predicate<StompOwner> owners, int limit, String who, String property) {
		if (!applies) {
			return;
		}
		int live = 0;
		for (PeerConnectionId owned : this.ownership.ownedBy(owners)) {
			if (this.specter.peerConnectionExists(owned) && ++live >= limit) {
				throw new SignalingException(ErrorCode.LIMIT_EXCEEDED, who + " already owns " + limit
						+ " peer connections (specter.stomp.signaling." + property + ")");
			}
		}
	}

	private PeerConnectionId ownedConnection(StompOwner caller, JsonNode body) {
		String text = requiredText(body, "peerConnection");
		PeerConnectionId peerConnection;
		try {
			peerConnection = PeerConnectionId.of(text);
		}
		catch (SpecterException ex) {
			throw new SignalingException(ErrorCode.INVALID_ARGUMENT, "'peerConnection' must be a peer connection id");
		}
		if (!this.ownership.isOwnedBy(peerConnection, caller) || !this.specter.peerConnectionExists(peerConnection)) {
			throw new SignalingException(ErrorCode.NOT_FOUND, "peer connection " + peerConnection + " does not exist");
		}
		return peerConnection;
	}

	private static SessionDescription description(JsonNode body, SdpType... allowed) {
		JsonNode description = body.get("description");
		if (description == null || !description.isObject()) {
			throw new SignalingException(ErrorCode.INVALID_JSON, "'description' must be an object {type, sdp}");
		}
		SessionDescription parsed = SessionDescription.fromJson(SpecterJson.mapper().writeValueAsString(description));
		for (SdpType type : allowed) {
			if (parsed.type() == type) {
				return parsed;
			}
		}
		throw new SignalingException(ErrorCode.INVALID_ARGUMENT,
				"description type must be " + allowed[0].value() + ", not " + parsed.type().value());
	}

	private static String requiredText(JsonNode body, String name) {
		JsonNode value = body.get(name);
		if (value == null || !value.isString()) {
			throw new SignalingException(ErrorCode.INVALID_JSON, "'" + name + "' must be a string");
		}
		return value.stringValue();
	}

	private <T> void whenDone(String command, StompOwner caller, ObjectNode reply, CompletableFuture<T> future,
			@Nullable Consumer<T> success) {
		future.whenComplete((value, failure) -> {
			try {
				if (failure != null) {
					if (unwrap(failure) instanceof EngineFailedException) {
						this.engineFailures.record(caller);
					}
					sendError(command, caller, reply, failure);
				}
				else if (success != null) {
					success.accept(value);
				}
			}
			catch (RuntimeException ex) {
				logger.warn("Could not reply to STOMP " + command + " of session " + caller.sessionId(), ex);
			}
		});
	}

	private void handle(String command, Message<?> message, Command handler) {
		StompOwner caller;
		try {
			caller = StompOwner.of(message);
		}
		catch (IllegalArgumentException ex) {
			logger.debug("Ignoring STOMP " + command + " without a session");
			return;
		}
		ObjectNode reply = JsonNodeFactory.instance.objectNode();
		try {
			JsonNode body = parse(message.getPayload());
			JsonNode requestId = body.get("requestId");
			if (requestId != null && (requestId.isString() || requestId.isNumber())) {
				reply.set("requestId", requestId);
			}
			handler.handle(caller, body, reply);
		}
		catch (RuntimeException ex) {
			sendError(command, caller, reply, ex);
		}
	}

	private void sendError(String command, StompOwner caller, ObjectNode reply, Throwable failure) {
		Throwable cause = unwrap(failure);
		String code;
		String text;
		if (cause instanceof SpecterException specterException) {
			code = specterException.code().name();
			text = cause.getMessage();
		}
		else if (cause instanceof SignalingException signalingException) {
			code = signalingException.code.name();
			text = cause.getMessage();
		}
		else {
			code = "INTERNAL";
			text = "the server could not handle the message";
			logger.warn("STOMP " + command + " of session " + caller.sessionId() + " failed", cause);
		}
		ObjectNode error = JsonNodeFactory.instance.objectNode();
		error.put("type", "Error");
		error.put("command", command);
		error.put("code", code);
		error.put("message", text);
		if (reply.has("requestId")) {
			error.set("requestId", reply.get("requestId"));
		}
		this.template.sendToSession(caller.sessionId(), error);
	}

	private static Throwable unwrap(Throwable failure) {
		Throwable cause = failure;
		while ((cause instanceof CompletionException || cause instanceof ExecutionException)
				&& cause.getCause() != null) {
			cause = cause.getCause();
		}
		return cause;
	}

	private static JsonNode parse(Object payload) {
		String json = (payload instanceof byte[] bytes) ? new String(bytes, StandardCharsets.UTF_8)
				: String.valueOf(payload);
		JsonNode node;
		try {
			node = json.isBlank() ? JsonNodeFactory.instance.objectNode() : SpecterJson.mapper().readTree(json);
		}
		catch (JacksonException ex) {
			throw new SignalingException(ErrorCode.INVALID_JSON, "the message is not valid JSON");
		}
		if (node == null || !node.isObject()) {
			throw new SignalingException(ErrorCode.INVALID_JSON, "the message must be a JSON object");
		}
		return node;
	}

	@FunctionalInterface
	private interface Command {

		void handle(StompOwner caller, JsonNode body, ObjectNode reply);

	}

	private static final class SignalingException extends RuntimeException {

		private final ErrorCode code;

		SignalingException(ErrorCode code, String message) {
			super(message, null, false, false);
			this.code = code;
		}

	}

}
