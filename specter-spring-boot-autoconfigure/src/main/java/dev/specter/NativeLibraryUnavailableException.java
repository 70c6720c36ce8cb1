package dev.specter;

/**
 * Thrown when webrtc-java's native library cannot be loaded. The message names the
 * missing shared library and, where known, the Debian package that provides it.
 */
public class NativeLibraryUnavailableException extends SpecterException {

	private final String missingPackage;

	/**
	 * Creates the exception.
	 * @param message what failed to load and how to fix it
	 * @param missingPackage the Debian package to install, or {@code null} if unknown
	 * @param cause the loader's error
	 */
	public NativeLibraryUnavailableException(String message, String missingPackage, Throwable cause) {
		super(ErrorCode.NATIVE_UNAVAILABLE, message, cause);
		this.missingPackage = missingPackage;
	}

	/**
	 * Returns the Debian package that provides the missing library.
	 * @return the package name, or {@code null} if it could not be determined
	 */
	public String missingPackage() {
		return this.missingPackage;
	}

}
