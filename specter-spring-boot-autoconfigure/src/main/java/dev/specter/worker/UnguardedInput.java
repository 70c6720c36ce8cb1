package dev.specter.worker;

import java.util.function.Consumer;

/**
 * A test hook, off unless the worker runs with the system property {@value #PROPERTY}
 * naming a class (a test passes it in {@code specter.engine.worker-jvm-options}): an
 * instance of that class, a {@code Consumer<String>}, receives each remote description's
 * SDP before Specter's guard of native input sees it. Tests use it to hand a known native
 * crasher to webrtc-java and prove that the crash costs one worker, not the application.
 * Never set it in production.
 */
final class UnguardedInput {

	/** The system property that names the hook's class. */
	static final String PROPERTY = "specter.worker.test.remote-description-hook";

	private final Consumer<String> hook;

	private UnguardedInput(Consumer<String> hook) {
		this.hook = hook;
	}

	@SuppressWarnings("unchecked")
	static UnguardedInput fromSystemProperty() {
		String type = System.getProperty(PROPERTY);
		if (type == null || type.isBlank()) {
			return null;
		}
		try {
			return new UnguardedInput((Consumer<String>) Class.forName(type).getDeclaredConstructor().newInstance());
		}
		catch (ReflectiveOperationException ex) {
			throw new IllegalStateException("Test hook " + type + " cannot be created", ex);
		}
	}

	void setRemoteDescription(String sdp) {
		this.hook.accept(sdp);
	}

}
