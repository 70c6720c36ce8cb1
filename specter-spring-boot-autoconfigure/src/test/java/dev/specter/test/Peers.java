package dev.specter.test;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import dev.specter.ApiId;
import dev.specter.MediaEngineId;
import dev.specter.PeerConnectionId;
import dev.specter.RegistryId;
import dev.specter.Specter;
import dev.specter.event.ConnectionStateChanged;
import dev.specter.signaling.ConnectionState;
import dev.specter.signaling.SessionDescription;

/** Helpers that set up connected pairs through the public API. */
public final class Peers {

	private Peers() {
	}

	public static ApiId newApi(Specter specter) {
		MediaEngineId engine = specter.newMediaEngine();
		RegistryId registry = specter.newRegistry(engine);
		return specter.newApi(engine, registry);
	}

	/**
	 * Creates a connection on the instance's default API, as an application would (an API
	 * lives as long as its Specter, so one per connection would pile up).
	 */
	public static PeerConnectionId newPeerConnection(Specter specter) {
		return specter.newPeerConnection();
	}

	/**
	 * Negotiates offerer/answerer (the offerer needs a data channel or track already).
	 */
	public static void negotiate(Specter specter, PeerConnectionId offerer, PeerConnectionId answerer)
			throws Exception {
		negotiate(specter, offerer, specter, answerer);
	}

	/**
	 * Negotiates a connection of one instance with a connection of another (or the same)
	 * instance, with explicit createOffer/createAnswer and setLocalDescription calls.
	 * @return the offer and the answer
	 */
	public static SessionDescription[] negotiate(Specter offererSpecter, PeerConnectionId offerer,
			Specter answererSpecter, PeerConnectionId answerer) throws Exception {
		SessionDescription offer = offererSpecter.createOffer(offerer).get(10, TimeUnit.SECONDS);
		offererSpecter.setLocalDescription(offerer, offer).get(10, TimeUnit.SECONDS);
		answererSpecter.setRemoteDescription(answerer, offer).get(10, TimeUnit.SECONDS);
		SessionDescription answer = answererSpecter.createAnswer(answerer).get(10, TimeUnit.SECONDS);
		answererSpecter.setLocalDescription(answerer, answer).get(10, TimeUnit.SECONDS);
		offererSpecter.setRemoteDescription(offerer, answer).get(10, TimeUnit.SECONDS);
		return new SessionDescription[] { offer, answer };
	}

	public static void awaitConnected(EventRecorder events, PeerConnectionId... pcs) {
		for (PeerConnectionId pc : pcs) {
			events.await(ConnectionStateChanged.class, pc, (e) -> e.state() == ConnectionState.CONNECTED,
					Duration.ofSeconds(20));
		}
	}

}
