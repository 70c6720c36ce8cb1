package dev.specter.stomp;

import java.nio.charset.StandardCharsets;

import dev.specter.DataChannelId;
import dev.specter.ErrorCode;
import dev.specter.Operation;
import dev.specter.PeerConnectionId;
import dev.specter.SpecterId;
import dev.specter.datachannel.DataChannelOptions;
import dev.specter.event.AnswerCreated;
import dev.specter.event.ConnectionStateChanged;
import dev.specter.event.DataChannelMessage;
import dev.specter.event.DataChannelReceived;
import dev.specter.event.IceCandidateError;
import dev.specter.event.IceCandidateGathered;
import dev.specter.event.OperationFailed;
import dev.specter.event.RemoteDescriptionSet;
import dev.specter.event.StatsReported;
import dev.specter.signaling.ConnectionState;
import dev.specter.signaling.IceCandidate;
import dev.specter.signaling.SdpType;
import dev.specter.signaling.SessionDescription;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

class SpecterEventMessagesTests {

	private final SpecterEventMessages messages = new SpecterEventMessages(8);

	private final SpecterId specter = SpecterId.random();

	private final PeerConnectionId pc = PeerConnectionId.random();

	private final DataChannelId channel = DataChannelId.random();

	@Test
	void typeAndIdsComeFirst() {
		JsonNode message = this.messages
			.toMessage(new ConnectionStateChanged(this.specter, this.pc, ConnectionState.CONNECTED));
		assertThat(message.path("type").asString()).isEqualTo("ConnectionStateChanged");
		assertThat(message.path("specter").asString()).isEqualTo(this.specter.toString());
		assertThat(message.path("peerConnection").asString()).isEqualTo(this.pc.toString());
		assertThat(message.path("state").asString()).isEqualTo("connected");
	}

	@Test
	void iceCandidateErrorsCarryServerAddressAndCode() {
		JsonNode message = this.messages.toMessage(new IceCandidateError(this.specter, this.pc,
				"turn:127.0.0.1:3478?transport=udp", "127.0.0.1", 50000, 401, "Unauthorized"));
		assertThat(message.path("type").asString()).isEqualTo("IceCandidateError");
		assertThat(message.path("url").asString()).isEqualTo("turn:127.0.0.1:3478?transport=udp");
		assertThat(message.path("address").asString()).isEqualTo("127.0.0.1");
		assertThat(message.path("port").asInt()).isEqualTo(50000);
		assertThat(message.path("errorCode").asInt()).isEqualTo(401);
		assertThat(message.path("errorText").asString()).isEqualTo("Unauthorized");
		JsonNode unexposed = this.messages.toMessage(
				new IceCandidateError(this.specter, this.pc, "stun:192.0.2.1:3478", null, null, 701, "timed out"));
		assertThat(unexposed.path("address").isNull()).isTrue();
		assertThat(unexposed.path("port").isNull()).isTrue();
	}

	@Test
	void candidatesUseTheBrowsersNames() {
		IceCandidate candidate = new IceCandidate("candidate:1 1 udp 2122260223 192.0.2.2 50000 typ host", "0", 0,
				"abcd");
		JsonNode message = this.messages.toMessage(new IceCandidateGathered(this.specter, this.pc, candidate));
		JsonNode init = message.path("candidate");
		assertThat(init.path("candidate").asString()).isEqualTo(candidate.candidate());
		assertThat(init.path("sdpMid").asString()).isEqualTo("0");
		assertThat(init.path("sdpMLineIndex").asInt()).isZero();
		assertThat(init.path("usernameFragment").asString()).isEqualTo("abcd");
	}

	@Test
	void descriptionsAndTheirTypesKeepTheMessageType() {
		JsonNode answer = this.messages
			.toMessage(new AnswerCreated(this.specter, this.pc, new SessionDescription(SdpType.ANSWER, "v=0\r\n")));
		assertThat(answer.path("answer").path("type").asString()).isEqualTo("answer");
		assertThat(answer.path("answer").path("sdp").asString()).isEqualTo("v=0\r\n");
		JsonNode set = this.messages.toMessage(new RemoteDescriptionSet(this.specter, this.pc, SdpType.OFFER));
		assertThat(set.path("type").asString()).isEqualTo("RemoteDescriptionSet");
		assertThat(set.path("sdpType").asString()).isEqualTo("offer");
	}

	@Test
	void statsAreEmbeddedAsJson() {
		JsonNode message = this.messages.toMessage(new StatsReported(this.specter, this.pc,
				"{\"timestamp\":5,\"stats\":{\"T01\":{\"type\":\"transport\"}}}"));
		assertThat(message.path("stats").path("stats").path("T01").path("type").asString()).isEqualTo("transport");
		assertThat(message.has("json")).isFalse();
	}

	@Test
	void dataChannelMessagesAsTextBase64OrTruncated() {
		JsonNode text = this.messages.toMessage(new DataChannelMessage(this.specter, this.pc, this.channel, false,
				"héllo".getBytes(StandardCharsets.UTF_8)));
		assertThat(text.path("text").asString()).isEqualTo("héllo");
		assertThat(text.path("binary").asBoolean()).isFalse();
		assertThat(text.has("data")).isFalse();
		JsonNode binary = this.messages
			.toMessage(new DataChannelMessage(this.specter, this.pc, this.channel, true, new byte[] { 1, 2, 3 }));
		assertThat(binary.path("data").asString()).isEqualTo("AQID");
		assertThat(binary.path("channel").asString()).isEqualTo(this.channel.toString());
		JsonNode large = this.messages
			.toMessage(new DataChannelMessage(this.specter, this.pc, this.channel, true, new byte[9]));
		assertThat(large.path("truncated").asBoolean()).isTrue();
		assertThat(large.path("size").asInt()).isEqualTo(9);
		assertThat(large.has("data")).isFalse();
	}

	@Test
	void nestedRecordsAndEnums() {
		JsonNode received = this.messages.toMessage(new DataChannelReceived(this.specter, this.pc, this.channel, "chat",
				DataChannelOptions.DEFAULT.withMaxRetransmits(3)));
		assertThat(received.path("label").asString()).isEqualTo("chat");
		assertThat(received.path("options").path("maxRetransmits").asInt()).isEqualTo(3);
		assertThat(received.path("options").path("ordered").asBoolean()).isTrue();
		JsonNode failed = this.messages.toMessage(
				new OperationFailed(this.specter, this.pc, Operation.ADD_ICE_CANDIDATE, ErrorCode.REJECTED, "bad"));
		assertThat(failed.path("operation").asString()).isEqualTo("add_ice_candidate");
		assertThat(failed.path("code").asString()).isEqualTo("rejected");
	}

}
