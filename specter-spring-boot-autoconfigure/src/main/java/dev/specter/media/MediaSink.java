package dev.specter.media;

import dev.specter.PeerConnectionId;
import dev.specter.Specter;
import dev.specter.TrackId;

/**
 * Receives the decoded media of a remote track, registered with
 * {@link Specter#receiveVideo(PeerConnectionId, TrackId, MediaSink)} or
 * {@link Specter#receiveAudio(PeerConnectionId, TrackId, MediaSink)}. Calls for one sink
 * are serial and run on Specter's dispatch threads, never on the engine's media threads.
 * A sink that falls behind loses the oldest waiting frames (counted by
 * {@link MediaSubscription#dropped()}); an exception it throws goes to the error log and
 * does not unregister it.
 *
 * @param <T> {@link ReceivedVideoFrame} or {@link ReceivedAudio}
 */
@FunctionalInterface
public interface MediaSink<T> {

	/**
	 * Receives one frame or audio chunk.
	 * @param media the copied media
	 */
	void accept(T media);

}
