package dev.specter.media;

/**
 * A decoded video frame of a remote track, copied out of the engine: planar I420 (Y, then
 * U, then V, without padding).
 *
 * @param width the width in pixels
 * @param height the height in pixels
 * @param rotation the rotation to apply when displaying, in degrees
 * @param timestampNanos the engine's capture timestamp
 * @param i420 {@code width × height} luma bytes, then two chroma planes of
 * {@code ⌈width/2⌉ × ⌈height/2⌉} bytes each
 */
public record ReceivedVideoFrame(int width, int height, int rotation, long timestampNanos, byte[] i420) {
}
