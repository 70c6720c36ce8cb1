package dev.specter.test;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import dev.specter.PeerConnectionId;
import dev.specter.Specter;
import dev.specter.SpecterListener;
import dev.specter.event.DataChannelMessage;

/**
 * Echoes every data-channel message received by an enrolled connection, as text or
 * binary.
 */
public class EchoBot {

	private final Specter specter;

	private final Set<PeerConnectionId> enrolled = ConcurrentHashMap.newKeySet();

	public EchoBot(Specter specter) {
		this.specter = specter;
	}

	public void enroll(PeerConnectionId pc) {
		this.enrolled.add(pc);
	}

	@SpecterListener
	public void onMessage(DataChannelMessage message) {
		if (!this.enrolled.contains(message.peerConnection())) {
			return;
		}
		if (message.binary()) {
			this.specter.sendBinary(message.peerConnection(), message.channel(), message.data());
		}
		else {
			this.specter.sendText(message.peerConnection(), message.channel(), "echo: " + message.text());
		}
	}

}
