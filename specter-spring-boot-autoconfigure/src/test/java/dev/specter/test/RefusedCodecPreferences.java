package dev.specter.test;

import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

import dev.onvoid.webrtc.RTCRtpCodecCapability;
import dev.onvoid.webrtc.media.MediaType;

/**
 * The engine's codec-preferences test hook
 * ({@code dev.specter.webrtc.CodecPreferencesHook}, system property {@value #PROPERTY}):
 * hands libwebrtc preferences it refuses, made only of {@code rtx} (video) or {@code red}
 * (audio), for {@code addTrack} of a track whose id starts with {@value #REFUSED_TRACK}
 * ({@code audio} in the id: audio) and for every {@code addTransceiver} of audio.
 * libwebrtc then throws {@code java.lang.Error} from {@code setCodecPreferences}, after
 * the transceiver was made. Other calls keep Specter's preferences.
 */
public class RefusedCodecPreferences
		implements BiFunction<String, List<RTCRtpCodecCapability>, List<RTCRtpCodecCapability>> {

	/** The system property that names the hook (see the engine's class). */
	public static final String PROPERTY = "specter.test.codec-preferences-hook";

	/**
	 * The JVM option that installs this hook, for
	 * {@code specter.engine.worker-jvm-options}.
	 */
	public static final String JVM_OPTION = "-D" + PROPERTY + "=" + "dev.specter.test.RefusedCodecPreferences";

	/** Tracks whose id starts with this get refused preferences. */
	public static final String REFUSED_TRACK = "refused-";

	@Override
	public List<RTCRtpCodecCapability> apply(String call, List<RTCRtpCodecCapability> preferences) {
		if (call.startsWith("addTrack " + REFUSED_TRACK)) {
			return call.contains("audio") ? onlyRed() : onlyRtx();
		}
		if (call.equals("addTransceiver audio")) {
			return onlyRed();
		}
		return preferences;
	}

	private static List<RTCRtpCodecCapability> onlyRtx() {
		return List.of(new RTCRtpCodecCapability(MediaType.VIDEO, "rtx", 90000, null, Map.of()));
	}

	private static List<RTCRtpCodecCapability> onlyRed() {
		return List.of(new RTCRtpCodecCapability(MediaType.AUDIO, "red", 48000, 2, Map.of()));
	}

}
