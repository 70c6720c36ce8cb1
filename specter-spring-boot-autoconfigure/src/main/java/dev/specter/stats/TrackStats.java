package dev.specter.stats;

import dev.specter.Specter;
import dev.specter.TrackId;
import dev.specter.media.MediaKind;
import org.jspecify.annotations.Nullable;

/**
 * RTP statistics of one track on one peer connection: the {@code outbound-rtp} entry of a
 * local track's sender, or the {@code inbound-rtp} entry of a remote track's receiver,
 * with the codec named by its {@code codec} entry.
 *
 * @param track the track
 * @param kind audio or video
 * @param outbound {@code true} for a local (sent) track, {@code false} for a remote
 * (received) one
 * @param codecMimeType the negotiated codec ({@code video/VP8}, say), or {@code null}
 * before media flows
 * @param packets RTP packets sent or received
 * @param bytes payload bytes sent or received
 * @param frames video frames encoded (outbound) or decoded (inbound); 0 for audio
 * @param frameWidth the width of the last frame, or {@code null}
 * @param frameHeight the height of the last frame, or {@code null}
 * @param json the full report of the sender or receiver, as {@link Specter#getStats}
 * returns it
 */
public record TrackStats(TrackId track, MediaKind kind, boolean outbound, @Nullable String codecMimeType, long packets,
		long bytes, long frames, @Nullable Integer frameWidth, @Nullable Integer frameHeight, String json) {
}
