/**
 * The Specter API: WebRTC peer connections, ICE and data channels inside a Spring Boot
 * application, with asynchronous results delivered as Spring events.
 * <p>
 * This package holds the facade ({@link dev.specter.Specter}), its factory and
 * configuration, the {@link dev.specter.SpecterListener @SpecterListener} annotation, the
 * error handler, the ids and the exceptions. The types the operations take and return
 * live beside it, by role: {@code signaling}, {@code ice}, {@code datachannel},
 * {@code media}, {@code stats}; the events in {@code event}; the STOMP relay and
 * signaling in {@code stomp}.
 */
package dev.specter;
