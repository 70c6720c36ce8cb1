package dev.specter.stomp;

import java.util.Optional;

import dev.specter.PeerConnectionId;
import dev.specter.SpecterListener;
import dev.specter.event.PeerConnectionClosed;
import dev.specter.event.SpecterEvent;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.node.ObjectNode;

/**
 * Relays Specter events to STOMP: each event of a relayed type becomes a JSON message
 * (see {@link SpecterStompTemplate} for the routing) sent to the connection's
 * {@link StompOwner} only, and, when configured, to a public per-connection topic. Events
 * of connections without an owner are not sent to any user. A connection's ownership ends
 * with its {@link PeerConnectionClosed} event, which is relayed first.
 * <p>
 * The relay is a {@link SpecterListener @SpecterListener}: it runs on Specter's dispatch
 * threads, and a failure to send goes to the {@link dev.specter.SpecterErrorHandler}.
 */
public final class SpecterStompRelay {

	private final StompOwnership ownership;

	private final SpecterStompTemplate template;

	private final SpecterEventTypes types;

	private final SpecterEventMessages messages;

	private final @Nullable String publicTopicPrefix;

	/**
	 * Creates the relay.
	 * @param ownership who owns which connection
	 * @param template where messages go
	 * @param types the relayed event types
	 * @param maxPayloadBytes the largest data channel payload written into a message
	 * @param publicTopicPrefix the prefix of the per-connection topic, or {@code null}
	 * for none
	 */
	public SpecterStompRelay(StompOwnership ownership, SpecterStompTemplate template, SpecterEventTypes types,
			int maxPayloadBytes, @Nullable String publicTopicPrefix) {
		this.ownership = ownership;
		this.template = template;
		this.types = types;
		this.messages = new SpecterEventMessages(maxPayloadBytes);
		this.publicTopicPrefix = publicTopicPrefix;
	}

	/**
	 * Relays one event.
	 * @param event the event
	 */
	@SpecterListener
	public void relay(SpecterEvent event) {
		PeerConnectionId peerConnection = event.peerConnection();
		try {
			if (!this.types.relays(event)) {
				return;
			}
			Optional<StompOwner> owner = this.ownership.ownerOf(peerConnection);
			if (owner.isEmpty() && this.publicTopicPrefix == null) {
				return;
			}
			ObjectNode message = this.messages.toMessage(event);
			owner.ifPresent((o) -> this.template.sendToOwner(o, message));
			if (this.publicTopicPrefix != null) {
				this.template.sendToDestination(this.publicTopicPrefix + peerConnection, message);
			}
		}
		finally {
			if (event instanceof PeerConnectionClosed) {
				this.ownership.remove(peerConnection);
			}
		}
	}

}
