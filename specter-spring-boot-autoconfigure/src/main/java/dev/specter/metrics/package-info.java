/**
 * Observability of Specter: a periodic statistics sampler and its typed event, a tracker
 * of live connections, and (when Micrometer is on the classpath) the meters fed by
 * Specter's events. Nothing here changes how Specter behaves; every piece only observes
 * the public API and events.
 */
@NullMarked
package dev.specter.metrics;

import org.jspecify.annotations.NullMarked;
