package dev.specter.media;

import java.util.Locale;

/**
 * The kind of a media track, transceiver or codec: the first part of a codec's MIME type.
 */
public enum MediaKind {

	/** Sound: opus, G722, PCMU, PCMA. */
	AUDIO,

	/** Pictures: VP8, VP9, H264, AV1. */
	VIDEO;

	/**
	 * Returns the lower-case name used in MIME types and SDP ({@code audio},
	 * {@code video}).
	 * @return the name
	 */
	public String value() {
		return name().toLowerCase(Locale.ROOT);
	}

}
