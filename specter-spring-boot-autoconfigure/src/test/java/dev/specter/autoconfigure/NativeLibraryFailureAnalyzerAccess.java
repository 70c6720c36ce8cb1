package dev.specter.autoconfigure;

import org.springframework.boot.diagnostics.FailureAnalysis;

/** Exposes the package-private analyzer to tests in other packages. */
public class NativeLibraryFailureAnalyzerAccess {

	public FailureAnalysis analyze(Throwable failure) {
		return new NativeLibraryFailureAnalyzer().analyze(failure);
	}

}
