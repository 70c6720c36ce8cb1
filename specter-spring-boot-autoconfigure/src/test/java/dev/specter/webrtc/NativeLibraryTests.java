package dev.specter.webrtc;

import dev.specter.ErrorCode;
import dev.specter.NativeLibraryUnavailableException;
import dev.specter.autoconfigure.NativeLibraryFailureAnalyzerAccess;
import org.junit.jupiter.api.Test;

import org.springframework.boot.diagnostics.FailureAnalysis;

import static org.assertj.core.api.Assertions.assertThat;

class NativeLibraryTests {

	@Test
	void missingPulseAudioNamesTheDebianPackage() {
		// The exact error webrtc-java 0.14 raises on a Debian 12 machine without
		// libpulse0.
		UnsatisfiedLinkError error = new UnsatisfiedLinkError("/tmp/libwebrtc-java-linux-x86_64123.so: libpulse.so.0: "
				+ "cannot open shared object file: No such file or directory");
		NativeLibraryUnavailableException failure = NativeLibrary.describe(error);
		assertThat(failure.code()).isEqualTo(ErrorCode.NATIVE_UNAVAILABLE);
		assertThat(failure.missingPackage()).isEqualTo("libpulse0");
		assertThat(failure.getMessage()).contains("libpulse.so.0").contains("apt-get install libpulse0");
		assertThat(failure.getCause()).isSameAs(error);
	}

	@Test
	void anUnusableLibraryIsNamedToo() {
		NativeLibraryUnavailableException failure = NativeLibrary
			.describe(new UnsatisfiedLinkError("/tmp/libwebrtc-java-linux-x86_6413086377509280825496.so:"
					+ " /lib/x86_64-linux-gnu/libpulse.so.0: file too short"));
		assertThat(failure.missingPackage()).isEqualTo("libpulse0");
	}

	@Test
	void laterAttemptsAreExplainedToo() {
		NoClassDefFoundError later = new NoClassDefFoundError(
				"Could not initialize class dev.onvoid.webrtc.PeerConnectionFactory");
		NativeLibraryUnavailableException failure = NativeLibrary.describe(later);
		assertThat(failure.missingPackage()).isNull();
		assertThat(failure.getMessage()).contains("libpulse0").contains("linux-x86_64");
	}

	@Test
	void failureAnalyzerGivesTheInstallCommand() {
		NativeLibraryUnavailableException failure = NativeLibrary.describe(new UnsatisfiedLinkError(
				"/tmp/x.so: libpulse.so.0: cannot open shared object file: No such file or directory"));
		FailureAnalysis analysis = new NativeLibraryFailureAnalyzerAccess()
			.analyze(new IllegalStateException("context failed", failure));
		assertThat(analysis.getDescription()).contains("libpulse.so.0");
		assertThat(analysis.getAction()).contains("apt-get install -y libpulse0");
	}

	@Test
	void libraryLoadsOnThisMachine() {
		assertThat(NativeLibrary.isAvailable()).isTrue();
	}

}
