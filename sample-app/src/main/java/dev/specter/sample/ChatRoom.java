package dev.specter.sample;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.specter.DataChannelId;
import dev.specter.PeerConnectionId;
import dev.specter.Specter;
import dev.specter.SpecterListener;
import dev.specter.event.DataChannelMessage;
import dev.specter.event.DataChannelReceived;
import dev.specter.event.PeerConnectionClosed;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.stereotype.Component;

/**
 * Chat rooms over data channels, written only with {@code @SpecterListener} methods and
 * {@link Specter#sendText}. A browser opens a data channel labelled {@code chat} and
 * sends JSON: {@code {"type": "join", "room", "name"}} then {@code {"type": "chat",
 * "text"}}. The server echoes each chat message to its sender and relays it to the other
 * members of the room.
 */
@Component
class ChatRoom {

	static final String LABEL = "chat";

	private static final Log logger = LogFactory.getLog(ChatRoom.class);

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final int MAX_TEXT = 2000;

	private final Specter specter;

	private final Map<PeerConnectionId, DataChannelId> channels = new ConcurrentHashMap<>();

	private final Map<PeerConnectionId, Member> members = new ConcurrentHashMap<>();

	ChatRoom(Specter specter) {
		this.specter = specter;
	}

	@SpecterListener(specter = "specter")
	void onChannel(DataChannelReceived event) {
		if (LABEL.equals(event.label())) {
			this.channels.put(event.peerConnection(), event.channel());
		}
	}

	@SpecterListener(specter = "specter")
	void onMessage(DataChannelMessage event) {
		DataChannelId channel = this.channels.get(event.peerConnection());
		if (event.binary() || !event.channel().equals(channel)) {
			return;
		}
		JsonNode message;
		try {
			message = JSON.readTree(event.text());
		}
		catch (JacksonException ex) {
			send(event.peerConnection(), notice("error", "messages must be JSON"));
			return;
		}
		switch (message.path("type").asString("")) {
			case "join" -> join(event.peerConnection(), channel, message);
			case "chat" -> chat(event.peerConnection(), message);
			default -> send(event.peerConnection(), notice("error", "unknown message type"));
		}
	}

	@SpecterListener(specter = "specter")
	void onClosed(PeerConnectionClosed event) {
		this.channels.remove(event.peerConnection());
		Member member = this.members.remove(event.peerConnection());
		if (member != null) {
			broadcast(member, notice("left", member.name() + " left"));
		}
	}

	private void join(PeerConnectionId pc, DataChannelId channel, JsonNode message) {
		String room = clip(message.path("room").asString("lobby"), 40);
		String name = clip(message.path("name").asString("guest"), 40);
		Member member = new Member(pc, channel, room.isBlank() ? "lobby" : room, name.isBlank() ? "guest" : name);
		this.members.put(pc, member);
		List<String> present = membersOf(member.room()).stream().map(Member::name).toList();
		ObjectNode joined = notice("joined", "you joined " + member.room());
		joined.put("room", member.room());
		present.forEach(joined.putArray("members")::add);
		send(pc, joined);
		broadcast(member, notice("presence", member.name() + " joined"));
	}

	private void chat(PeerConnectionId pc, JsonNode message) {
		Member member = this.members.get(pc);
		if (member == null) {
			send(pc, notice("error", "join a room first"));
			return;
		}
		String text = clip(message.path("text").asString(""), MAX_TEXT);
		ObjectNode echo = JSON.createObjectNode();
		echo.put("type", "echo");
		echo.put("text", text);
		send(pc, echo);
		ObjectNode relayed = JSON.createObjectNode();
		relayed.put("type", "chat");
		relayed.put("from", member.name());
		relayed.put("text", text);
		broadcast(member, relayed);
	}

	private List<Member> membersOf(String room) {
		return this.members.values().stream().filter((m) -> m.room().equals(room)).toList();
	}

	private void broadcast(Member from, ObjectNode message) {
		for (Member member : membersOf(from.room())) {
			if (!member.pc().equals(from.pc())) {
				send(member.pc(), message);
			}
		}
	}

	private void send(PeerConnectionId pc, ObjectNode message) {
		DataChannelId channel = this.channels.get(pc);
		if (channel == null || !this.specter.peerConnectionExists(pc)) {
			return;
		}
		try {
			this.specter.sendText(pc, channel, JSON.writeValueAsString(message)).exceptionally((ex) -> {
				logger.debug("Could not send to " + pc + ": " + ex.getMessage());
				return null;
			});
		}
		catch (RuntimeException ex) {
			logger.debug("Could not send to " + pc + ": " + ex.getMessage());
		}
	}

	private static ObjectNode notice(String type, String text) {
		ObjectNode node = JSON.createObjectNode();
		node.put("type", type);
		node.put("text", text);
		return node;
	}

	private static String clip(String text, int max) {
		String trimmed = text.strip();
		return (trimmed.length() > max) ? trimmed.substring(0, max) : trimmed;
	}

	record Member(PeerConnectionId pc, DataChannelId channel, String room, String name) {
	}

}
