/**
 * Specter over STOMP: the relay of Specter events to the STOMP user or session that owns
 * each peer connection, the ownership registry, and the optional signaling endpoints that
 * let a browser negotiate a peer connection with the application.
 */
@NullMarked
package dev.specter.stomp;

import org.jspecify.annotations.NullMarked;
