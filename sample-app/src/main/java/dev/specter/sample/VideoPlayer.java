package dev.specter.sample;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.specter.PeerConnectionId;
import dev.specter.Specter;
import dev.specter.SpecterListener;
import dev.specter.TrackId;
import dev.specter.event.ConnectionStateChanged;
import dev.specter.event.PeerConnectionClosed;
import dev.specter.event.PlaybackFinished;
import dev.specter.event.RemoteDescriptionSet;
import dev.specter.media.PlaybackOutcome;
import dev.specter.media.RtpCodecCapability;
import dev.specter.signaling.ConnectionState;
import dev.specter.signaling.SdpType;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.core.io.ClassPathResource;
import org.springframework.stereotype.Component;

/**
 * Plays an H.264 file to every page, in a loop, written only with
 * {@code @SpecterListener} methods. When a page's connection is {@code connected}, the
 * server adds a video track (sent as VP8, which every browser decodes: Specter re-encodes
 * the file's frames) and offers it to the page: the offer reaches the page as the relayed
 * {@code OfferCreated} event and the page answers on {@code /app/specter/answer}. Once
 * the answer is applied the file plays; each time it ends it starts again, until the
 * connection closes, which closes the track.
 */
@Component
class VideoPlayer implements DisposableBean {

	static final String CLIP = "media/clip-baseline-320x240-30fps.h264";

	private static final Log logger = LogFactory.getLog(VideoPlayer.class);

	private final Specter specter;

	/** The clip, copied from the classpath: Specter plays files by path. */
	private final Path file;

	private final Map<PeerConnectionId, TrackId> tracks = new ConcurrentHashMap<>();

	VideoPlayer(Specter specter) throws IOException {
		this.specter = specter;
		this.file = Files.createTempFile("specter-sample-", ".h264");
		try (InputStream in = new ClassPathResource(CLIP).getInputStream()) {
			Files.copy(in, this.file, StandardCopyOption.REPLACE_EXISTING);
		}
	}

	@SpecterListener(specter = "specter")
	void onState(ConnectionStateChanged event) {
		PeerConnectionId pc = event.peerConnection();
		if (event.state() != ConnectionState.CONNECTED || this.tracks.containsKey(pc)) {
			return;
		}
		TrackId track = this.specter.newTrack(RtpCodecCapability.VP8, "video", "specter");
		if (this.tracks.putIfAbsent(pc, track) != null) {
			close(track);
			return;
		}
		this.specter.addTrack(pc, track)
			.thenCompose((sender) -> this.specter.setLocalDescription(pc))
			.exceptionally((ex) -> {
				logger.debug("Could not offer video to " + pc + ": " + ex.getMessage());
				if (this.tracks.remove(pc, track)) {
					close(track);
				}
				return null;
			});
	}

	/** The page answered the server's offer: the track is negotiated, start the clip. */
	@SpecterListener(specter = "specter")
	void onAnswer(RemoteDescriptionSet event) {
		TrackId track = this.tracks.get(event.peerConnection());
		if (event.type() == SdpType.ANSWER && track != null) {
			play(track);
		}
	}

	/**
	 * Loops the clip while the connection lives; a stopped playback (track closed) stays
	 * stopped.
	 */
	@SpecterListener(specter = "specter")
	void onPlaybackFinished(PlaybackFinished event) {
		if (event.outcome() == PlaybackOutcome.COMPLETED
				&& event.track().equals(this.tracks.get(event.peerConnection()))
				&& this.specter.peerConnectionExists(event.peerConnection())) {
			play(event.track());
		}
	}

	@SpecterListener(specter = "specter")
	void onClosed(PeerConnectionClosed event) {
		TrackId track = this.tracks.remove(event.peerConnection());
		if (track != null) {
			close(track);
		}
	}

	/** The video track of a connection, or {@code null}. */
	TrackId track(PeerConnectionId pc) {
		return this.tracks.get(pc);
	}

	private void play(TrackId track) {
		try {
			this.specter.playFromFileH264(track, this.file.toString()).exceptionally((ex) -> {
				logger.debug("Playback on " + track + " failed: " + ex.getMessage());
				return null;
			});
		}
		catch (RuntimeException ex) {
			logger.debug("Could not play on " + track + ": " + ex.getMessage());
		}
	}

	private void close(TrackId track) {
		try {
			if (this.specter.trackExists(track)) {
				this.specter.closeTrack(track); // stops its playback too
			}
		}
		catch (RuntimeException ex) {
			logger.debug("Could not close " + track + ": " + ex.getMessage());
		}
	}

	@Override
	public void destroy() {
		try {
			Files.deleteIfExists(this.file);
		}
		catch (IOException ex) {
			logger.debug("Could not delete " + this.file + ": " + ex.getMessage());
		}
	}

}
