package dev.specter.webrtc;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.Set;

/**
 * Reads a RIFF/WAVE file of 16-bit PCM (format 1, or 0xFFFE with a PCM sub-format), mono
 * or stereo, at 8, 16, 24, 32, 44.1 or 48 kHz, and pushes it to an audio track 10 ms at a
 * time (the unit libwebrtc's audio pipeline works in). The last chunk is padded with
 * silence.
 */
final class WavFileSource implements MediaFileSource {

	private static final Set<Integer> RATES = Set.of(8000, 16000, 24000, 32000, 44100, 48000);

	private static final long PERIOD_NANOS = 10_000_000;

	private final NativeResources resources;

	private final ByteBuffer data;

	private final int sampleRate;

	private final int channels;

	private final int chunkFrames;

	private boolean closed;

	private WavFileSource(ByteBuffer data, int sampleRate, int channels, NativeResources resources) {
		this.data = data;
		this.sampleRate = sampleRate;
		this.channels = channels;
		this.chunkFrames = sampleRate / 100;
		this.resources = resources;
		resources.decoderOpened();
	}

	static WavFileSource open(Path path, NativeResources resources) {
		ByteBuffer file = ByteBuffer.wrap(MediaFiles.read(path, "WAV")).order(ByteOrder.LITTLE_ENDIAN);
		if (file.remaining() < 12 || file.getInt(0) != 0x46464952 /* RIFF */
				|| file.getInt(8) != 0x45564157 /* WAVE */) {
			throw MediaFiles.invalid(path, "is not a WAV file (no RIFF/WAVE header)");
		}
		int position = 12;
		int format = -1;
		int channels = 0;
		int rate = 0;
		int bits = 0;
		while (position + 8 <= file.limit()) {
			int id = file.getInt(position);
			long size = Integer.toUnsignedLong(file.getInt(position + 4));
			int body = position + 8;
			if (size > file.limit() - body) {
				size = file.limit() - body; // tolerate a truncated or streaming header
			}
			if (id == 0x20746d66 /* "fmt " */ && size >= 16) {
				format = file.getShort(body) & 0xffff;
				channels = file.getShort(body + 2) & 0xffff;
				rate = file.getInt(body + 4);
				bits = file.getShort(body + 14) & 0xffff;
				if (format == 0xFFFE && size >= 26) {
					format = file.getShort(body + 24) & 0xffff;
				}
			}
			else if (id == 0x61746164 /* "data" */) {
				if (format != 1) {
					throw MediaFiles.invalid(path, (format < 0) ? "has no format chunk before its data"
							: "is not PCM (format " + format + ")");
				}
				if (bits != 16) {
					throw MediaFiles.invalid(path, "has " + bits + "-bit samples; only 16-bit PCM is supported");
				}
				if (channels < 1 || channels > 2) {
					throw MediaFiles.invalid(path, "has " + channels + " channels; mono or stereo is supported");
				}
				if (!RATES.contains(rate)) {
					throw MediaFiles.invalid(path, "has a sample rate of " + rate + " Hz; supported: " + RATES);
				}
				ByteBuffer data = file.duplicate().order(ByteOrder.LITTLE_ENDIAN);
				data.position(body);
				data.limit(body + (int) (size - size % (2L * channels)));
				if (!data.hasRemaining()) {
					throw MediaFiles.invalid(path, "has no samples");
				}
				return new WavFileSource(data.slice(), rate, channels, resources);
			}
			position = body + (int) size + (int) (size & 1);
		}
		throw MediaFiles.invalid(path, "has no data chunk");
	}

	@Override
	public long periodNanos() {
		return PERIOD_NANOS;
	}

	@Override
	public boolean pushNext(LocalTrack track) {
		if (!this.data.hasRemaining()) {
			return false;
		}
		byte[] chunk = new byte[this.chunkFrames * this.channels * 2];
		int length = Math.min(chunk.length, this.data.remaining());
		this.data.get(chunk, 0, length);
		track.pushAudio(chunk, 16, this.sampleRate, this.channels, this.chunkFrames);
		return true;
	}

	@Override
	public void close() {
		if (!this.closed) {
			this.closed = true;
			this.resources.decoderClosed();
		}
	}

}
