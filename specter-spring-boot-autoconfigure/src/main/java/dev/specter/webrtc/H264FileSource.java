package dev.specter.webrtc;

import java.lang.reflect.Field;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ExecutorService;

import dev.onvoid.webrtc.media.video.NativeI420Buffer;
import dev.onvoid.webrtc.media.video.VideoFrame;
import dev.specter.InvalidInputException;
import org.jcodec.codecs.h264.BufferH264ES;
import org.jcodec.codecs.h264.H264Decoder;
import org.jcodec.codecs.h264.H264Utils;
import org.jcodec.codecs.h264.io.model.Frame;
import org.jcodec.codecs.h264.io.model.SeqParameterSet;
import org.jcodec.common.model.ColorSpace;
import org.jcodec.common.model.Packet;
import org.jcodec.common.model.Picture;

/**
 * Decodes an H.264 Annex-B file with JCodec (pure Java) into I420 frames in display
 * order.
 * <p>
 * JCodec returns pictures in decode order, each with its picture order count (POC). With
 * B-frames the two differ, so decoded frames wait in a reorder buffer as deep as the
 * stream's declared reordering ({@code num_reorder_frames}, else its reference frame
 * count) and leave it smallest POC first; an IDR picture flushes the buffer, since POC
 * restarts there. JCodec's planes are signed (value − 128); 128 is added back when
 * copying into the native buffer.
 * <p>
 * Each {@link H264Decoder} creates a thread pool it never shuts down; Specter switches
 * the decoder to single-threaded decoding (it runs on a media thread already) and shuts
 * the pool down, so a playback leaves no thread behind.
 */
final class H264FileSource implements MediaFileSource {

	/** Largest picture accepted: 4096 × 2304 (level 5.1). */
	private static final int MAX_WIDTH = 4096;

	private static final int MAX_HEIGHT = 2304;

	/** Decoded frames kept ahead of their deadline, bounded by bytes. */
	private static final long AHEAD_BYTES = 24L * 1024 * 1024;

	private static final double DEFAULT_FPS = 30;

	private final Path path;

	private final NativeResources resources;

	private final BufferH264ES demuxer;

	private H264Decoder decoder;

	private final long periodNanos;

	private final int reorderDepth;

	private final List<Frame> reorder = new ArrayList<>();

	private final ArrayDeque<I420> ready = new ArrayDeque<>();

	private int maxAhead = 8;

	private boolean endOfStream;

	private int decoded;

	private H264FileSource(Path path, byte[] file, double framesPerSecond, NativeResources resources) {
		this.path = path;
		this.resources = resources;
		SeqParameterSet sps = firstSps(path, file);
		check(path, sps);
		double fps = (framesPerSecond > 0) ? framesPerSecond : streamRate(sps);
		this.periodNanos = Math.round(1_000_000_000d / fps);
		this.reorderDepth = reorderDepth(sps);
		this.demuxer = new BufferH264ES(ByteBuffer.wrap(file));
		this.decoder = singleThreaded(new H264Decoder());
		resources.decoderOpened();
	}

	/**
	 * Opens a file: reads it, checks that it is an H.264 Annex-B stream of a supported
	 * profile.
	 * @param framesPerSecond the pace, or 0 for the stream's own rate (30 if it declares
	 * none)
	 */
	static H264FileSource open(Path path, double framesPerSecond, NativeResources resources) {
		byte[] file = MediaFiles.read(path, "H.264");
		try {
			return new H264FileSource(path, file, framesPerSecond, resources);
		}
		catch (InvalidInputException ex) {
			throw ex;
		}
		catch (RuntimeException | StackOverflowError ex) {
			throw MediaFiles.invalid(path, "is not a valid H.264 stream (" + ex.getClass().getSimpleName() + ")");
		}
	}

	private static SeqParameterSet firstSps(Path path, byte[] file) {
		if (!startsWithStartCode(file)) {
			throw MediaFiles.invalid(path, "is not an H.264 Annex-B stream (no start code)");
		}
		ByteBuffer buffer = ByteBuffer.wrap(file);
		boolean pps = false;
		boolean slice = false;
		SeqParameterSet sps = null;
		ByteBuffer nal;
		int count = 0;
		while ((nal = H264Utils.nextNALUnit(buffer)) != null && count++ < 10_000) {
			if (!nal.hasRemaining()) {
				continue;
			}
			int header = nal.get(nal.position()) & 0xff;
			if ((header & 0x80) != 0) {
				throw MediaFiles.invalid(path, "is not an H.264 stream (forbidden bit set)");
			}
			int type = header & 0x1f;
			if (type == 7 && sps == null) {
				ByteBuffer payload = nal.duplicate();
				payload.get();
				sps = SeqParameterSet.read(unescaped(payload));
			}
			else if (type == 8) {
				pps = true;
			}
			else if (type == 1 || type == 5) {
				slice = true;
			}
			if (sps != null && pps && slice) {
				return sps;
			}
		}
		throw MediaFiles.invalid(path,
				"is not an H.264 stream (no sequence parameter set, picture parameter set and slice)");
	}

	private static ByteBuffer unescaped(ByteBuffer payload) {
		ByteBuffer copy = ByteBuffer.allocate(payload.remaining());
		copy.put(payload.duplicate());
		copy.flip();
		H264Utils.unescapeNAL(copy);
		return copy;
	}

	private static boolean startsWithStartCode(byte[] file) {
		int zeros = 0;
		for (int i = 0; i < Math.min(file.length, 64); i++) {
			if (file[i] == 0) {
				zeros++;
			}
			else {
				return file[i] == 1 && zeros >= 2;
			}
		}
		return false;
	}

	/**
	 * Refuses what JCodec cannot decode: profiles above High, 4:2:2/4:4:4, high bit
	 * depths, interlacing.
	 */
	private static void check(Path path, SeqParameterSet sps) {
		int profile = sps.profileIdc;
		if (profile != 66 && profile != 77 && profile != 88 && profile != 100) {
			throw MediaFiles.invalid(path,
					"uses an unsupported H.264 profile (profile_idc " + profile + ", " + profileName(profile)
							+ "); supported: Baseline, Main, Extended and High, 8-bit 4:2:0 progressive");
		}
		if (sps.chromaFormatIdc != null && sps.chromaFormatIdc != ColorSpace.YUV420J) {
			throw MediaFiles.invalid(path, "uses unsupported chroma sampling " + sps.chromaFormatIdc);
		}
		if (sps.bitDepthLumaMinus8 != 0 || sps.bitDepthChromaMinus8 != 0) {
			throw MediaFiles.invalid(path, "uses an unsupported bit depth (" + (sps.bitDepthLumaMinus8 + 8) + " bits)");
		}
		if (!sps.frameMbsOnlyFlag) {
			throw MediaFiles.invalid(path, "is interlaced, which is not supported");
		}
		checkSize(path, sps);
	}

	private static void checkSize(Path path, SeqParameterSet sps) {
		long width = (sps.picWidthInMbsMinus1 + 1L) * 16;
		long height = (sps.picHeightInMapUnitsMinus1 + 1L) * 16;
		if (width > MAX_WIDTH || height > MAX_HEIGHT || width <= 0 || height <= 0) {
			throw MediaFiles.invalid(path,
					"has pictures of " + width + "x" + height + ", larger than " + MAX_WIDTH + "x" + MAX_HEIGHT);
		}
	}

	private static String profileName(int profile) {
		return switch (profile) {
			case 44 -> "CAVLC 4:4:4";
			case 110 -> "High 10";
			case 122 -> "High 4:2:2";
			case 244 -> "High 4:4:4 Predictive";
			case 118, 128 -> "Multiview";
			case 83, 86 -> "Scalable";
			default -> "unknown";
		};
	}

	private static double streamRate(SeqParameterSet sps) {
		var vui = sps.vuiParams;
		if (vui != null && vui.timingInfoPresentFlag && vui.numUnitsInTick > 0 && vui.timeScale > 0) {
			double fps = vui.timeScale / (2.0 * vui.numUnitsInTick);
			if (fps >= 1 && fps <= 240) {
				return fps;
			}
		}
		return DEFAULT_FPS;
	}

	private static int reorderDepth(SeqParameterSet sps) {
		var vui = sps.vuiParams;
		if (vui != null && vui.bitstreamRestriction != null) {
			return Math.min(16, Math.max(0, vui.bitstreamRestriction.numReorderFrames));
		}
		if (sps.picOrderCntType == 2) {
			return 0; // output order is decode order
		}
		return Math.min(16, Math.max(1, sps.numRefFrames));
	}

	/** Disables JCodec's internal thread pool (never shut down by JCodec itself). */
	private static H264Decoder singleThreaded(H264Decoder decoder) {
		try {
			Field threaded = H264Decoder.class.getDeclaredField("threaded");
			threaded.setAccessible(true);
			threaded.setBoolean(decoder, false);
			Field pool = H264Decoder.class.getDeclaredField("tp");
			pool.setAccessible(true);
			Object executor = pool.get(decoder);
			if (executor instanceof ExecutorService service) {
				service.shutdownNow();
			}
		}
		catch (ReflectiveOperationException | RuntimeException ex) {
			// Another JCodec version: its pool threads are daemons; decoding still works.
		}
		return decoder;
	}

	@Override
	public long periodNanos() {
		return this.periodNanos;
	}

	/**
	 * Returns the next frame in display order, or {@code null} at the end of the stream.
	 */
	I420 next() {
		I420 frame = this.ready.poll();
		return (frame != null) ? frame : decodeNext();
	}

	@Override
	public boolean pushNext(LocalTrack track) {
		I420 frame = next();
		if (frame == null) {
			return false;
		}
		NativeI420Buffer buffer = NativeI420Buffer.allocate(frame.width, frame.height);
		try {
			frame.copyTo(buffer);
			VideoFrame videoFrame = new VideoFrame(buffer, System.nanoTime());
			track.pushVideo(videoFrame);
		}
		finally {
			buffer.release();
		}
		return true;
	}

	@Override
	public void prepareAhead(long deadlineNanos) {
		while (this.ready.size() < this.maxAhead && !this.endOfStream
				&& System.nanoTime() < deadlineNanos - 3_000_000) {
			I420 frame = decodeNext();
			if (frame == null) {
				return;
			}
			this.ready.add(frame);
		}
	}

	/** Returns the next frame in display order, or {@code null} at the end. */
	private I420 decodeNext() {
		while (true) {
			if (!this.reorder.isEmpty() && (this.endOfStream || this.reorder.size() > this.reorderDepth)) {
				Frame next = this.reorder.stream().min(Comparator.comparingInt(Frame::getPOC)).get();
				this.reorder.remove(next);
				return I420.of(next);
			}
			if (this.endOfStream) {
				return null;
			}
			decodeOne();
		}
	}

	private void decodeOne() {
		Packet packet;
		try {
			packet = this.demuxer.nextFrame();
			if (packet == null) {
				this.endOfStream = true;
				return;
			}
			for (SeqParameterSet sps : this.demuxer.getSps()) {
				check(this.path, sps);
			}
			SeqParameterSet sps = this.demuxer.getSps()[0];
			int width = (sps.picWidthInMbsMinus1 + 1) * 16;
			int height = (sps.picHeightInMapUnitsMinus1 + 1) * 16;
			byte[][] planes = Picture.create(width, height, ColorSpace.YUV420J).getData();
			Frame frame = this.decoder.decodeFrame(packet.getData(), planes);
			if (frame == null) {
				return;
			}
			if (packet.isKeyFrame()) {
				// POC restarts at an IDR picture: everything buffered is displayed before
				// it.
				List<Frame> earlier = new ArrayList<>(this.reorder);
				earlier.sort(Comparator.comparingInt(Frame::getPOC));
				earlier.forEach((f) -> this.ready.add(I420.of(f)));
				this.reorder.clear();
			}
			this.reorder.add(frame);
			this.decoded++;
			if (this.decoded == 1) {
				long frameBytes = (long) width * height * 3 / 2;
				this.maxAhead = (int) Math.max(1, Math.min(30, AHEAD_BYTES / frameBytes));
			}
		}
		catch (InvalidInputException ex) {
			throw ex;
		}
		catch (RuntimeException | StackOverflowError ex) {
			throw MediaFiles.invalid(this.path,
					"could not be decoded at frame " + (this.decoded + 1) + " (" + ex.getClass().getSimpleName() + ")");
		}
	}

	@Override
	public void close() {
		if (this.decoder != null) {
			this.decoder = null;
			this.reorder.clear();
			this.ready.clear();
			this.resources.decoderClosed();
		}
	}

	/** A decoded frame copied out of JCodec: unsigned I420 planes without padding. */
	record I420(int width, int height, byte[] y, byte[] u, byte[] v) {

		static I420 of(Frame frame) {
			Picture picture = frame.cropped();
			int width = picture.getWidth();
			int height = picture.getHeight();
			return new I420(width, height, unsigned(picture, 0, width, height),
					unsigned(picture, 1, (width + 1) / 2, (height + 1) / 2),
					unsigned(picture, 2, (width + 1) / 2, (height + 1) / 2));
		}

		private static byte[] unsigned(Picture picture, int plane, int width, int height) {
			byte[] data = picture.getPlaneData(plane);
			int stride = picture.getPlaneWidth(plane);
			byte[] out = new byte[width * height];
			for (int row = 0; row < height; row++) {
				int from = row * stride;
				int to = row * width;
				for (int x = 0; x < width; x++) {
					out[to + x] = (byte) (data[from + x] + 128);
				}
			}
			return out;
		}

		void copyTo(NativeI420Buffer buffer) {
			copyPlane(this.y, this.width, this.height, buffer.getDataY(), buffer.getStrideY());
			copyPlane(this.u, (this.width + 1) / 2, (this.height + 1) / 2, buffer.getDataU(), buffer.getStrideU());
			copyPlane(this.v, (this.width + 1) / 2, (this.height + 1) / 2, buffer.getDataV(), buffer.getStrideV());
		}

		private static void copyPlane(byte[] plane, int width, int height, ByteBuffer target, int stride) {
			for (int row = 0; row < height; row++) {
				target.put(row * stride, plane, row * width, width);
			}
		}

	}

}
