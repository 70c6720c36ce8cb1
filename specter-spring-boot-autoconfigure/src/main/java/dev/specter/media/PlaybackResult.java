package dev.specter.media;

import java.time.Duration;

import dev.specter.TrackId;

/**
 * The result of playing a file on a track.
 *
 * @param track the local track
 * @param outcome completed, or stopped early
 * @param frames the video frames (or 10 ms audio chunks) pushed to the track
 * @param duration the wall-clock time from the first frame to the end
 */
public record PlaybackResult(TrackId track, PlaybackOutcome outcome, long frames, Duration duration) {
}
