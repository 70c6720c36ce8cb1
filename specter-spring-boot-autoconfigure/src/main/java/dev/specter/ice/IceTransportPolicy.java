package dev.specter.ice;

/** Which local candidates ICE may use, as the W3C {@code iceTransportPolicy}. */
public enum IceTransportPolicy {

	/** All candidates (host, server reflexive, relay). */
	ALL,

	/**
	 * Only relay (TURN) candidates: no host or reflexive address is ever gathered or
	 * signalled.
	 */
	RELAY

}
