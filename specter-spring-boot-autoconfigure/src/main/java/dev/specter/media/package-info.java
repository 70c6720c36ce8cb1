/**
 * Media: transceivers and their directions, codecs, file playback, and the sinks that
 * receive decoded video frames and audio from remote tracks.
 */
package dev.specter.media;
