package dev.specter.media;

import dev.specter.ErrorCode;
import dev.specter.Specter;
import dev.specter.SpecterConfig;
import dev.specter.SpecterFactory;

/**
 * What a Specter instance does with audio: push it into local tracks, or decode received
 * audio for the application. One instance does one or the other, not both, because of a
 * limitation of webrtc-java 0.14.0 (the newest release on Maven Central):
 * <ul>
 * <li>libwebrtc decodes a remote audio track only when the native audio device module
 * pulls audio for playout (every 10 ms); only then are the sinks of
 * {@link Specter#receiveAudio} fed. The "dummy" module never pulls.</li>
 * <li>webrtc-java 0.14's {@code HeadlessAudioDeviceModule} pulls, but as soon as any
 * audio <em>send</em> stream starts on its factory it also "records": a thread of its own
 * delivers the mixed received audio to every audio sender (echoing it to the remote
 * peers), and when Specter pushes a WAV file into a track too, both threads enter
 * libwebrtc's audio send stream at once and its race checker aborts the JVM
 * ({@code SIGABRT} in {@code audio_send_stream.cc}). Upstream's module no longer records
 * (<a href=
 * "https://github.com/devopvoid/webrtc-java/blob/00b12eae019f788280e36f7c92dccf90c184d8ca/webrtc-jni/src/main/cpp/src/api/HeadlessAudioDeviceModule.cpp">its
 * current source</a>), but no release with that change is on Maven Central.</li>
 * </ul>
 * Instances of different modes may live side by side in one application (the
 * auto-configured one with {@code specter.media.audio-mode}, others from
 * {@link SpecterFactory#create} with {@link SpecterConfig#withAudioMode}): each mode has
 * its own native peer-connection factory, created the first time an instance of that mode
 * needs one. Video is the same in both modes. Connections of a {@code SEND} instance and
 * of a {@code RECEIVE} instance can talk to each other (in one JVM, too).
 */
public enum AudioMode {

	/**
	 * The default: local audio tracks and {@link Specter#playFromFileWav} work; received
	 * audio is not decoded, so {@link Specter#receiveAudio} sinks get nothing
	 * ({@link Specter#getTrackStats} still counts the packets that arrive). The native
	 * factory uses libwebrtc's dummy audio device module.
	 */
	SEND,

	/**
	 * Received audio is decoded and delivered to {@link Specter#receiveAudio} sinks: 10
	 * ms chunks of 16-bit PCM, 100 per second per remote audio track from the moment it
	 * is negotiated (silence included). The instance never sends audio: creating an audio
	 * track ({@link ErrorCode#INVALID_TRACK}), playing a WAV file
	 * ({@link ErrorCode#INVALID_TRACK}), giving an audio transceiver a sending direction
	 * and setting an (edited) local description whose audio is {@code sendrecv} or
	 * {@code sendonly} ({@link ErrorCode#INVALID_ARGUMENT}) are refused before any change
	 * reaches the engine; answers to remote offers are receive-only for audio, without an
	 * SSRC of their own. So no audio send stream ever starts, and the native module
	 * (webrtc-java's {@code HeadlessAudioDeviceModule}) never starts its recording
	 * thread. (libwebrtc starts an audio send stream whenever its m-section sends and has
	 * an SSRC, even without a track; measured: a connection without any audio track whose
	 * local answer was edited to {@code sendrecv} with an SSRC started that thread and
	 * echoed the audio it received.)
	 */
	RECEIVE

}
