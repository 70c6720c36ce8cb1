package dev.specter.worker;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import dev.specter.DataChannelId;
import dev.specter.ErrorCode;
import dev.specter.InvalidInputException;
import dev.specter.NotFoundException;
import dev.specter.PeerConnectionId;
import dev.specter.SpecterConfig;
import dev.specter.SpecterException;
import dev.specter.SpecterId;
import dev.specter.datachannel.DataChannelOptions;
import dev.specter.event.DataChannelReceived;
import dev.specter.event.IceCandidateGathered;
import dev.specter.event.OfferCreated;
import dev.specter.event.PeerConnectionClosed;
import dev.specter.event.SpecterEvent;
import dev.specter.ice.CidrIpFilter;
import dev.specter.ice.IceServer;
import dev.specter.ice.PortRange;
import dev.specter.media.AudioMode;
import dev.specter.signaling.IceCandidate;
import dev.specter.signaling.SdpType;
import dev.specter.signaling.SessionDescription;
import dev.specter.webrtc.ConnectionLimits;
import dev.specter.webrtc.RuntimeSettings;
import org.junit.jupiter.api.Test;
import tools.jackson.core.type.TypeReference;

import static org.assertj.core.api.Assertions.assertThat;

/** The JSON half of the worker protocol keeps every value it carries. */
class WorkerCodecTests {

	private final SpecterId worker = SpecterId.random();

	private final SpecterId application = SpecterId.random();

	private final PeerConnectionId pc = PeerConnectionId.random();

	@Test
	void eventsKeepTheirFieldsAndNameTheApplicationsInstance() {
		List<SpecterEvent> events = List.of(
				new OfferCreated(this.worker, this.pc, new SessionDescription(SdpType.OFFER, "v=0\r\n%n")),
				new IceCandidateGathered(this.worker, this.pc,
						new IceCandidate("candidate:1 1 udp 1 ::1 9 typ host", "0", 0, null)),
				new DataChannelReceived(this.worker, this.pc, DataChannelId.random(), "chat",
						new DataChannelOptions(false, 3, null, "proto", true, 7)),
				new PeerConnectionClosed(this.worker, this.pc, PeerConnectionClosed.Reason.ENGINE_FAILED));
		for (SpecterEvent event : events) {
			SpecterEvent read = WorkerCodec.event(WorkerCodec.tree(WorkerCodec.event(event)),
					this.application.value().toString());
			assertThat(read.specter()).isEqualTo(this.application);
			assertThat(read).usingRecursiveComparison().ignoringFields("specter").isEqualTo(event);
		}
	}

	@Test
	void eventsWrittenAsBytesInOnePassReadAsTheirTreeFormDoes() {
		List<SpecterEvent> events = List.of(
				new OfferCreated(this.worker, this.pc, new SessionDescription(SdpType.OFFER, "v=0\r\n%n \u00e9")),
				new IceCandidateGathered(this.worker, this.pc,
						new IceCandidate("candidate:1 1 udp 1 ::1 9 typ host", "0", 0, null)),
				new DataChannelReceived(this.worker, this.pc, DataChannelId.random(), "chat \u00e9",
						new DataChannelOptions(false, 3, null, "proto", true, 7)),
				new PeerConnectionClosed(this.worker, this.pc, PeerConnectionClosed.Reason.ENGINE_FAILED));
		for (SpecterEvent event : events) {
			byte[] bytes = WorkerCodec.eventBytes(event);
			assertThat(WorkerCodec.tree(bytes)).isEqualTo(WorkerCodec.tree(WorkerCodec.event(event)));
			SpecterEvent read = WorkerCodec.event(WorkerCodec.tree(bytes), this.application.value().toString());
			assertThat(read.specter()).isEqualTo(this.application);
			assertThat(read).usingRecursiveComparison().ignoringFields("specter").isEqualTo(event);
		}
		assertThat(WorkerCodec.tree(WorkerCodec.writeBytes(this.pc)))
			.isEqualTo(WorkerCodec.tree(WorkerCodec.write(this.pc)));
	}

	@Test
	void resultsWithGenericTypesRoundTrip() {
		Optional<SessionDescription> description = Optional.of(new SessionDescription(SdpType.ANSWER, "v=0"));
		Object read = WorkerCodec.convert(WorkerCodec.tree(WorkerCodec.write(description)),
				new TypeReference<Optional<SessionDescription>>() {
				}.getType());
		assertThat(read).isEqualTo(description);
		Object empty = WorkerCodec.convert(WorkerCodec.tree(WorkerCodec.write(Optional.empty())),
				new TypeReference<Optional<SessionDescription>>() {
				}.getType());
		assertThat(empty).isEqualTo(Optional.empty());
		assertThat(WorkerCodec.convert(WorkerCodec.tree(WorkerCodec.write(this.pc)), PeerConnectionId.class))
			.isEqualTo(this.pc);
	}

	@Test
	void settingsAndConfigurationRoundTrip() {
		EngineSettings settings = new EngineSettings(RuntimeSettings.DEFAULTS,
				new ConnectionLimits(7, Duration.ofSeconds(3), Duration.ofSeconds(4)), 2, 99);
		assertThat(WorkerCodec.MAPPER.readValue(WorkerCodec.write(settings), EngineSettings.class)).isEqualTo(settings);
		SpecterConfig config = new SpecterConfig(List.of(new IceServer(List.of("turn:127.0.0.1:3478"), "u", "p")), null,
				new PortRange(40000, 40100), CidrIpFilter.of(List.of("127.0.0.0/8"), List.of("10.0.0.0/8")),
				AudioMode.RECEIVE, true);
		SpecterConfig read = WorkerCodec.config(WorkerCodec.tree(WorkerCodec.config(config)));
		assertThat(read.iceServers()).isEqualTo(config.iceServers());
		assertThat(read.portRange()).isEqualTo(config.portRange());
		assertThat(read.audioMode()).isEqualTo(AudioMode.RECEIVE);
		assertThat(read.tcpCandidates()).isTrue();
		assertThat(read.ipFilter()).hasToString(config.ipFilter().toString());
	}

	@Test
	void failuresKeepTheirTypeAndCode() {
		RuntimeException notFound = WorkerCodec
			.error(WorkerCodec.tree(WorkerCodec.error(new NotFoundException("peer connection x does not exist"))));
		assertThat(notFound).isInstanceOf(NotFoundException.class).hasMessage("peer connection x does not exist");
		RuntimeException invalid = WorkerCodec
			.error(WorkerCodec.tree(WorkerCodec.error(new InvalidInputException(ErrorCode.LIMIT_EXCEEDED, "big"))));
		assertThat(invalid).isInstanceOf(InvalidInputException.class);
		assertThat(((SpecterException) invalid).code()).isEqualTo(ErrorCode.LIMIT_EXCEEDED);
		assertThat(WorkerCodec.error(WorkerCodec.tree(WorkerCodec.error(new IllegalArgumentException("x")))))
			.isInstanceOf(IllegalArgumentException.class);
	}

	@Test
	void dataChannelPayloadsKeepTheirBytes() throws Exception {
		byte[] data = { 0, 1, (byte) 0xff };
		Frames.Payload payload = new Frames.Payload(this.application.value(), this.pc.value(),
				DataChannelId.random().value(), true, data);
		Frames.Payload read = Frames.Payload.decode(payload.encode());
		assertThat(read.specter()).isEqualTo(payload.specter());
		assertThat(read.peerConnection()).isEqualTo(payload.peerConnection());
		assertThat(read.channel()).isEqualTo(payload.channel());
		assertThat(read.binary()).isTrue();
		assertThat(read.data()).containsExactly(data);
	}

}
