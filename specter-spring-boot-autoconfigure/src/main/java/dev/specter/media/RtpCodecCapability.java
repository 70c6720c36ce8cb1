package dev.specter.media;

import java.util.Locale;
import java.util.regex.Pattern;

import dev.specter.ErrorCode;
import dev.specter.InvalidInputException;
import dev.specter.Specter;
import org.jspecify.annotations.Nullable;

/**
 * A codec, as W3C's {@code RTCRtpCodecCapability} and Specter's
 * {@code Specter.RtpCodecCapability}. It names a codec for
 * {@link Specter#newMediaEngine(java.util.List) a media engine} and for
 * {@link Specter#newTrack(RtpCodecCapability, String, String) a track}.
 * <p>
 * Zero and {@code null} mean "any":
 * {@code new RtpCodecCapability("video/H264", 0, 0, null)} matches every H264 profile the
 * engine supports, and a MIME type without a codec name ({@code "audio"}, as in Specter's
 * examples) matches every codec of that kind. An {@code sdpFmtpLine} restricts the match
 * to codecs whose format parameters include each of its {@code key=value} pairs
 * ({@code "profile-level-id=42e01f;packetization-mode=1"}, say).
 *
 * @param mimeType {@code kind/name} ({@code video/VP8}, {@code audio/opus}) or just the
 * kind ({@code audio}, {@code video}); the kind is case-insensitive, as is the name when
 * matching
 * @param clockRate the RTP clock rate in Hz, or 0 for any
 * @param channels the audio channel count, or 0 for any
 * @param sdpFmtpLine format parameters to match ({@code key=value;key=value}), or
 * {@code null}
 */
public record RtpCodecCapability(String mimeType, int clockRate, int channels, @Nullable String sdpFmtpLine) {

	private static final Pattern MIME = Pattern.compile("(?i)(audio|video)(/[A-Za-z0-9][A-Za-z0-9._+-]{0,31})?");

	private static final Pattern FMTP = Pattern
		.compile("[A-Za-z0-9._-]+=[A-Za-z0-9._-]+(;[A-Za-z0-9._-]+=[A-Za-z0-9._-]+)*");

	/** VP8 video. */
	public static final RtpCodecCapability VP8 = of("video/VP8");

	/** VP9 video (every profile). */
	public static final RtpCodecCapability VP9 = of("video/VP9");

	/** H264 video (every profile and packetization mode). */
	public static final RtpCodecCapability H264 = of("video/H264");

	/** AV1 video. */
	public static final RtpCodecCapability AV1 = of("video/AV1");

	/** Opus audio. */
	public static final RtpCodecCapability OPUS = of("audio/opus");

	/** G.711 µ-law audio. */
	public static final RtpCodecCapability PCMU = of("audio/PCMU");

	/** G.711 A-law audio. */
	public static final RtpCodecCapability PCMA = of("audio/PCMA");

	/** G.722 audio. */
	public static final RtpCodecCapability G722 = of("audio/G722");

	/**
	 * Validates the fields.
	 * @param mimeType the MIME type
	 * @param clockRate the clock rate, or 0
	 * @param channels the channel count, or 0
	 * @param sdpFmtpLine the format parameters, or {@code null}
	 * @throws InvalidInputException ({@link ErrorCode#INVALID_ARGUMENT}) if a field is
	 * malformed
	 */
	public RtpCodecCapability {
		if (mimeType == null || !MIME.matcher(mimeType).matches()) {
			throw new InvalidInputException(ErrorCode.INVALID_ARGUMENT,
					"codec MIME type must be 'audio', 'video' or 'kind/name' (video/VP8, audio/opus)");
		}
		if (clockRate < 0 || clockRate > 1_000_000) {
			throw new InvalidInputException(ErrorCode.INVALID_ARGUMENT,
					"codec clock rate must be between 0 and 1000000");
		}
		if (channels < 0 || channels > 8) {
			throw new InvalidInputException(ErrorCode.INVALID_ARGUMENT, "codec channels must be between 0 and 8");
		}
		if (sdpFmtpLine != null && !sdpFmtpLine.isEmpty()
				&& (sdpFmtpLine.length() > 512 || !FMTP.matcher(sdpFmtpLine).matches())) {
			throw new InvalidInputException(ErrorCode.INVALID_ARGUMENT,
					"codec SDP fmtp line must be key=value pairs separated by ';' (at most 512 characters)");
		}
		if (sdpFmtpLine != null && sdpFmtpLine.isEmpty()) {
			sdpFmtpLine = null;
		}
	}

	/**
	 * Creates a capability matching any clock rate, channel count and format parameters.
	 * @param mimeType {@code kind/name} or just the kind
	 * @return the capability
	 * @throws InvalidInputException if the MIME type is malformed
	 */
	public static RtpCodecCapability of(String mimeType) {
		return new RtpCodecCapability(mimeType, 0, 0, null);
	}

	/**
	 * Returns the kind named by the MIME type.
	 * @return audio or video
	 */
	public MediaKind kind() {
		return this.mimeType.regionMatches(true, 0, "audio", 0, 5) ? MediaKind.AUDIO : MediaKind.VIDEO;
	}

	/**
	 * Returns the codec name, the part after the slash.
	 * @return the name ({@code VP8}), or {@code null} for a kind-only capability
	 */
	public @Nullable String codecName() {
		int slash = this.mimeType.indexOf('/');
		return (slash >= 0) ? this.mimeType.substring(slash + 1) : null;
	}

	/**
	 * Whether this capability names a codec, rather than just a kind.
	 * @return {@code true} for {@code video/VP8}, {@code false} for {@code video}
	 */
	public boolean isSpecific() {
		return codecName() != null;
	}

	@Override
	public String toString() {
		StringBuilder text = new StringBuilder(
				this.mimeType.toLowerCase(Locale.ROOT).startsWith("audio") ? "audio" : "video");
		if (isSpecific()) {
			text.append('/').append(codecName());
		}
		if (this.clockRate > 0) {
			text.append('/').append(this.clockRate);
		}
		if (this.channels > 0) {
			text.append('/').append(this.channels);
		}
		if (this.sdpFmtpLine != null) {
			text.append(" [").append(this.sdpFmtpLine).append(']');
		}
		return text.toString();
	}

}
