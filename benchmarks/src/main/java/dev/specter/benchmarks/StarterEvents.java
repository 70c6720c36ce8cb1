package dev.specter.benchmarks;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

import dev.specter.PeerConnectionId;
import dev.specter.Specter;
import dev.specter.SpecterListener;
import dev.specter.datachannel.DataChannelState;
import dev.specter.event.DataChannelMessage;
import dev.specter.event.DataChannelReceived;
import dev.specter.event.DataChannelStateChanged;
import dev.specter.event.EventsDropped;
import dev.specter.event.IceCandidateGathered;
import dev.specter.event.OperationFailed;

/**
 * The benchmark application's {@code @SpecterListener} bean: the signaling a real
 * application does (trickling candidates to the peer), channel-open detection, and
 * message handling, routed to the {@link StarterSide.Endpoint} of each peer connection.
 */
public class StarterEvents {

	final Map<PeerConnectionId, StarterSide.Endpoint> endpoints = new ConcurrentHashMap<>();

	final LongAdder dropped = new LongAdder();

	final LongAdder failures = new LongAdder();

	final LongAdder candidates = new LongAdder();

	/** Failed operations by "OPERATION/CODE", for the report. */
	final Map<String, LongAdder> failuresByKind = new ConcurrentHashMap<>();

	volatile Specter specter;

	@SpecterListener
	public void onCandidate(IceCandidateGathered event) {
		this.candidates.increment();
		StarterSide.Endpoint self = this.endpoints.get(event.peerConnection());
		if (self == null || self.peer == null) {
			return;
		}
		try {
			this.specter.addIceCandidate(self.peer.id, event.candidate());
		}
		catch (RuntimeException ex) {
			// the peer was closed meanwhile
		}
	}

	@SpecterListener
	public void onChannelReceived(DataChannelReceived event) {
		StarterSide.Endpoint self = this.endpoints.get(event.peerConnection());
		if (self != null) {
			self.channel = event.channel();
		}
	}

	@SpecterListener
	public void onChannelState(DataChannelStateChanged event) {
		if (event.state() != DataChannelState.OPEN) {
			return;
		}
		StarterSide.Endpoint self = this.endpoints.get(event.peerConnection());
		if (self != null) {
			if (self.channel == null) {
				self.channel = event.channel();
			}
			self.opened.complete(null);
		}
	}

	@SpecterListener
	public void onMessage(DataChannelMessage message) {
		StarterSide.Endpoint self = this.endpoints.get(message.peerConnection());
		if (self != null) {
			self.onMessage(message);
		}
	}

	@SpecterListener
	public void onDropped(EventsDropped event) {
		this.dropped.add(event.count());
	}

	@SpecterListener
	public void onFailure(OperationFailed event) {
		this.failures.increment();
		this.failuresByKind.computeIfAbsent(event.operation() + "/" + event.code(), (k) -> new LongAdder()).increment();
	}

}
