package dev.specter.webrtc;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;

import dev.specter.ErrorCode;
import dev.specter.InvalidInputException;
import dev.specter.SpecterException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The file readers behind playFromFileH264 and playFromFileWav, without the native
 * engine: the H.264 decoder must give ffmpeg's frames bit for bit in display order, and
 * every bad file must be a typed INVALID_MEDIA error.
 */
class MediaFileSourceTests {

	static final Path MEDIA = Path.of("src/test/resources/media");

	final NativeResources resources = new NativeResources();

	@TempDir
	Path temp;

	@Test
	void baselineStreamDecodesToFfmpegsFramesInOrder() throws Exception {
		assertFramesMatchFfmpeg("clip-baseline-320x240-30fps", 320, 240, 90);
	}

	@Test
	void bFramesAreReorderedToDisplayOrderAndCropped() throws Exception {
		// 320x180 is coded as 320x192 with cropping, and decode order differs from
		// display order.
		assertFramesMatchFfmpeg("clip-high-bframes-320x180-30fps", 320, 180, 60);
	}

	private void assertFramesMatchFfmpeg(String name, int width, int height, int count) throws Exception {
		List<String> expected = Files.readAllLines(MEDIA.resolve(name + ".framemd5"))
			.stream()
			.filter((line) -> !line.startsWith("#"))
			.map((line) -> line.substring(line.lastIndexOf(',') + 1).trim())
			.toList();
		assertThat(expected).hasSize(count);
		int threadsBefore = Thread.activeCount();
		H264FileSource source = H264FileSource.open(MEDIA.resolve(name + ".h264"), 0, this.resources);
		assertThat(this.resources.openDecoders()).isEqualTo(1);
		assertThat(source.periodNanos()).isEqualTo(33_333_333L);
		List<String> actual = new ArrayList<>();
		H264FileSource.I420 frame;
		while ((frame = source.next()) != null) {
			assertThat(frame.width()).isEqualTo(width);
			assertThat(frame.height()).isEqualTo(height);
			MessageDigest md5 = MessageDigest.getInstance("MD5");
			md5.update(frame.y());
			md5.update(frame.u());
			md5.update(frame.v());
			actual.add(HexFormat.of().formatHex(md5.digest()));
		}
		source.close();
		source.close();
		assertThat(actual).containsExactlyElementsOf(expected);
		assertThat(this.resources.openDecoders()).isZero();
		// JCodec's decoder would start a thread pool of its own; Specter disables it.
		assertThat(Thread.getAllStackTraces().keySet())
			.noneMatch((t) -> t.getName().startsWith("pool-") && t.isDaemon() && t.getStackTrace().length > 0
					&& t.getStackTrace()[t.getStackTrace().length - 1].toString().contains("jcodec"));
		assertThat(Thread.activeCount()).isLessThanOrEqualTo(threadsBefore);
	}

	@Test
	void explicitFrameRateOverridesTheStreams() {
		H264FileSource source = H264FileSource.open(MEDIA.resolve("clip-baseline-320x240-30fps.h264"), 10,
				this.resources);
		assertThat(source.periodNanos()).isEqualTo(100_000_000L);
		source.close();
	}

	@Test
	void unsupportedProfileIsNamed() {
		assertInvalidMedia(() -> H264FileSource.open(MEDIA.resolve("clip-high10-unsupported.h264"), 0, this.resources),
				"unsupported H.264 profile (profile_idc 110, High 10)");
	}

	@Test
	void otherFilesAreNotH264() throws IOException {
		assertInvalidMedia(() -> H264FileSource.open(MEDIA.resolve("clip-hevc-not-h264.h265"), 0, this.resources),
				"is not an H.264 stream");
		assertInvalidMedia(() -> H264FileSource.open(MEDIA.resolve("tone-440hz-48k-mono.wav"), 0, this.resources),
				"is not an H.264 Annex-B stream");
		Path text = Files.writeString(this.temp.resolve("notes.h264"), "hello, not video", StandardCharsets.UTF_8);
		assertInvalidMedia(() -> H264FileSource.open(text, 0, this.resources), "is not an H.264 Annex-B stream");
		byte[] noise = new byte[100_000];
		new Random(7).nextBytes(noise);
		noise[0] = 0;
		noise[1] = 0;
		noise[2] = 1;
		Path random = Files.write(this.temp.resolve("noise.h264"), noise);
		assertInvalidMedia(() -> H264FileSource.open(random, 0, this.resources), "H.264");
		assertThat(this.resources.openDecoders()).isZero();
	}

	@Test
	void corruptStreamFailsWhileDecodingWithATypedError() throws Exception {
		byte[] clip = Files.readAllBytes(MEDIA.resolve("clip-baseline-320x240-30fps.h264"));
		Random random = new Random(11);
		for (int i = 2000; i < clip.length; i += 37) {
			clip[i] = (byte) random.nextInt();
		}
		Path corrupt = Files.write(this.temp.resolve("corrupt.h264"), clip);
		H264FileSource source = H264FileSource.open(corrupt, 0, this.resources);
		int frames = 0;
		try {
			while (source.next() != null && frames < 1000) {
				frames++;
			}
		}
		catch (InvalidInputException ex) {
			assertThat(ex.code()).isEqualTo(ErrorCode.INVALID_MEDIA);
		}
		finally {
			source.close();
		}
		assertThat(this.resources.openDecoders()).isZero();
	}

	@Test
	void hostileFilesAreRefusedBeforeReading() throws IOException {
		assertInvalidMedia(() -> H264FileSource.open(this.temp.resolve("missing.h264"), 0, this.resources),
				"'missing.h264' does not exist");
		assertInvalidMedia(() -> H264FileSource.open(this.temp, 0, this.resources), "is a directory");
		assertInvalidMedia(() -> H264FileSource.open(Path.of("/dev/zero"), 0, this.resources), "is not a regular file");
		assertInvalidMedia(() -> WavFileSource.open(Path.of("/dev/urandom"), this.resources), "is not a regular file");
		Path empty = Files.createFile(this.temp.resolve("empty.h264"));
		assertInvalidMedia(() -> H264FileSource.open(empty, 0, this.resources), "is empty");
		Path link = Files.createSymbolicLink(this.temp.resolve("link.h264"), Path.of("/dev/zero"));
		assertInvalidMedia(() -> H264FileSource.open(link, 0, this.resources), "is not a regular file");
		Path traversal = this.temp.resolve("../../../../../../../../etc/shadow-does-not-exist");
		assertInvalidMedia(() -> H264FileSource.open(traversal, 0, this.resources), "does not exist");
		assertThatThrownBy(() -> MediaFiles.path("clip\0.h264")).isInstanceOf(InvalidInputException.class)
			.extracting((ex) -> ((SpecterException) ex).code())
			.isEqualTo(ErrorCode.INVALID_ARGUMENT);
		assertThatThrownBy(() -> MediaFiles.path(" ")).isInstanceOf(InvalidInputException.class);
		assertThatThrownBy(() -> MediaFiles.path(null)).isInstanceOf(InvalidInputException.class);
		assertThatThrownBy(() -> MediaFiles.path("x".repeat(5000))).isInstanceOf(InvalidInputException.class);
		assertThat(this.resources.openDecoders()).isZero();
	}

	@Test
	void wavIsCutInTenMillisecondChunks() throws Exception {
		WavFileSource source = WavFileSource.open(MEDIA.resolve("tone-440hz-48k-mono.wav"), this.resources);
		assertThat(source.periodNanos()).isEqualTo(10_000_000L);
		source.close();
		assertThat(this.resources.openDecoders()).isZero();
	}

	@Test
	void badWavFilesAreNamed() throws IOException {
		assertInvalidMedia(() -> WavFileSource.open(MEDIA.resolve("clip-baseline-320x240-30fps.h264"), this.resources),
				"is not a WAV file");
		byte[] wav = Files.readAllBytes(MEDIA.resolve("tone-440hz-48k-mono.wav"));
		byte[] eightBit = wav.clone();
		eightBit[34] = 8; // bits per sample of the fmt chunk
		Path file = Files.write(this.temp.resolve("8bit.wav"), eightBit);
		assertInvalidMedia(() -> WavFileSource.open(file, this.resources), "only 16-bit PCM");
		byte[] oddRate = wav.clone();
		oddRate[24] = 0x11; // 48000 -> 47889 Hz
		Path rate = Files.write(this.temp.resolve("rate.wav"), oddRate);
		assertInvalidMedia(() -> WavFileSource.open(rate, this.resources), "sample rate");
		Path header = Files.write(this.temp.resolve("header.wav"), Arrays.copyOf(wav, 40));
		assertInvalidMedia(() -> WavFileSource.open(header, this.resources), "data");
		assertThat(this.resources.openDecoders()).isZero();
	}

	private static void assertInvalidMedia(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, String text) {
		assertThatThrownBy(call).isInstanceOf(InvalidInputException.class)
			.hasMessageContaining(text)
			.extracting((ex) -> ((SpecterException) ex).code())
			.isEqualTo(ErrorCode.INVALID_MEDIA);
	}

}
