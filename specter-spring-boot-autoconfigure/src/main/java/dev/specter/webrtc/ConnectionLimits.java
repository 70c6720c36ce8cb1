package dev.specter.webrtc;

import java.time.Duration;

/**
 * Bounds on the peer connections of one Specter instance.
 *
 * @param maxPeerConnections the most peer connections one instance holds at a time; a
 * close frees its slot at once
 * @param failedConnectionTimeout how long a connection may stay {@code failed} before
 * Specter closes it (an ICE restart that brings it back to {@code connecting} or
 * {@code connected} in time keeps it)
 * @param connectTimeout how long after its creation a connection may take to reach
 * {@code connected} for the first time before Specter closes it
 */
public record ConnectionLimits(int maxPeerConnections, Duration failedConnectionTimeout, Duration connectTimeout) {

	/**
	 * Defaults: 1000 connections (each holds native memory and UDP sockets; the
	 * benchmarks in benchmarks/README.md measure how much), failed ones closed after 30
	 * s, unconnected ones after 60 s.
	 */
	public static final ConnectionLimits DEFAULTS = new ConnectionLimits(1000, Duration.ofSeconds(30),
			Duration.ofSeconds(60));

	/**
	 * Validates the limits.
	 * @param maxPeerConnections at least 1
	 * @param failedConnectionTimeout positive
	 * @param connectTimeout positive
	 */
	public ConnectionLimits {
		if (maxPeerConnections < 1) {
			throw new IllegalArgumentException("max-peer-connections must be at least 1");
		}
		if (failedConnectionTimeout == null || failedConnectionTimeout.isNegative()
				|| failedConnectionTimeout.isZero()) {
			throw new IllegalArgumentException("failed-connection-timeout must be positive");
		}
		if (connectTimeout == null || connectTimeout.isNegative() || connectTimeout.isZero()) {
			throw new IllegalArgumentException("connect-timeout must be positive");
		}
	}

}
