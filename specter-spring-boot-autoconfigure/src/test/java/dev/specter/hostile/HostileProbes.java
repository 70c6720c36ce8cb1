package dev.specter.hostile;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.specter.DataChannelId;
import dev.specter.MediaEngineId;
import dev.specter.PeerConnectionId;
import dev.specter.RtpSenderId;
import dev.specter.Specter;
import dev.specter.SpecterConfig;
import dev.specter.SpecterException;
import dev.specter.SpecterFactory;
import dev.specter.TrackId;
import dev.specter.TransceiverId;
import dev.specter.datachannel.DataChannelOptions;
import dev.specter.media.MediaKind;
import dev.specter.media.RtpCodecCapability;
import dev.specter.media.TransceiverDirection;
import dev.specter.signaling.IceCandidate;
import dev.specter.signaling.SdpType;
import dev.specter.signaling.SessionDescription;
import dev.specter.test.CandidateRelay;
import dev.specter.test.ConnectedPair;
import dev.specter.test.EventRecorder;
import dev.specter.test.Peers;
import dev.specter.test.TestApplication;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Child JVM of {@code HostileApiIT}: ordinary API calls in unusual states and orders,
 * each printed as {@code S <probe>} before and {@code R <probe> <outcome>} after, where
 * the outcome is {@code ok} or the error code of the typed exception ({@code ESCAPE ...}
 * for anything else). A native crash ends the JVM after an {@code S} line without its
 * {@code R}.
 */
public final class HostileProbes {

	private static final String CANDIDATE = "candidate:1 1 UDP 2122252543 127.0.0.1 50000 typ host";

	private final PrintStream out;

	private final Specter specter;

	private final EventRecorder events;

	private final CandidateRelay relay;

	private final SpecterFactory factory;

	private HostileProbes(PrintStream out, ConfigurableApplicationContext context) {
		this.out = out;
		this.specter = context.getBean(Specter.class);
		this.events = context.getBean(EventRecorder.class);
		this.relay = context.getBean(CandidateRelay.class);
		this.factory = context.getBean(SpecterFactory.class);
	}

	public static void main(String[] args) {
		PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
		System.setOut(System.err);
		int status = 0;
		try {
			ConfigurableApplicationContext context = new SpringApplicationBuilder(TestApplication.class)
				.properties("spring.main.web-application-type=none", "specter.ice-servers=",
						"specter.operation-timeout=5s", "spring.main.banner-mode=off", "logging.level.root=error")
				.run();
			new HostileProbes(out, context).run(args);
			context.close();
		}
		catch (Throwable ex) {
			ex.printStackTrace();
			out.println("HARNESS " + ex);
			status = 3;
		}
		out.println("EXIT");
		out.flush();
		System.exit(status);
	}

	private void run(String[] only) throws Exception {
		List<String> filter = List.of(only);
		closedConnection(filter);
		candidates(filter);
		localDescriptions(filter);
		dataChannels(filter);
		media(filter);
		codecs(filter);
		closedSpecter(filter);
		races(filter);
	}

	private void probe(List<String> filter, String name, Callable<?> call) {
		if (!filter.isEmpty() && filter.stream().noneMatch(name::startsWith)) {
			return;
		}
		this.out.println("S " + name);
		this.out.println("R " + name + " " + outcome(call));
	}

	static String outcome(Callable<?> call) {
		try {
			Object result = call.call();
			if (result instanceof CompletableFuture<?> future) {
				future.get(15, TimeUnit.SECONDS);
			}
			return "ok";
		}
		catch (ExecutionException ex) {
			return typed(ex.getCause());
		}
		catch (Throwable ex) {
			return typed(ex);
		}
	}

	private static String typed(Throwable ex) {
		if (ex instanceof SpecterException specterException) {
			return specterException.code().name();
		}
		String text = String.valueOf(ex).replaceAll("\\s+", "_");
		return "ESCAPE_" + text.substring(0, Math.min(120, text.length()));
	}

	private void closedConnection(List<String> filter) throws Exception {
		ConnectedPair pair = ConnectedPair.open(this.specter, this.events, this.relay);
		TrackId track = this.specter.newTrack(RtpCodecCapability.VP8, "closedcam", "closedstream");
		PeerConnectionId a = pair.a();
		this.specter.closePeerConnection(a).get(15, TimeUnit.SECONDS);
		probe(filter, "closed.createOffer", () -> this.specter.createOffer(a));
		probe(filter, "closed.setRemote", () -> this.specter.setRemoteDescription(a,
				new SessionDescription(SdpType.OFFER, "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n")));
		probe(filter, "closed.addIceCandidate",
				() -> this.specter.addIceCandidate(a, new IceCandidate(CANDIDATE, "0", 0, null)));
		probe(filter, "closed.restartIce", () -> {
			this.specter.restartIce(a);
			return null;
		});
		probe(filter, "closed.createDataChannel", () -> this.specter.createDataChannel(a, "x"));
		probe(filter, "closed.sendText", () -> this.specter.sendText(a, pair.channelA(), "x"));
		probe(filter, "closed.getStats", () -> this.specter.getStats(a));
		probe(filter, "closed.addTrack", () -> this.specter.addTrack(a, track));
		probe(filter, "closed.addTransceiver",
				() -> this.specter.addTransceiver(a, MediaKind.AUDIO, TransceiverDirection.RECVONLY));
		probe(filter, "closed.transceivers", () -> this.specter.transceivers(a));
		// the other side, whose peer went away, still works
		probe(filter, "closed.peerSideGetStats", () -> this.specter.getStats(pair.b()));
		this.specter.closePeerConnection(pair.b()).get(15, TimeUnit.SECONDS);
		this.specter.closeTrack(track);
	}

	private void candidates(List<String> filter) throws Exception {
		PeerConnectionId pc = this.specter.newPeerConnection();
		probe(filter, "candidate.beforeRemote",
				() -> this.specter.addIceCandidate(pc, new IceCandidate(CANDIDATE, "0", 0, null)));
		probe(filter, "candidate.negativeIndex",
				() -> this.specter.addIceCandidate(pc, new IceCandidate(CANDIDATE, null, -1, null)));
		ConnectedPair pair = ConnectedPair.open(this.specter, this.events, this.relay);
		probe(filter, "candidate.indexMax", () -> this.specter.addIceCandidate(pair.a(),
				new IceCandidate(CANDIDATE, null, Integer.MAX_VALUE, null)));
		probe(filter, "candidate.indexMin", () -> this.specter.addIceCandidate(pair.a(),
				new IceCandidate(CANDIDATE, null, Integer.MIN_VALUE, null)));
		probe(filter, "candidate.noMidNoIndex",
				() -> this.specter.addIceCandidate(pair.a(), new IceCandidate(CANDIDATE, null, null, null)));
		probe(filter, "candidate.unknownUfrag",
				() -> this.specter.addIceCandidate(pair.a(), new IceCandidate(CANDIDATE, "0", 0, "nosuchufrag")));
		probe(filter, "candidate.restartStorm", () -> {
			for (int i = 0; i < 50; i++) {
				this.specter.restartIce(pair.a());
				SessionDescription offer = this.specter.createOffer(pair.a()).get(15, TimeUnit.SECONDS);
				this.specter.setLocalDescription(pair.a(), offer).get(15, TimeUnit.SECONDS);
				this.specter.setRemoteDescription(pair.a(), new SessionDescription(SdpType.ROLLBACK, ""))
					.get(15, TimeUnit.SECONDS);
			}
			return this.specter.getStats(pair.a());
		});
		pair.close();
		this.specter.closePeerConnection(pc).get(15, TimeUnit.SECONDS);
	}

	private void localDescriptions(List<String> filter) throws Exception {
		ConnectedPair pair = ConnectedPair.open(this.specter, this.events, this.relay);
		PeerConnectionId a = pair.a();
		SessionDescription offer = this.specter.createOffer(a).get(15, TimeUnit.SECONDS);
		probe(filter, "local.answerInStable",
				() -> this.specter.setLocalDescription(a, new SessionDescription(SdpType.ANSWER, offer.sdp())));
		probe(filter, "local.changedMid",
				() -> this.specter.setLocalDescription(a, new SessionDescription(SdpType.OFFER,
						offer.sdp().replace("a=mid:0", "a=mid:zz").replace("BUNDLE 0", "BUNDLE zz"))));
		probe(filter, "local.changedUfrag", () -> this.specter.setLocalDescription(a,
				new SessionDescription(SdpType.OFFER, offer.sdp().replaceAll("a=ice-ufrag:\\S+", "a=ice-ufrag:abcd"))));
		probe(filter, "local.portZero", () -> this.specter.setLocalDescription(a,
				new SessionDescription(SdpType.OFFER, offer.sdp().replace("m=application 9 ", "m=application 0 "))));
		probe(filter, "local.noSections", () -> this.specter.setLocalDescription(a,
				new SessionDescription(SdpType.OFFER, offer.sdp().substring(0, offer.sdp().indexOf("m=")))));
		probe(filter, "local.percent", () -> this.specter.setLocalDescription(a,
				new SessionDescription(SdpType.OFFER, offer.sdp().replace("a=sctp-port:5000", "a=sctp-port:%n%n"))));
		probe(filter, "local.stillWorks", () -> {
			pair.roundTrip(this.events, "after local probes");
			return null;
		});
		probe(filter, "local.rollbackInStable",
				() -> this.specter.setLocalDescription(a, new SessionDescription(SdpType.ROLLBACK, "")));
		probe(filter, "local.prAnswer",
				() -> this.specter.setLocalDescription(a, new SessionDescription(SdpType.PRANSWER, offer.sdp())));
		pair.close();
	}

	private void dataChannels(List<String> filter) throws Exception {
		ConnectedPair pair = ConnectedPair.open(this.specter, this.events, this.relay);
		PeerConnectionId a = pair.a();
		probe(filter, "channel.nulLabel", () -> this.specter.createDataChannel(a, "a\u0000b"));
		probe(filter, "channel.surrogateLabel", () -> this.specter.createDataChannel(a, "a\ud800b"));
		probe(filter, "channel.label64k", () -> this.specter.createDataChannel(a, "x".repeat(65536)));
		probe(filter, "channel.percentLabel", () -> this.specter.createDataChannel(a, "%n%n%s%s%p"));
		probe(filter, "channel.surrogateProtocol",
				() -> this.specter.createDataChannel(a, "p", DataChannelOptions.DEFAULT.withProtocol("\udc00")));
		probe(filter, "channel.protocol64k", () -> this.specter.createDataChannel(a, "p",
				DataChannelOptions.DEFAULT.withProtocol("y".repeat(65535))));
		probe(filter, "channel.id1023",
				() -> this.specter.createDataChannel(a, "n", DataChannelOptions.DEFAULT.negotiatedWithId(1023)));
		probe(filter, "channel.id1023again",
				() -> this.specter.createDataChannel(a, "n", DataChannelOptions.DEFAULT.negotiatedWithId(1023)));
		probe(filter, "channel.id1024",
				() -> this.specter.createDataChannel(a, "n", DataChannelOptions.DEFAULT.negotiatedWithId(1024)));
		probe(filter, "channel.idNegative",
				() -> this.specter.createDataChannel(a, "n", DataChannelOptions.DEFAULT.negotiatedWithId(-1)));
		// the ids of the open pair's channel (chosen by libwebrtc, not by Specter)
		int streamId = streamId(pair);
		probe(filter, "channel.idOfOpenChannel",
				() -> this.specter.createDataChannel(a, "dup", DataChannelOptions.DEFAULT.negotiatedWithId(streamId)));
		probe(filter, "channel.idOfOpenChannelOnRemote", () -> this.specter.createDataChannel(pair.b(), "dup",
				DataChannelOptions.DEFAULT.negotiatedWithId(streamId)));
		DataChannelId closing = this.specter
			.createDataChannel(a, "closing", DataChannelOptions.DEFAULT.negotiatedWithId(700))
			.get(15, TimeUnit.SECONDS);
		probe(filter, "channel.idOfClosingChannel", () -> {
			this.specter.closeDataChannel(a, closing);
			return this.specter.createDataChannel(a, "again", DataChannelOptions.DEFAULT.negotiatedWithId(700));
		});
		probe(filter, "channel.closeTwice", () -> {
			this.specter.closeDataChannel(a, closing);
			return null;
		});
		probe(filter, "channel.stillWorks", () -> {
			pair.roundTrip(this.events, "after channel probes");
			return null;
		});
		// the remote peer renames a negotiated section's mid, then sends candidates for
		// the new and the old name
		probe(filter, "remote.changedMid", () -> {
			SessionDescription offer = this.specter.createOffer(pair.b()).get(15, TimeUnit.SECONDS);
			return this.specter.setRemoteDescription(a, new SessionDescription(SdpType.OFFER,
					offer.sdp().replace("a=mid:0", "a=mid:x").replace("BUNDLE 0", "BUNDLE x")));
		});
		probe(filter, "remote.candidateForRenamedMid",
				() -> this.specter.addIceCandidate(a, new IceCandidate(CANDIDATE, "x", null, null)));
		probe(filter, "remote.candidateIndexOne",
				() -> this.specter.addIceCandidate(a, new IceCandidate(CANDIDATE, null, 1, null)));
		// glare: a remote offer while a local offer is pending
		probe(filter, "remote.glare", () -> {
			SessionDescription local = this.specter.createOffer(a).get(15, TimeUnit.SECONDS);
			this.specter.setLocalDescription(a, local).get(15, TimeUnit.SECONDS);
			SessionDescription remote = this.specter.createOffer(pair.b()).get(15, TimeUnit.SECONDS);
			return this.specter.setRemoteDescription(a, remote);
		});
		probe(filter, "remote.rollbackThenStillWorks", () -> {
			this.specter.setLocalDescription(a, new SessionDescription(SdpType.ROLLBACK, "")).get(15, TimeUnit.SECONDS);
			pair.roundTrip(this.events, "after remote probes");
			return null;
		});
		pair.close();
	}

	private int streamId(ConnectedPair pair) throws Exception {
		String stats = this.specter.getStats(pair.a()).get(15, TimeUnit.SECONDS);
		Matcher m = Pattern.compile("\"dataChannelIdentifier\"\\s*:\\s*(\\d+)").matcher(stats);
		return m.find() ? Integer.parseInt(m.group(1)) : 0;
	}

	private void media(List<String> filter) throws Exception {
		ConnectedPair pair = ConnectedPair.open(this.specter, this.events, this.relay);
		PeerConnectionId a = pair.a();
		TrackId track = this.specter.newTrack(RtpCodecCapability.VP8, "cam", "stream");
		RtpSenderId sender = this.specter.addTrack(a, track).get(15, TimeUnit.SECONDS);
		probe(filter, "media.addTrackTwice", () -> this.specter.addTrack(a, track));
		probe(filter, "media.removeTrack", () -> this.specter.removeTrack(a, sender));
		probe(filter, "media.removeTrackTwice", () -> this.specter.removeTrack(a, sender));
		probe(filter, "media.addTrackAfterRemove", () -> this.specter.addTrack(a, track));
		probe(filter, "media.trackStatsUnsent", () -> this.specter.getTrackStats(a, track));
		Path empty = Files.createTempFile("hostile", ".h264");
		Path garbage = Files.createTempFile("hostile", ".wav");
		Files.write(garbage,
				"RIFF\u0000\u0000\u0000\u0000WAVEfmt garbage garbage".getBytes(StandardCharsets.ISO_8859_1));
		probe(filter, "media.playEmptyH264", () -> this.specter.playFromFileH264(track, empty.toString()));
		probe(filter, "media.playDirectory", () -> this.specter.playFromFileH264(track, empty.getParent().toString()));
		probe(filter, "media.playGarbageWav", () -> this.specter.playFromFileWav(track, garbage.toString()));
		probe(filter, "media.playVideoTrackAsWav", () -> this.specter.playFromFileWav(track, garbage.toString()));
		probe(filter, "media.playNulPath", () -> this.specter.playFromFileH264(track, "/tmp/a\u0000b"));
		TransceiverId transceiver = this.specter.addTransceiver(a, MediaKind.AUDIO, TransceiverDirection.SENDRECV)
			.get(15, TimeUnit.SECONDS);
		Peers.negotiate(this.specter, a, pair.b());
		// the remote peer's offer removes the audio section (port 0)
		probe(filter, "media.remoteOfferStopsSection", () -> {
			SessionDescription offer = this.specter.createOffer(pair.b()).get(15, TimeUnit.SECONDS);
			String sdp = offer.sdp().replace("m=audio 9 ", "m=audio 0 ");
			this.specter.setRemoteDescription(a, new SessionDescription(SdpType.OFFER, sdp)).get(15, TimeUnit.SECONDS);
			return null;
		});
		probe(filter, "media.setDirectionOfStopped", () -> {
			this.specter.setTransceiverDirection(a, transceiver, TransceiverDirection.RECVONLY);
			return null;
		});
		probe(filter, "media.transceiversAfterStop", () -> this.specter.transceivers(a));
		probe(filter, "media.answerAfterStop", () -> {
			SessionDescription answer = this.specter.createAnswer(a).get(15, TimeUnit.SECONDS);
			return this.specter.setLocalDescription(a, answer);
		});
		probe(filter, "media.setDirectionAfterAnswer", () -> {
			this.specter.setTransceiverDirection(a, transceiver, TransceiverDirection.SENDONLY);
			return null;
		});
		probe(filter, "media.getStatsAfterStop", () -> this.specter.getStats(a));
		probe(filter, "media.setDirectionStopped", () -> {
			this.specter.setTransceiverDirection(a, sendingTransceiver(a), TransceiverDirection.STOPPED);
			return null;
		});
		probe(filter, "media.addTransceiverStopped",
				() -> this.specter.addTransceiver(a, MediaKind.VIDEO, TransceiverDirection.STOPPED));
		probe(filter, "media.addTransceiverNullKind",
				() -> this.specter.addTransceiver(a, null, TransceiverDirection.RECVONLY));
		// two tracks with the same id and stream on one connection: the local description
		// carries the same a=msid twice
		TrackId twin1 = this.specter.newTrack(RtpCodecCapability.VP8, "twin", "twins");
		TrackId twin2 = this.specter.newTrack(RtpCodecCapability.VP8, "twin", "twins");
		probe(filter, "media.sameTrackIdTwice", () -> {
			this.specter.addTrack(a, twin1).get(15, TimeUnit.SECONDS);
			return this.specter.addTrack(a, twin2);
		});
		probe(filter, "media.negotiateSameTrackIdTwice", () -> {
			Peers.negotiate(this.specter, a, pair.b());
			return null;
		});
		probe(filter, "media.statsSameTrackIdTwice", () -> this.specter.getTrackStats(a, twin2));
		probe(filter, "media.closeTrackAttached", () -> {
			this.specter.closeTrack(track);
			return null;
		});
		pair.close();
		this.specter.closeTrack(twin1);
		this.specter.closeTrack(twin2);
		Files.deleteIfExists(empty);
		Files.deleteIfExists(garbage);
	}

	private void codecs(List<String> filter) throws Exception {
		for (String mime : List.of("video/rtx", "video/red", "video/ulpfec", "audio/telephone-event", "audio/CN",
				"audio/red")) {
			String name = "codecs.only-" + mime.replace('/', '-');
			MediaKind kind = mime.startsWith("video") ? MediaKind.VIDEO : MediaKind.AUDIO;
			MediaEngineId[] created = new MediaEngineId[1];
			probe(filter, name, () -> created[0] = this.specter.newMediaEngine(List.of(RtpCodecCapability.of(mime))));
			if (created[0] == null) {
				continue;
			}
			probe(filter, name + ".connection", () -> {
				MediaEngineId engine = created[0];
				PeerConnectionId pc = this.specter
					.newPeerConnection(this.specter.newApi(engine, this.specter.newRegistry(engine)));
				try {
					probe(filter, name + ".addTransceiver",
							() -> this.specter.addTransceiver(pc, kind, TransceiverDirection.RECVONLY));
					TrackId track = this.specter.newTrack(
							(kind == MediaKind.VIDEO) ? RtpCodecCapability.VP8 : RtpCodecCapability.OPUS, "t", "s");
					probe(filter, name + ".addTrack", () -> this.specter.addTrack(pc, track));
					probe(filter, name + ".createOffer", () -> this.specter.createOffer(pc));
					probe(filter, name + ".transceivers", () -> this.specter.transceivers(pc));
					this.specter.closePeerConnection(pc).get(15, TimeUnit.SECONDS);
					probe(filter, name + ".closeTrack", () -> {
						this.specter.closeTrack(track);
						return null;
					});
				}
				finally {
					if (this.specter.peerConnectionExists(pc)) {
						this.specter.closePeerConnection(pc);
					}
				}
				return null;
			});
		}
	}

	private void closedSpecter(List<String> filter) throws Exception {
		for (int round = 0; round < 3; round++) {
			Specter other = this.factory.create(new SpecterConfig(List.of(), null, null, null));
			PeerConnectionId a = other.newPeerConnection();
			PeerConnectionId b = other.newPeerConnection();
			DataChannelId channel = other.createDataChannel(a, "c").get(15, TimeUnit.SECONDS);
			Peers.negotiate(other, a, b);
			TrackId track = other.newTrack(RtpCodecCapability.VP8, "v", "s");
			other.addTrack(a, track).get(15, TimeUnit.SECONDS);
			List<Callable<?>> calls = List.of(() -> other.getStats(a), () -> other.createOffer(a),
					() -> other.createDataChannel(a, "late"), () -> other.sendText(a, channel, "late"),
					() -> other.getTrackStats(a, track), () -> other.transceivers(a), () -> {
						other.restartIce(a);
						return null;
					}, () -> other.newPeerConnection(), () -> other.newTrack(RtpCodecCapability.OPUS, "a", "s"),
					() -> other.addTransceiver(b, MediaKind.AUDIO, TransceiverDirection.RECVONLY), () -> {
						other.close();
						return null;
					});
			List<String> escapes = Collections.synchronizedList(new ArrayList<>());
			probe(filter, "specterClose.race" + round, () -> {
				List<Thread> threads = new ArrayList<>();
				for (int i = 0; i < calls.size() * 2; i++) {
					Callable<?> call = calls.get(i % calls.size());
					threads.add(new Thread(() -> {
						String o = outcome(call);
						if (o.startsWith("ESCAPE")) {
							escapes.add(o);
						}
					}));
				}
				threads.forEach(Thread::start);
				for (Thread thread : threads) {
					thread.join(60_000);
				}
				if (!escapes.isEmpty()) {
					throw new IllegalStateException(escapes.toString());
				}
				return null;
			});
			probe(filter, "specterClose.afterClose" + round, () -> other.getStats(a));
			probe(filter, "specterClose.newPeerConnectionAfterClose" + round, () -> other.newPeerConnection());
		}
	}

	private TransceiverId sendingTransceiver(PeerConnectionId pc) {
		return this.specter.transceivers(pc)
			.stream()
			.filter((t) -> t.kind() == MediaKind.VIDEO)
			.findFirst()
			.orElseThrow()
			.id();
	}

	private void races(List<String> filter) throws Exception {
		for (int round = 0; round < 5; round++) {
			ConnectedPair pair = ConnectedPair.open(this.specter, this.events, this.relay);
			PeerConnectionId a = pair.a();
			TrackId track = this.specter.newTrack(RtpCodecCapability.OPUS, "mic" + round, "s");
			List<Callable<?>> calls = List.of(() -> this.specter.getStats(a), () -> this.specter.getIceStats(a),
					() -> this.specter.createDataChannel(a, "race"),
					() -> this.specter.createDataChannel(a, "race", DataChannelOptions.DEFAULT.negotiatedWithId(900)),
					() -> this.specter.addTrack(a, track),
					() -> this.specter.addTransceiver(a, MediaKind.VIDEO, TransceiverDirection.RECVONLY),
					() -> this.specter.createOffer(a), () -> {
						this.specter.restartIce(a);
						return null;
					}, () -> this.specter.sendText(a, pair.channelA(), "race"), () -> this.specter.transceivers(a),
					() -> this.specter.getTrackStats(a, track),
					() -> this.specter.addIceCandidate(a, new IceCandidate(CANDIDATE, "0", 0, null)),
					() -> this.specter.closePeerConnection(a));
			List<Thread> threads = new ArrayList<>();
			List<String> outcomes = Collections.synchronizedList(new ArrayList<>());
			int r = round;
			probe(filter, "race.round" + round, () -> {
				for (int i = 0; i < calls.size() * 3; i++) {
					Callable<?> call = calls.get(i % calls.size());
					Thread thread = new Thread(() -> {
						String o = outcome(call);
						if (o.startsWith("ESCAPE")) {
							outcomes.add(o);
						}
					}, "race-" + r + "-" + i);
					threads.add(thread);
				}
				threads.forEach(Thread::start);
				for (Thread thread : threads) {
					thread.join(60_000);
				}
				if (!outcomes.isEmpty()) {
					throw new IllegalStateException(outcomes.toString());
				}
				return null;
			});
			if (this.specter.peerConnectionExists(a)) {
				this.specter.closePeerConnection(a).get(15, TimeUnit.SECONDS);
			}
			pair.close();
			this.specter.closeTrack(track);
		}
	}

}
