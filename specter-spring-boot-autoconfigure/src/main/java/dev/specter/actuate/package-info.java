/**
 * Spring Boot Actuator support for Specter: a health indicator and the {@code specter}
 * endpoint.
 */
@NullMarked
package dev.specter.actuate;

import org.jspecify.annotations.NullMarked;
