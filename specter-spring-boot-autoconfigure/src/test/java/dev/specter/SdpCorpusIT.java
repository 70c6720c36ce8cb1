package dev.specter;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import dev.specter.datachannel.DataChannelOptions;
import dev.specter.event.OperationFailed;
import dev.specter.media.MediaKind;
import dev.specter.media.RtpCodecCapability;
import dev.specter.media.TransceiverDirection;
import dev.specter.signaling.IceCandidate;
import dev.specter.signaling.SdpType;
import dev.specter.signaling.SessionDescription;
import dev.specter.test.EventRecorder;
import dev.specter.test.Peers;
import dev.specter.test.SpecterIntegrationTest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Real offers and answers (src/test/resources/sdp-corpus: Chromium, Firefox,
 * libdatachannel, werift and webrtc-java captures) pass the Java checks unchanged and
 * negotiate with a real webrtc-java connection: each is applied as the remote description
 * (an answer as an offer, the same text), an answer is created and applied, and the
 * candidates captured with an offer are added. A candidate that names no m-section fails
 * like other bad ones.
 * <p>
 * {@code -Dspecter.corpus.write=true} (re)writes the webrtc-java captures.
 */
@SpecterIntegrationTest
class SdpCorpusIT {

	private static final Path CORPUS = Path.of("src/test/resources/sdp-corpus");

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final Specter specter;

	private final EventRecorder events;

	SdpCorpusIT(Specter specter, EventRecorder events) {
		this.specter = specter;
		this.events = events;
	}

	@Test
	void everyCapturedDescriptionNegotiates() throws Exception {
		List<String> negotiated = new ArrayList<>();
		int candidates = 0;
		for (Path file : corpus()) {
			String name = file.getFileName().toString();
			if (!name.endsWith("-offer.json") && !name.endsWith("-answer.json")) {
				continue;
			}
			String sdp = JSON.readTree(Files.readString(file)).get("sdp").asString();
			PeerConnectionId pc = Peers.newPeerConnection(this.specter);
			try {
				this.specter.setRemoteDescription(pc, new SessionDescription(SdpType.OFFER, sdp))
					.get(10, TimeUnit.SECONDS);
				SessionDescription answer = this.specter.createAnswer(pc).get(10, TimeUnit.SECONDS);
				this.specter.setLocalDescription(pc, answer).get(10, TimeUnit.SECONDS);
				assertThat(this.specter.remoteDescription(pc)).isPresent();
				if (name.endsWith("-offer.json")) {
					candidates += addCandidates(pc, CORPUS.resolve(name.replace("-offer.json", "-candidates.json")));
				}
				negotiated.add(name);
			}
			catch (ExecutionException ex) {
				fail(name + " did not negotiate: " + ex.getCause());
			}
			finally {
				this.specter.closePeerConnection(pc);
			}
		}
		System.out.println("SDP corpus: " + negotiated.size() + " descriptions negotiated, " + candidates
				+ " candidates added: " + negotiated);
		assertThat(negotiated).hasSizeGreaterThanOrEqualTo(30);
		assertThat(negotiated).anyMatch((n) -> n.startsWith("chromium-"))
			.anyMatch((n) -> n.startsWith("firefox-"))
			.anyMatch((n) -> n.startsWith("libdatachannel-"))
			.anyMatch((n) -> n.startsWith("werift-"))
			.anyMatch((n) -> n.startsWith("webrtc-java-"));
		assertThat(candidates).isGreaterThan(20);
	}

	private int addCandidates(PeerConnectionId pc, Path file) throws Exception {
		if (!Files.exists(file)) {
			return 0;
		}
		int added = 0;
		for (JsonNode node : JSON.readTree(Files.readString(file))) {
			String line = node.get("candidate").asString();
			String mid = node.has("sdpMid") && !node.get("sdpMid").isNull() ? node.get("sdpMid").asString() : null;
			Integer index = node.has("sdpMLineIndex") && !node.get("sdpMLineIndex").isNull()
					? node.get("sdpMLineIndex").asInt() : null;
			this.specter.addIceCandidate(pc, new IceCandidate(line, mid, index, null)).get(10, TimeUnit.SECONDS);
			added++;
		}
		return added;
	}

	@Test
	void aCandidateNamingNoSectionFailsLikeOtherBadCandidates() throws Exception {
		JsonNode offer = JSON.readTree(Files.readString(CORPUS.resolve("chromium-datachannel-offer.json")));
		String line = "candidate:1 1 udp 2122260223 192.0.2.99 50000 typ host generation 0";
		PeerConnectionId early = Peers.newPeerConnection(this.specter);
		PeerConnectionId pc = Peers.newPeerConnection(this.specter);
		try {
			// queued before the remote description, refused once it is known
			CompletableFuture<Void> queued = this.specter.addIceCandidate(early,
					new IceCandidate(line, "999", 999, null));
			SessionDescription description = new SessionDescription(SdpType.OFFER, offer.get("sdp").asString());
			this.specter.setRemoteDescription(early, description).get(10, TimeUnit.SECONDS);
			assertInvalidArgument(queued, "sdpMid \"999\"");
			this.specter.setRemoteDescription(pc, description).get(10, TimeUnit.SECONDS);
			assertInvalidArgument(this.specter.addIceCandidate(pc, new IceCandidate(line, "999", 0, null)),
					"sdpMid \"999\"");
			assertInvalidArgument(this.specter.addIceCandidate(pc, new IceCandidate(line, null, 999, null)),
					"sdpMLineIndex 999");
			assertInvalidArgument(
					this.specter.addIceCandidate(pc,
							"{\"candidate\":\"" + line + "\",\"sdpMid\":\"999\",\"sdpMLineIndex\":999}"),
					"sdpMid \"999\"");
			this.events.await(OperationFailed.class, pc, (e) -> e.operation() == Operation.ADD_ICE_CANDIDATE
					&& e.code() == ErrorCode.INVALID_ARGUMENT && e.message().contains("999"));
			this.events.await(OperationFailed.class, early,
					(e) -> e.operation() == Operation.ADD_ICE_CANDIDATE && e.code() == ErrorCode.INVALID_ARGUMENT);
			// the right section is still accepted
			this.specter.addIceCandidate(pc, new IceCandidate(line, "0", 0, null)).get(10, TimeUnit.SECONDS);
		}
		finally {
			this.specter.closePeerConnection(pc);
			this.specter.closePeerConnection(early);
		}
	}

	private static void assertInvalidArgument(CompletableFuture<Void> future, String text) throws Exception {
		try {
			future.get(10, TimeUnit.SECONDS);
			fail("a candidate naming no m-section was accepted");
		}
		catch (ExecutionException ex) {
			assertThat(ex.getCause()).isInstanceOf(InvalidInputException.class).hasMessageContaining(text);
			assertThat(((SpecterException) ex.getCause()).code()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
		}
	}

	/**
	 * webrtc-java's own offers and answers: data channel, video and audio, many
	 * m-sections.
	 */
	@Test
	void webrtcJavaDescriptionsPassUnchanged() throws Exception {
		boolean write = Boolean.getBoolean("specter.corpus.write");
		TrackId video = this.specter.newTrack(RtpCodecCapability.of("video"), "corpus-video", "corpus");
		try {
			for (String scenario : List.of("datachannel", "audio-video", "many")) {
				PeerConnectionId offerer = Peers.newPeerConnection(this.specter);
				PeerConnectionId answerer = Peers.newPeerConnection(this.specter);
				try {
					switch (scenario) {
						case "datachannel" -> this.specter.createDataChannel(offerer, "chat").get(10, TimeUnit.SECONDS);
						case "audio-video" -> {
							this.specter.addTransceiver(offerer, MediaKind.AUDIO, TransceiverDirection.RECVONLY)
								.get(10, TimeUnit.SECONDS);
							this.specter.addTrack(offerer, video).get(10, TimeUnit.SECONDS);
							this.specter.createDataChannel(offerer, "d").get(10, TimeUnit.SECONDS);
						}
						default -> {
							for (int i = 0; i < 3; i++) {
								this.specter.addTransceiver(offerer, MediaKind.VIDEO, TransceiverDirection.RECVONLY)
									.get(10, TimeUnit.SECONDS);
							}
							for (int i = 0; i < 2; i++) {
								this.specter.addTransceiver(offerer, MediaKind.AUDIO, TransceiverDirection.RECVONLY)
									.get(10, TimeUnit.SECONDS);
							}
							this.specter.createDataChannel(offerer, "x", DataChannelOptions.DEFAULT.unordered())
								.get(10, TimeUnit.SECONDS);
						}
					}
					SessionDescription[] both = Peers.negotiate(this.specter, offerer, this.specter, answerer);
					if (write) {
						Files.writeString(CORPUS.resolve("webrtc-java-" + scenario + "-offer.json"), both[0].toJson());
						Files.writeString(CORPUS.resolve("webrtc-java-" + scenario + "-answer.json"), both[1].toJson());
					}
				}
				finally {
					this.specter.closePeerConnection(offerer);
					this.specter.closePeerConnection(answerer);
				}
			}
		}
		finally {
			this.specter.closeTrack(video);
		}
	}

	private static List<Path> corpus() throws IOException {
		try (Stream<Path> files = Files.list(CORPUS)) {
			return files.sorted().toList();
		}
	}

}
