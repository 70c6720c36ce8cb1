package dev.specter.worker;

import java.nio.ByteBuffer;

import dev.specter.media.ReceivedAudio;
import dev.specter.media.ReceivedVideoFrame;

/**
 * The layout of {@link Frames#MEDIA} frames: a decoded video frame or audio chunk of a
 * remote track, sent by a worker to the application for one media subscription (the
 * frame's id), with the count of frames the worker dropped for it so far.
 * <p>
 * Video: kind {@code 0}, dropped (8 bytes), width, height, rotation (4 bytes each),
 * timestamp (8 bytes), then the I420 bytes. Audio: kind {@code 1}, dropped, bits per
 * sample, sample rate, channels, frames (4 bytes each), then the PCM bytes.
 */
final class MediaFrames {

	static final byte VIDEO = 0;

	static final byte AUDIO = 1;

	private MediaFrames() {
	}

	static byte[] encode(ReceivedVideoFrame frame, long dropped) {
		ByteBuffer buffer = ByteBuffer.allocate(1 + 8 + 12 + 8 + frame.i420().length);
		buffer.put(VIDEO)
			.putLong(dropped)
			.putInt(frame.width())
			.putInt(frame.height())
			.putInt(frame.rotation())
			.putLong(frame.timestampNanos())
			.put(frame.i420());
		return buffer.array();
	}

	static byte[] encode(ReceivedAudio audio, long dropped) {
		ByteBuffer buffer = ByteBuffer.allocate(1 + 8 + 16 + audio.pcm().length);
		buffer.put(AUDIO)
			.putLong(dropped)
			.putInt(audio.bitsPerSample())
			.putInt(audio.sampleRate())
			.putInt(audio.channels())
			.putInt(audio.frames())
			.put(audio.pcm());
		return buffer.array();
	}

	/**
	 * Reads a media frame.
	 * @param bytes the frame's payload
	 * @return the media and the worker's drop count
	 */
	static Decoded decode(byte[] bytes) {
		ByteBuffer buffer = ByteBuffer.wrap(bytes);
		byte kind = buffer.get();
		long dropped = buffer.getLong();
		if (kind == VIDEO) {
			int width = buffer.getInt();
			int height = buffer.getInt();
			int rotation = buffer.getInt();
			long timestamp = buffer.getLong();
			return new Decoded(new ReceivedVideoFrame(width, height, rotation, timestamp, rest(buffer)), dropped);
		}
		if (kind == AUDIO) {
			int bits = buffer.getInt();
			int rate = buffer.getInt();
			int channels = buffer.getInt();
			int frames = buffer.getInt();
			return new Decoded(new ReceivedAudio(rest(buffer), bits, rate, channels, frames), dropped);
		}
		throw new IllegalArgumentException("Unknown media kind " + kind);
	}

	private static byte[] rest(ByteBuffer buffer) {
		byte[] data = new byte[buffer.remaining()];
		buffer.get(data);
		return data;
	}

	/**
	 * A media frame as read.
	 *
	 * @param media a {@link ReceivedVideoFrame} or a {@link ReceivedAudio}
	 * @param dropped the frames the worker dropped for the subscription so far
	 */
	record Decoded(Object media, long dropped) {
	}

}
