package dev.specter.media;

import dev.specter.TransceiverId;
import org.jspecify.annotations.Nullable;

/**
 * A snapshot of an RTP transceiver of a peer connection.
 *
 * @param id the transceiver's id
 * @param mid the media id of its m-section, or {@code null} before negotiation
 * @param kind audio or video
 * @param direction the direction requested locally
 * @param currentDirection the negotiated direction, or {@code null} before negotiation
 */
public record TransceiverInfo(TransceiverId id, @Nullable String mid, MediaKind kind, TransceiverDirection direction,
		@Nullable TransceiverDirection currentDirection) {
}
