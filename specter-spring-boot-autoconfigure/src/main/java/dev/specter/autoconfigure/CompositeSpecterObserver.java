package dev.specter.autoconfigure;

import java.time.Duration;
import java.util.List;

import dev.specter.DataChannelId;
import dev.specter.Operation;
import dev.specter.PeerConnectionId;
import dev.specter.SpecterId;
import dev.specter.SpecterObserver;

/** Calls every {@link SpecterObserver} bean, in order. */
final class CompositeSpecterObserver implements SpecterObserver {

	private final List<SpecterObserver> observers;

	CompositeSpecterObserver(List<SpecterObserver> observers) {
		this.observers = List.copyOf(observers);
	}

	@Override
	public void operationCompleted(SpecterId specter, PeerConnectionId peerConnection, Operation operation,
			Duration duration, Throwable failure) {
		for (SpecterObserver observer : this.observers) {
			observer.operationCompleted(specter, peerConnection, operation, duration, failure);
		}
	}

	@Override
	public void dataChannelSent(SpecterId specter, PeerConnectionId peerConnection, DataChannelId channel, int bytes,
			boolean binary) {
		for (SpecterObserver observer : this.observers) {
			observer.dataChannelSent(specter, peerConnection, channel, bytes, binary);
		}
	}

}
