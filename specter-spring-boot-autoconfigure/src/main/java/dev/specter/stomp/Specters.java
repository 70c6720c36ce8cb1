package dev.specter.stomp;

import java.util.Collection;
import java.util.Optional;
import java.util.function.Supplier;

import dev.specter.PeerConnectionId;
import dev.specter.Specter;

/** Finds the Specter instance that holds a peer connection. */
final class Specters {

	private Specters() {
	}

	static Optional<Specter> holding(Supplier<? extends Collection<Specter>> instances,
			PeerConnectionId peerConnection) {
		return instances.get().stream().filter((specter) -> specter.peerConnectionExists(peerConnection)).findFirst();
	}

}
