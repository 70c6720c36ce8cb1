/**
 * Statistics snapshots: connection, ICE and track statistics returned by the
 * {@code stats} operations and carried by sampled-statistics events.
 */
package dev.specter.stats;
