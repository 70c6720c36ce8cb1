package dev.specter.webrtc;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.onvoid.webrtc.PeerConnectionFactory;
import dev.onvoid.webrtc.media.audio.HeadlessAudioDeviceModule;
import dev.specter.NativeLibraryUnavailableException;

/**
 * Loads webrtc-java's native library once and turns a failure into a
 * {@link NativeLibraryUnavailableException} that names the missing Debian package,
 * instead of a bare {@link UnsatisfiedLinkError} (or the {@link NoClassDefFoundError} of
 * every later attempt).
 */
public final class NativeLibrary {

	/**
	 * A shared library named in a loader error: {@code [/path/]libname.so[.N]: reason}.
	 */
	private static final Pattern SHARED_LIBRARY = Pattern.compile("(lib[\\w.+-]+\\.so(?:\\.\\d+)*): ");

	private static final Map<String, String> DEBIAN_PACKAGES = Map.of("libpulse.so.0", "libpulse0", "libudev.so.1",
			"libudev1", "libX11.so.6", "libx11-6", "libXfixes.so.3", "libxfixes3", "libXrandr.so.2", "libxrandr2",
			"libXcomposite.so.1", "libxcomposite1", "libdbus-1.so.3", "libdbus-1-3");

	private static volatile Outcome outcome;

	private NativeLibrary() {
	}

	/**
	 * Loads the library if not done yet.
	 * @throws NativeLibraryUnavailableException if it cannot be loaded
	 */
	public static void ensureLoaded() {
		Outcome result = load();
		if (result.failure != null) {
			throw result.failure;
		}
	}

	/**
	 * Whether the library is loaded (loading it if not done yet).
	 * @return {@code true} if it is usable
	 */
	public static boolean isAvailable() {
		return load().failure == null;
	}

	private static Outcome load() {
		Outcome result = outcome;
		if (result == null) {
			synchronized (NativeLibrary.class) {
				result = outcome;
				if (result == null) {
					result = tryLoad();
					outcome = result;
				}
			}
		}
		return result;
	}

	private static Outcome tryLoad() {
		try {
			Class.forName(PeerConnectionFactory.class.getName(), true, NativeLibrary.class.getClassLoader());
			Class.forName(HeadlessAudioDeviceModule.class.getName(), true, NativeLibrary.class.getClassLoader());
			return new Outcome(null);
		}
		catch (Throwable ex) {
			return new Outcome(describe(ex));
		}
	}

	static NativeLibraryUnavailableException describe(Throwable failure) {
		String text = messages(failure);
		String library = null;
		Matcher matcher = SHARED_LIBRARY.matcher(text);
		while (matcher.find()) {
			// The loader names webrtc-java's own library first, then the dependency that
			// failed.
			if (!matcher.group(1).startsWith("libwebrtc-java")) {
				library = matcher.group(1);
			}
		}
		if (library != null) {
			String pkg = DEBIAN_PACKAGES.get(library);
			String fix = (pkg != null) ? "install the Debian package '" + pkg + "' (apt-get install " + pkg + ")"
					: "install the package that provides " + library;
			return new NativeLibraryUnavailableException(
					"webrtc-java's native library cannot load: " + library + " is missing or unusable; " + fix, pkg,
					failure);
		}
		return new NativeLibraryUnavailableException("webrtc-java's native library cannot load (" + text
				+ "); check that dev.onvoid.webrtc:webrtc-java with the classifier for this platform "
				+ "(linux-x86_64) is on the classpath and that libpulse0 is installed", null, failure);
	}

	private static String messages(Throwable failure) {
		StringBuilder text = new StringBuilder();
		for (Throwable current = failure; current != null; current = current.getCause()) {
			if (text.length() > 0) {
				text.append(" <- ");
			}
			text.append(current.getClass().getSimpleName()).append(": ").append(current.getMessage());
			if (current.getCause() == current) {
				break;
			}
		}
		return text.toString();
	}

	private record Outcome(NativeLibraryUnavailableException failure) {
	}

}
