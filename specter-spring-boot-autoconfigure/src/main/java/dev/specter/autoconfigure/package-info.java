/**
 * Spring Boot auto-configuration: the Specter beans built from {@code specter.*}
 * properties, the listener support, STOMP relay and signaling, metrics, health and the
 * actuator endpoint.
 */
package dev.specter.autoconfigure;
