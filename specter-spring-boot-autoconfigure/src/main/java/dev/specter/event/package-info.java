/**
 * The events Specter publishes: one sealed family of immutable records.
 */
@NullMarked
package dev.specter.event;

import org.jspecify.annotations.NullMarked;
