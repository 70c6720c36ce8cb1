package dev.specter.actuate;

import java.util.LinkedHashMap;
import java.util.Map;

import dev.specter.NativeLibraryUnavailableException;
import dev.specter.PeerConnectionId;
import dev.specter.Specter;
import dev.specter.SpecterException;
import dev.specter.SpecterFactory;
import dev.specter.signaling.ConnectionState;
import dev.specter.webrtc.DefaultSpecterFactory;
import dev.specter.webrtc.NativeLibrary;
import dev.specter.worker.WorkerSpecterFactory;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * Health of Specter: {@code DOWN} when webrtc-java's native library cannot be loaded (the
 * detail {@code error} then names the missing library and its Debian package), else
 * {@code UP} with the number of Specter instances, of native peer-connection factories,
 * and of live connections by state. Failed peer connections do not make the application
 * unhealthy: they are the remote peers' or the network's problem, and show in the
 * {@code connections} detail.
 * <p>
 * Connection states are read from the engine, not from events, so the indicator stays
 * accurate when event delivery lags. It never creates a Specter instance or a native
 * factory.
 * <p>
 * In worker mode ({@code specter.engine.isolation=workers}) the application's JVM does
 * not load the native library and the indicator asks the workers nothing (a hung worker
 * must not hang the health check): it is {@code DOWN} when no worker process is live or
 * the workers cannot load the native library ({@code nativeLibrary=unavailable}, with the
 * error and the package to install), else {@code UP}, with the live connections by state
 * as in process (from their events) and the {@code workers} detail: configured, live and
 * accepting workers; workers started, deaths (hung ones counted apart too), restarts
 * after a death, recycles and start failures since the application started; and per
 * worker process its number, pid, live connections, connections served, whether it is
 * retiring (recycled), when it started and its uptime.
 */
public final class SpecterHealthIndicator implements HealthIndicator {

	private final SpecterFactory specterFactory;

	private final NativeLibraryCheck nativeLibrary;

	/**
	 * Creates an indicator that checks the real native library.
	 * @param specterFactory the source of the Specter instances
	 */
	public SpecterHealthIndicator(SpecterFactory specterFactory) {
		this(specterFactory, NativeLibrary::ensureLoaded);
	}

	/**
	 * Creates an indicator.
	 * @param specterFactory the source of the Specter instances
	 * @param nativeLibrary the check of the native library
	 */
	public SpecterHealthIndicator(SpecterFactory specterFactory, NativeLibraryCheck nativeLibrary) {
		this.specterFactory = specterFactory;
		this.nativeLibrary = nativeLibrary;
	}

	@Override
	public Health health() {
		if (this.specterFactory instanceof WorkerSpecterFactory workers) {
			return WorkerHealth.health(workers);
		}
		try {
			this.nativeLibrary.ensureLoaded();
		}
		catch (NativeLibraryUnavailableException ex) {
			Health.Builder down = Health.down()
				.withDetail("nativeLibrary", "unavailable")
				.withDetail("error", ex.getMessage());
			if (ex.missingPackage() != null) {
				down.withDetail("missingPackage", ex.missingPackage());
			}
			return down.build();
		}
		Health.Builder up = Health.up().withDetail("nativeLibrary", "loaded");
		int instances = 0;
		Map<String, Integer> connections = new LinkedHashMap<>();
		for (ConnectionState state : ConnectionState.values()) {
			if (state != ConnectionState.UNSPECIFIED && state != ConnectionState.CLOSED) {
				connections.put(state.value(), 0);
			}
		}
		for (Specter specter : this.specterFactory.instances()) {
			instances++;
			for (PeerConnectionId peerConnection : specter.peerConnections()) {
				try {
					connections.merge(specter.connectionState(peerConnection).value(), 1, Integer::sum);
				}
				catch (SpecterException ex) {
					// Closed while counting.
				}
			}
		}
		up.withDetail("instances", instances);
		if (this.specterFactory instanceof DefaultSpecterFactory factory) {
			up.withDetail("factories", factory.factories().size());
			// webrtc-java 0.14 never frees a closed connection's native memory: show what
			// it keeps.
			up.withDetail("closedConnections", factory.resources().closedConnections());
			up.withDetail("retainedNativeBytesEstimate", factory.resources().retainedNativeBytesEstimate());
		}
		return up.withDetail("connections", connections).build();
	}

	/**
	 * Checks that webrtc-java's native library is usable; the default is
	 * {@link NativeLibrary#ensureLoaded()}.
	 */
	@FunctionalInterface
	public interface NativeLibraryCheck {

		/**
		 * Loads the library if needed.
		 * @throws NativeLibraryUnavailableException if it cannot be loaded
		 */
		void ensureLoaded();

	}

}
