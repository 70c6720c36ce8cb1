package dev.specter.media;

/**
 * A chunk of decoded audio of a remote track (usually 10 ms), copied out of the engine.
 *
 * @param pcm interleaved signed little-endian samples
 * @param bitsPerSample bits per sample (16)
 * @param sampleRate samples per second per channel
 * @param channels the channel count
 * @param frames samples per channel in this chunk
 */
public record ReceivedAudio(byte[] pcm, int bitsPerSample, int sampleRate, int channels, int frames) {
}
