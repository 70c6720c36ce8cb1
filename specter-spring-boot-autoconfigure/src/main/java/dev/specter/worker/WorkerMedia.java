package dev.specter.worker;

import java.io.IOException;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import dev.specter.PeerConnectionId;
import dev.specter.Specter;
import dev.specter.TrackId;
import dev.specter.media.MediaKind;
import dev.specter.media.MediaSubscription;
import dev.specter.media.RtpCodecCapability;
import dev.specter.webrtc.EngineHooks;
import tools.jackson.databind.JsonNode;

/**
 * The worker's side of media (see {@link WorkerTracks} and {@link MediaStreams} for the
 * application's): copies of the application's local tracks under the application's track
 * ids, and media sinks that send what they receive to the application as
 * {@link Frames#MEDIA} frames. A sink never waits for the socket: when more than
 * {@link #MAX_QUEUED_MEDIA} bytes wait to be written, the frame is dropped and counted,
 * on top of what the engine's bounded sink queue drops.
 */
final class WorkerMedia {

	/** Calls this class answers, besides the methods of {@link Specter}. */
	private static final Set<String> CALLS = Set.of("checkTrack", "copyTrack", "trackAttached", "receiveMedia",
			"stopReceiving");

	/** Bytes waiting for the socket above which received media is dropped. */
	static final long MAX_QUEUED_MEDIA = 8L * 1024 * 1024;

	private final Frames.Writer writer;

	/** Live subscriptions by the application's subscription id. */
	private final Map<Long, MediaSubscription> subscriptions = new ConcurrentHashMap<>();

	WorkerMedia(Frames.Writer writer) {
		this.writer = writer;
	}

	static boolean handles(String call) {
		return CALLS.contains(call);
	}

	/**
	 * Runs one of {@link #CALLS} (on the worker's main thread).
	 * @param specter the instance named by the call, or {@code null}
	 * @param name the call
	 * @param args its arguments
	 * @return its result
	 */
	Object call(Specter specter, String name, JsonNode args) {
		if (specter == null) {
			throw new IllegalStateException("Unknown Specter for " + name);
		}
		switch (name) {
			case "checkTrack" -> {
				// The checks and errors of newTrack; the application keeps the track and
				// copies it into the workers that need it.
				TrackId track = specter.newTrack(codec(args.get(0)), text(args.get(1)), text(args.get(2)));
				specter.closeTrack(track);
				return null;
			}
			case "copyTrack" -> {
				TrackId track = (TrackId) WorkerCodec.convert(args.get(0), TrackId.class);
				return EngineHooks.newTrack(specter, track, codec(args.get(1)), text(args.get(2)), text(args.get(3)));
			}
			case "trackAttached" -> {
				return EngineHooks.trackAttached(specter, (TrackId) WorkerCodec.convert(args.get(0), TrackId.class));
			}
			case "receiveMedia" -> {
				return receive(specter, args);
			}
			case "stopReceiving" -> {
				MediaSubscription subscription = this.subscriptions.remove(args.get(0).asLong());
				if (subscription != null) {
					subscription.close();
				}
				return null;
			}
			default -> throw new IllegalStateException("Unknown call " + name);
		}
	}

	private Object receive(Specter specter, JsonNode args) {
		// Subscriptions whose track or connection ended are forgotten here.
		this.subscriptions.values().removeIf((subscription) -> !subscription.isActive());
		PeerConnectionId pc = (PeerConnectionId) WorkerCodec.convert(args.get(0), PeerConnectionId.class);
		TrackId track = (TrackId) WorkerCodec.convert(args.get(1), TrackId.class);
		MediaKind kind = (MediaKind) WorkerCodec.convert(args.get(2), MediaKind.class);
		long id = args.get(3).asLong();
		Forwarder forwarder = new Forwarder(id);
		MediaSubscription subscription = (kind == MediaKind.VIDEO)
				? specter.receiveVideo(pc, track,
						(frame) -> forwarder.send(MediaFrames.encode(frame, forwarder.dropped())))
				: specter.receiveAudio(pc, track,
						(audio) -> forwarder.send(MediaFrames.encode(audio, forwarder.dropped())));
		forwarder.subscription = subscription;
		this.subscriptions.put(id, subscription);
		return null;
	}

	private static RtpCodecCapability codec(JsonNode node) {
		return (RtpCodecCapability) WorkerCodec.convert(node, RtpCodecCapability.class);
	}

	private static String text(JsonNode node) {
		return (node == null || node.isNull()) ? null : node.asString();
	}

	/** Sends the media of one subscription (on the engine's dispatch threads). */
	private final class Forwarder {

		private final long id;

		private final AtomicLong socketDropped = new AtomicLong();

		private volatile MediaSubscription subscription;

		Forwarder(long id) {
			this.id = id;
		}

		long dropped() {
			MediaSubscription current = this.subscription;
			return this.socketDropped.get() + ((current != null) ? current.dropped() : 0);
		}

		void send(byte[] media) {
			try {
				if (!WorkerMedia.this.writer.offer(Frames.MEDIA, this.id, media, MAX_QUEUED_MEDIA)) {
					this.socketDropped.incrementAndGet();
				}
			}
			catch (IOException ex) {
				// The socket is gone: the main thread sees it too and exits.
			}
		}

	}

}
