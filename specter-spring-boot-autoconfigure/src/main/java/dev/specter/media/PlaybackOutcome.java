package dev.specter.media;

/** How the playback of a file on a track ended. */
public enum PlaybackOutcome {

	/** Every frame or sample of the file was pushed to the track. */
	COMPLETED,

	/**
	 * Playback was cut short: by {@code stopPlayback}, by closing the track, or because
	 * the last peer connection the track was attached to closed or removed it.
	 */
	STOPPED

}
