package dev.specter.webrtc;

import java.util.List;
import java.util.function.BiFunction;

import dev.onvoid.webrtc.RTCRtpCodecCapability;

/**
 * A test hook, off unless the system property {@value #PROPERTY} names a class when a
 * peer connection is made (a test sets it in its own JVM, or passes it to the workers in
 * {@code specter.engine.worker-jvm-options}): an instance of that class, a
 * {@code BiFunction<String, List<RTCRtpCodecCapability>, List<RTCRtpCodecCapability>>},
 * may replace the codec preferences that {@code addTrack} and {@code addTransceiver} hand
 * to the transceiver they have just made. It receives {@code "addTrack <track id>"} or
 * {@code "addTransceiver <kind>"} and Specter's preferences ({@code null}: none) and
 * returns the ones to set ({@code null}: none). Tests return preferences libwebrtc
 * refuses, a real native failure ({@code java.lang.Error}) after the transceiver exists,
 * to prove that such a call leaves the connection as it was ({@link MediaCallRollback}).
 * Never set it in production.
 */
final class CodecPreferencesHook {

	/** The system property that names the hook's class. */
	static final String PROPERTY = "specter.test.codec-preferences-hook";

	private final BiFunction<String, List<RTCRtpCodecCapability>, List<RTCRtpCodecCapability>> hook;

	private CodecPreferencesHook(BiFunction<String, List<RTCRtpCodecCapability>, List<RTCRtpCodecCapability>> hook) {
		this.hook = hook;
	}

	/** The hook the system property names, or {@code null} (always in production). */
	@SuppressWarnings("unchecked")
	static CodecPreferencesHook fromSystemProperty() {
		String type = System.getProperty(PROPERTY);
		if (type == null || type.isBlank()) {
			return null;
		}
		try {
			return new CodecPreferencesHook(
					(BiFunction<String, List<RTCRtpCodecCapability>, List<RTCRtpCodecCapability>>) Class.forName(type)
						.getDeclaredConstructor()
						.newInstance());
		}
		catch (ReflectiveOperationException ex) {
			throw new IllegalStateException("Test hook " + type + " cannot be created", ex);
		}
	}

	/** The preferences to set; without a hook, {@code preferences}. */
	static List<RTCRtpCodecCapability> apply(CodecPreferencesHook hook, String call,
			List<RTCRtpCodecCapability> preferences) {
		return (hook != null) ? hook.hook.apply(call, preferences) : preferences;
	}

}
