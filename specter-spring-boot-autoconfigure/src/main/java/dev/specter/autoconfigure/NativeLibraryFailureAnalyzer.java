package dev.specter.autoconfigure;

import dev.specter.NativeLibraryUnavailableException;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Explains a start-up failure caused by webrtc-java's native library not loading, naming
 * the Debian package to install.
 */
class NativeLibraryFailureAnalyzer extends AbstractFailureAnalyzer<NativeLibraryUnavailableException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, NativeLibraryUnavailableException cause) {
		String action = (cause.missingPackage() != null)
				? "Install the Debian package '" + cause.missingPackage() + "': apt-get install -y "
						+ cause.missingPackage()
				: "Make sure dev.onvoid.webrtc:webrtc-java with the native classifier of this platform is on the "
						+ "classpath, and install libpulse0 (apt-get install -y libpulse0).";
		return new FailureAnalysis("Specter could not start WebRTC: " + cause.getMessage(), action, cause);
	}

}
