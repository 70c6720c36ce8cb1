package dev.specter.media;

/**
 * The registration of a {@link MediaSink} on a remote track. It ends when closed, when
 * the track ends or when its peer connection closes.
 */
public interface MediaSubscription extends AutoCloseable {

	/**
	 * Returns how many frames or chunks were handed to the sink.
	 * @return the count
	 */
	long delivered();

	/**
	 * Returns how many frames or chunks were dropped because the sink fell behind.
	 * @return the count
	 */
	long dropped();

	/**
	 * Whether the sink still receives media.
	 * @return {@code false} once closed, or once the track or connection ended
	 */
	boolean isActive();

	/**
	 * Unregisters the sink; frames already waiting are discarded. Closing twice is
	 * harmless.
	 */
	@Override
	void close();

}
