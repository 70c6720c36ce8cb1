package dev.specter.benchmarks;

/**
 * Run parameters, read from system properties {@code specter.bench.*}.
 * {@code -Dspecter.bench.quick=true} shrinks every count for a smoke run while
 * developing.
 */
final class Settings {

	static final String PREFIX = "specter.bench.";

	static boolean quick() {
		return Boolean.getBoolean(PREFIX + "quick");
	}

	static int integer(String name, int full, int quick) {
		String value = System.getProperty(PREFIX + name);
		if (value != null && !value.isBlank()) {
			return Integer.parseInt(value.trim());
		}
		return quick() ? quick : full;
	}

	static String string(String name, String fallback) {
		String value = System.getProperty(PREFIX + name);
		return (value != null && !value.isBlank()) ? value.trim() : fallback;
	}

	static boolean phase(String name) {
		String phases = string("phases", "setup,throughput,rtt,dispatch,scale,burst,stomp");
		for (String phase : phases.split(",")) {
			if (phase.trim().equalsIgnoreCase(name)) {
				return true;
			}
		}
		return false;
	}

	private Settings() {
	}

}
