package dev.specter.webrtc;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;
import java.util.regex.Pattern;

import dev.onvoid.webrtc.PeerConnectionFactory;
import dev.onvoid.webrtc.RTCRtpCodecCapability;
import dev.onvoid.webrtc.media.MediaType;
import dev.specter.ErrorCode;
import dev.specter.InvalidInputException;
import dev.specter.media.MediaKind;
import dev.specter.media.RtpCodecCapability;

/**
 * The codecs a native factory can negotiate (its receiver capabilities, which
 * {@code setCodecPreferences} accepts), and the selection of codec preferences from a
 * media engine's list and a track's codec. Capabilities are plain Java objects, read
 * once.
 */
final class CodecCatalog {

	private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9._-]+");

	private static final List<String> NOT_MEDIA = List.of("rtx", "red", "ulpfec", "flexfec-03", "CN");

	private final Map<MediaKind, List<RTCRtpCodecCapability>> capabilities = new EnumMap<>(MediaKind.class);

	CodecCatalog(PeerConnectionFactory factory) {
		this.capabilities.put(MediaKind.AUDIO,
				List.copyOf(factory.getRtpReceiverCapabilities(MediaType.AUDIO).getCodecs()));
		this.capabilities.put(MediaKind.VIDEO,
				List.copyOf(factory.getRtpReceiverCapabilities(MediaType.VIDEO).getCodecs()));
	}

	List<RtpCodecCapability> supported(MediaKind kind) {
		return this.capabilities.get(kind).stream().map(CodecCatalog::fromNative).toList();
	}

	/**
	 * Checks that every codec of an engine's list matches at least one capability, and
	 * that a kind the list names has a media codec: libwebrtc refuses codec preferences
	 * made only of rtx, red, ulpfec, flexfec-03 or CN, and a transceiver created with
	 * them stays behind with preferences no offer can be made from
	 * (docs/native-input.md).
	 */
	void validate(List<RtpCodecCapability> codecs) {
		Map<MediaKind, Boolean> mediaCodec = new EnumMap<>(MediaKind.class);
		for (RtpCodecCapability codec : codecs) {
			if (codec == null) {
				throw new InvalidInputException(ErrorCode.INVALID_ARGUMENT, "codec must not be null");
			}
			if (this.capabilities.get(codec.kind()).stream().noneMatch((c) -> matches(codec, c))) {
				throw new InvalidInputException(ErrorCode.INVALID_ARGUMENT,
						"codec " + codec + " is not supported; supported " + codec.kind().value() + " codecs: "
								+ supported(codec.kind()));
			}
			mediaCodec.merge(codec.kind(), !isNotMedia(codec), Boolean::logicalOr);
		}
		mediaCodec.forEach((kind, hasMedia) -> {
			if (!hasMedia) {
				throw new InvalidInputException(ErrorCode.INVALID_ARGUMENT, "a media engine that lists " + kind.value()
						+ " codecs needs one that carries media, not only " + String.join(", ", NOT_MEDIA));
			}
		});
	}

	static boolean isNotMedia(RtpCodecCapability codec) {
		return NOT_MEDIA.stream().anyMatch((name) -> name.equalsIgnoreCase(codec.codecName()));
	}

	/**
	 * Returns the codec preferences of a transceiver: the engine's codecs of that kind in
	 * its order (or all, if it lists none), with the track's codec first. Returns
	 * {@code null} when nothing restricts or reorders the defaults, and an empty list
	 * when the track's codec is excluded by the engine.
	 */
	List<RTCRtpCodecCapability> preferences(List<RtpCodecCapability> engine, MediaKind kind,
			RtpCodecCapability trackCodec) {
		List<RtpCodecCapability> wanted = engine.stream().filter((c) -> c.kind() == kind).toList();
		boolean trackSpecific = trackCodec != null && trackCodec.isSpecific();
		if (wanted.isEmpty() && !trackSpecific) {
			return null;
		}
		List<RTCRtpCodecCapability> all = this.capabilities.get(kind);
		Map<RTCRtpCodecCapability, Boolean> selected = new LinkedHashMap<>();
		if (wanted.isEmpty()) {
			all.forEach((c) -> selected.put(c, true));
		}
		else {
			for (RtpCodecCapability codec : wanted) {
				for (RTCRtpCodecCapability capability : all) {
					if (matches(codec, capability)) {
						selected.putIfAbsent(capability, true);
					}
				}
			}
		}
		if (!trackSpecific) {
			return new ArrayList<>(selected.keySet());
		}
		List<RTCRtpCodecCapability> first = new ArrayList<>();
		List<RTCRtpCodecCapability> rest = new ArrayList<>();
		for (RTCRtpCodecCapability capability : selected.keySet()) {
			(matches(trackCodec, capability) ? first : rest).add(capability);
		}
		if (first.isEmpty()) {
			return List.of();
		}
		first.addAll(rest);
		return first;
	}

	static boolean matches(RtpCodecCapability wanted, RTCRtpCodecCapability capability) {
		String mime = capability.getMimeType();
		if (mime == null || !mime.regionMatches(true, 0, wanted.kind().value(), 0, 5)) {
			return false;
		}
		if (wanted.isSpecific() && !wanted.codecName().equalsIgnoreCase(capability.getName())) {
			return false;
		}
		if (wanted.clockRate() > 0 && wanted.clockRate() != capability.getClockRate()) {
			return false;
		}
		if (wanted.channels() > 0 && wanted.channels() != channels(capability)) {
			return false;
		}
		if (wanted.sdpFmtpLine() != null) {
			Map<String, String> fmtp = lowerCaseKeys(capability.getSDPFmtp());
			for (String pair : wanted.sdpFmtpLine().split(";")) {
				int equals = pair.indexOf('=');
				String value = fmtp.get(pair.substring(0, equals).toLowerCase(Locale.ROOT));
				if (value == null || !value.equalsIgnoreCase(pair.substring(equals + 1))) {
					return false;
				}
			}
		}
		return true;
	}

	static RtpCodecCapability fromNative(RTCRtpCodecCapability capability) {
		StringJoiner fmtp = new StringJoiner(";");
		Map<String, String> parameters = capability.getSDPFmtp();
		if (parameters != null) {
			parameters.forEach((key, value) -> {
				if (key != null && value != null && TOKEN.matcher(key).matches() && TOKEN.matcher(value).matches()) {
					fmtp.add(key + "=" + value);
				}
			});
		}
		return new RtpCodecCapability(capability.getMimeType(), capability.getClockRate(), channels(capability),
				fmtp.length() > 0 ? fmtp.toString() : null);
	}

	/** webrtc-java throws a NullPointerException for a video codec's channels. */
	private static int channels(RTCRtpCodecCapability capability) {
		try {
			return capability.getMediaType() == MediaType.AUDIO ? capability.getChannels() : 0;
		}
		catch (RuntimeException ex) {
			return 0;
		}
	}

	private static Map<String, String> lowerCaseKeys(Map<String, String> map) {
		Map<String, String> result = new LinkedHashMap<>();
		if (map != null) {
			map.forEach((k, v) -> {
				if (k != null) {
					result.put(k.toLowerCase(Locale.ROOT), v);
				}
			});
		}
		return result;
	}

}
