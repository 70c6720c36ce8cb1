package dev.specter.webrtc;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

import dev.specter.ErrorCode;
import dev.specter.InvalidInputException;

/**
 * Opens media files defensively: only regular files (not directories, devices, FIFOs or
 * sockets, which could block or never end), not empty, at most {@link #MAX_BYTES}; every
 * failure is an {@link InvalidInputException} with {@link ErrorCode#INVALID_MEDIA} that
 * names the file by its last segment only (the full path stays in the caller's hands).
 */
final class MediaFiles {

	/** The largest file Specter plays: 256 MiB. */
	static final long MAX_BYTES = 256L * 1024 * 1024;

	private MediaFiles() {
	}

	/**
	 * Validates a path argument synchronously: not null, not blank, no NUL, parseable.
	 */
	static Path path(String path) {
		if (path == null || path.isBlank()) {
			throw new InvalidInputException(ErrorCode.INVALID_ARGUMENT, "file path must not be null or blank");
		}
		if (path.length() > 4096 || path.indexOf('\0') >= 0) {
			throw new InvalidInputException(ErrorCode.INVALID_ARGUMENT,
					"file path must be at most 4096 characters without NUL");
		}
		try {
			return Path.of(path);
		}
		catch (InvalidPathException ex) {
			throw new InvalidInputException(ErrorCode.INVALID_ARGUMENT, "file path is malformed: " + ex.getReason());
		}
	}

	/** Reads a whole file after checking it. */
	static byte[] read(Path path, String kind) {
		BasicFileAttributes attributes = attributes(path);
		long size = attributes.size();
		try (InputStream in = Files.newInputStream(path)) {
			byte[] bytes = in.readNBytes((int) size);
			if (bytes.length == 0) {
				throw invalid(path, "is empty");
			}
			return bytes;
		}
		catch (IOException | SecurityException ex) {
			throw invalid(path, "cannot be read (" + ex.getClass().getSimpleName() + ")");
		}
	}

	/** Checks the file and returns its attributes (following symbolic links). */
	static BasicFileAttributes attributes(Path path) {
		BasicFileAttributes attributes;
		try {
			attributes = Files.readAttributes(path, BasicFileAttributes.class);
		}
		catch (NoSuchFileException ex) {
			throw invalid(path, "does not exist");
		}
		catch (IOException | SecurityException ex) {
			throw invalid(path, "cannot be read (" + ex.getClass().getSimpleName() + ")");
		}
		if (!attributes.isRegularFile()) {
			throw invalid(path, attributes.isDirectory() ? "is a directory" : "is not a regular file");
		}
		if (attributes.size() == 0) {
			throw invalid(path, "is empty");
		}
		if (attributes.size() > MAX_BYTES) {
			throw invalid(path, "is larger than " + (MAX_BYTES >> 20) + " MiB");
		}
		if (!Files.isReadable(path)) {
			throw invalid(path, "is not readable");
		}
		return attributes;
	}

	static InvalidInputException invalid(Path path, String problem) {
		return new InvalidInputException(ErrorCode.INVALID_MEDIA, "media file '" + name(path) + "' " + problem);
	}

	static String name(Path path) {
		Path name = (path != null) ? path.getFileName() : null;
		String text = (name != null) ? name.toString() : String.valueOf(path);
		text = text.replaceAll("[\\p{Cntrl}]", "?");
		return (text.length() > 80) ? text.substring(0, 80) + "..." : text;
	}

}
