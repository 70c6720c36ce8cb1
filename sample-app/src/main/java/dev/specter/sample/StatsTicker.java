package dev.specter.sample;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import dev.specter.PeerConnectionId;
import dev.specter.Specter;
import dev.specter.SpecterListener;
import dev.specter.event.ConnectionStateChanged;
import dev.specter.event.PeerConnectionClosed;
import dev.specter.signaling.ConnectionState;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Asks for the statistics of every connected peer connection once a second. Each report
 * is a {@code StatsReported} event, which the relay sends to the connection's owner: the
 * page draws bytes per second from it.
 */
@Component
class StatsTicker {

	private final Specter specter;

	private final Set<PeerConnectionId> connected = ConcurrentHashMap.newKeySet();

	StatsTicker(Specter specter) {
		this.specter = specter;
	}

	@SpecterListener(specter = "specter")
	void onState(ConnectionStateChanged event) {
		if (event.state() == ConnectionState.CONNECTED) {
			this.connected.add(event.peerConnection());
		}
		else if (event.state() == ConnectionState.CLOSED || event.state() == ConnectionState.FAILED) {
			this.connected.remove(event.peerConnection());
		}
	}

	@SpecterListener(specter = "specter")
	void onClosed(PeerConnectionClosed event) {
		this.connected.remove(event.peerConnection());
	}

	@Scheduled(fixedRate = 1000)
	void tick() {
		for (PeerConnectionId pc : this.connected) {
			if (this.specter.peerConnectionExists(pc)) {
				this.specter.getStats(pc).exceptionally((ex) -> null);
			}
			else {
				this.connected.remove(pc);
			}
		}
	}

}
