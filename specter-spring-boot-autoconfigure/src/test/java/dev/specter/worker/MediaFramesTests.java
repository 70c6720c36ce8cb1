package dev.specter.worker;

import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import dev.specter.TrackId;
import dev.specter.media.PlaybackOutcome;
import dev.specter.media.PlaybackResult;
import dev.specter.media.ReceivedAudio;
import dev.specter.media.ReceivedVideoFrame;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The media half of the worker protocol: received frames and audio keep every field and
 * byte, a media frame is dropped rather than waited for when the socket is backed up, and
 * playback results survive the trip.
 */
class MediaFramesTests {

	private final Random random = new Random(17);

	@Test
	void videoFramesKeepTheirFieldsAndBytes() {
		byte[] i420 = bytes(640 * 480 * 3 / 2);
		ReceivedVideoFrame frame = new ReceivedVideoFrame(640, 480, 270, 123_456_789_012L, i420);
		MediaFrames.Decoded read = MediaFrames.decode(MediaFrames.encode(frame, 42));
		assertThat(read.dropped()).isEqualTo(42);
		assertThat(read.media()).isInstanceOfSatisfying(ReceivedVideoFrame.class, (video) -> {
			assertThat(video.width()).isEqualTo(640);
			assertThat(video.height()).isEqualTo(480);
			assertThat(video.rotation()).isEqualTo(270);
			assertThat(video.timestampNanos()).isEqualTo(123_456_789_012L);
			assertThat(video.i420()).isEqualTo(i420);
		});
	}

	@Test
	void audioChunksKeepTheirFieldsAndBytes() {
		byte[] pcm = bytes(480 * 2 * 2);
		ReceivedAudio audio = new ReceivedAudio(pcm, 16, 48000, 2, 480);
		MediaFrames.Decoded read = MediaFrames.decode(MediaFrames.encode(audio, 0));
		assertThat(read.dropped()).isZero();
		assertThat(read.media()).isInstanceOfSatisfying(ReceivedAudio.class, (chunk) -> {
			assertThat(chunk.pcm()).isEqualTo(pcm);
			assertThat(chunk.bitsPerSample()).isEqualTo(16);
			assertThat(chunk.sampleRate()).isEqualTo(48000);
			assertThat(chunk.channels()).isEqualTo(2);
			assertThat(chunk.frames()).isEqualTo(480);
		});
		MediaFrames.Decoded empty = MediaFrames
			.decode(MediaFrames.encode(new ReceivedAudio(new byte[0], 16, 8000, 1, 0), 7));
		assertThat(((ReceivedAudio) empty.media()).pcm()).isEmpty();
		assertThat(empty.dropped()).isEqualTo(7);
	}

	@Test
	void anUnknownKindIsRefused() {
		byte[] bytes = MediaFrames.encode(new ReceivedAudio(new byte[4], 16, 8000, 1, 2), 0);
		bytes[0] = 9;
		assertThatThrownBy(() -> MediaFrames.decode(bytes)).isInstanceOf(IllegalArgumentException.class)
			.hasMessageContaining("kind 9");
	}

	@Test
	void mediaIsDroppedNotWaitedForWhenTheSocketIsBackedUpAndWhatIsSentArrivesInOrder(@TempDir Path directory)
			throws Exception {
		Path path = directory.resolve("media.sock");
		try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
			server.bind(UnixDomainSocketAddress.of(path));
			try (SocketChannel client = SocketChannel.open(UnixDomainSocketAddress.of(path));
					SocketChannel accepted = server.accept()) {
				Frames.Writer writer = new Frames.Writer(client, "test-writer");
				long limit = 4L * 1024 * 1024;
				List<Long> sent = new ArrayList<>();
				int refused = 0;
				long started = System.nanoTime();
				// Nobody reads yet: the socket's buffer fills, then the writer's queue.
				for (long id = 1; id <= 64; id++) {
					byte[] payload = MediaFrames.encode(new ReceivedVideoFrame(1024, 682, 0, id, bytes(1024 * 1024)),
							0);
					if (writer.offer(Frames.MEDIA, id, payload, limit)) {
						sent.add(id);
					}
					else {
						refused++;
					}
				}
				assertThat(Duration.ofNanos(System.nanoTime() - started)).as("offer never waits for the reader")
					.isLessThan(Duration.ofSeconds(20));
				assertThat(refused).isPositive();
				// At most the limit queued, one frame over it, and what the socket holds.
				assertThat(sent.size()).isLessThan(64).isGreaterThanOrEqualTo(4);
				Frames.Reader reader = new Frames.Reader(accepted);
				for (long id : sent) {
					Frames.Frame frame = reader.read();
					assertThat(frame.type()).isEqualTo(Frames.MEDIA);
					assertThat(frame.id()).isEqualTo(id);
					ReceivedVideoFrame video = (ReceivedVideoFrame) MediaFrames.decode(frame.payload()).media();
					assertThat(video.timestampNanos()).isEqualTo(id);
					assertThat(video.i420()).hasSize(1024 * 1024);
				}
				// Once drained (the writer counts its last batch out just after the
				// socket
				// took it), media is taken again.
				long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
				byte[] small = MediaFrames.encode(new ReceivedAudio(new byte[0], 16, 8000, 1, 0), 0);
				while (!writer.offer(Frames.MEDIA, 99, small, limit) && System.nanoTime() < deadline) {
					Thread.sleep(10);
				}
				assertThat(reader.read().id()).isEqualTo(99);
				writer.close();
			}
		}
		Files.deleteIfExists(path);
	}

	@Test
	void playbackResultsRoundTrip() {
		PlaybackResult result = new PlaybackResult(TrackId.random(), PlaybackOutcome.STOPPED, 57,
				Duration.ofMillis(1903));
		assertThat(WorkerCodec.convert(WorkerCodec.tree(WorkerCodec.write(result)), PlaybackResult.class))
			.isEqualTo(result);
	}

	private byte[] bytes(int length) {
		byte[] bytes = new byte[length];
		this.random.nextBytes(bytes);
		return bytes;
	}

}
