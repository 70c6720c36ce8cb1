/**
 * The one JSON mapper Specter reads and writes its wire formats with. Internal to
 * Specter: applications use their own Jackson configuration.
 */
@NullMarked
package dev.specter.json;

import org.jspecify.annotations.NullMarked;
