package dev.specter.test;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.specter.PeerConnectionId;
import dev.specter.Specter;
import dev.specter.SpecterListener;
import dev.specter.event.IceCandidateGathered;
import dev.specter.event.PeerConnectionClosed;

/**
 * Trickles candidates between linked peer connections of one JVM: the signaling a real
 * application does over the network, done with a {@code @SpecterListener}.
 */
public class CandidateRelay {

	private final Map<PeerConnectionId, Link> links = new ConcurrentHashMap<>();

	public void link(Specter specterA, PeerConnectionId a, Specter specterB, PeerConnectionId b) {
		this.links.put(a, new Link(specterB, b));
		this.links.put(b, new Link(specterA, a));
	}

	@SpecterListener
	public void onCandidate(IceCandidateGathered event) {
		Link link = this.links.get(event.peerConnection());
		if (link != null && link.specter().peerConnectionExists(link.peer())) {
			link.specter().addIceCandidate(link.peer(), event.candidate().toJson());
		}
	}

	@SpecterListener
	public void onClosed(PeerConnectionClosed event) {
		this.links.remove(event.peerConnection());
	}

	public int size() {
		return this.links.size();
	}

	private record Link(Specter specter, PeerConnectionId peer) {
	}

}
