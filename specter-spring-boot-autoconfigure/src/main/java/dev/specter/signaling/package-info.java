/**
 * Signaling types: session descriptions, ICE candidates, offer and answer options, and
 * the connection, ICE and signaling states a peer connection reports.
 */
package dev.specter.signaling;
