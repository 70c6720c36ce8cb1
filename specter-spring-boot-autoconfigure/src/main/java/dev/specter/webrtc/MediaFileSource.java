package dev.specter.webrtc;

/**
 * A media file being played: yields one unit (a video frame, 10 ms of audio) at a time
 * and pushes it to a track. Used by one media thread at a time.
 */
interface MediaFileSource extends AutoCloseable {

	/** The time each unit lasts, in nanoseconds. */
	long periodNanos();

	/**
	 * Pushes the next unit to the track.
	 * @return {@code false} at the end of the file
	 * @throws dev.specter.InvalidInputException ({@code INVALID_MEDIA}) if the file is
	 * corrupt
	 */
	boolean pushNext(LocalTrack track);

	/**
	 * Uses spare time before a deadline ({@link System#nanoTime()}) to prepare units
	 * ahead.
	 */
	default void prepareAhead(long deadlineNanos) {
	}

	/** Releases the decoder; idempotent. */
	@Override
	void close();

}
