/**
 * ICE agent configuration: STUN and TURN servers, the transport policy, the local port
 * range and the filter that chooses which interface addresses are gathered.
 */
package dev.specter.ice;
