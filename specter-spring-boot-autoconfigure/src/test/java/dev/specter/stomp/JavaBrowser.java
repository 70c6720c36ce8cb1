package dev.specter.stomp;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import dev.specter.DataChannelId;
import dev.specter.PeerConnectionId;
import dev.specter.Specter;
import dev.specter.event.ConnectionStateChanged;
import dev.specter.event.IceCandidateGathered;
import dev.specter.signaling.ConnectionState;
import dev.specter.signaling.IceCandidate;
import dev.specter.signaling.SessionDescription;
import dev.specter.test.EventRecorder;
import dev.specter.test.Peers;
import org.awaitility.Awaitility;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Plays the browser's part of STOMP signaling with a real peer connection of the test
 * JVM: it creates the offer (with a data channel), sends it over STOMP, applies the
 * server's answer and trickles candidates both ways, as the sample page's JavaScript
 * does.
 */
final class JavaBrowser implements AutoCloseable {

	private final Specter specter;

	private final EventRecorder events;

	private final StompTestClient stomp;

	private final PeerConnectionId local;

	private final Set<String> sentCandidates = new HashSet<>();

	private final Set<String> addedCandidates = new HashSet<>();

	private DataChannelId channel;

	JavaBrowser(Specter specter, EventRecorder events, StompTestClient stomp) {
		this.specter = specter;
		this.events = events;
		this.stomp = stomp;
		this.local = Peers.newPeerConnection(specter);
	}

	PeerConnectionId local() {
		return this.local;
	}

	DataChannelId channel() {
		return this.channel;
	}

	/** Asks the server for a peer connection; returns the server's id for it. */
	PeerConnectionId requestConnection(String requestId) {
		ObjectNode connect = StompTestClient.JSON.createObjectNode();
		connect.put("requestId", requestId);
		this.stomp.send("/app/specter/connect", connect);
		JsonNode created = this.stomp.await(
				(m) -> "Created".equals(m.path("type").asString()) && requestId.equals(m.path("requestId").asString()));
		return PeerConnectionId.of(created.path("peerConnection").asString());
	}

	/**
	 * Offers, applies the answer and trickles candidates until both sides are connected.
	 */
	void negotiate(PeerConnectionId server) throws Exception {
		this.channel = this.specter.createDataChannel(this.local, "chat").get(10, TimeUnit.SECONDS);
		SessionDescription offer = this.specter.createOffer(this.local).get(10, TimeUnit.SECONDS);
		this.specter.setLocalDescription(this.local, offer).get(10, TimeUnit.SECONDS);
		ObjectNode message = StompTestClient.JSON.createObjectNode();
		message.put("requestId", "offer-" + server);
		message.put("peerConnection", server.toString());
		message.set("description", StompTestClient.JSON.readTree(offer.toJson()));
		this.stomp.send("/app/specter/offer", message);
		JsonNode answer = this.stomp.await(StompTestClient.type("Answer", server));
		this.specter
			.setRemoteDescription(this.local, StompTestClient.JSON.writeValueAsString(answer.get("description")))
			.get(10, TimeUnit.SECONDS);
		Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20)).until(() -> {
			trickle(server);
			return this.events.events(ConnectionStateChanged.class, this.local)
				.stream()
				.anyMatch((e) -> e.state() == ConnectionState.CONNECTED);
		});
	}

	private void trickle(PeerConnectionId server) {
		for (IceCandidateGathered gathered : this.events.events(IceCandidateGathered.class, this.local)) {
			String json = gathered.candidate().toJson();
			if (this.sentCandidates.add(json)) {
				ObjectNode message = StompTestClient.JSON.createObjectNode();
				message.put("peerConnection", server.toString());
				message.set("candidate", StompTestClient.JSON.readTree(json));
				this.stomp.send("/app/specter/candidate", message);
			}
		}
		List<JsonNode> relayed = this.stomp.messages()
			.stream()
			.filter(StompTestClient.type("IceCandidateGathered", server))
			.toList();
		for (JsonNode candidate : relayed) {
			String json = StompTestClient.JSON.writeValueAsString(candidate.get("candidate"));
			if (this.addedCandidates.add(json)) {
				this.specter.addIceCandidate(this.local, IceCandidate.fromJson(json));
			}
		}
	}

	@Override
	public void close() {
		if (this.specter.peerConnectionExists(this.local)) {
			this.specter.closePeerConnection(this.local);
		}
	}

}
