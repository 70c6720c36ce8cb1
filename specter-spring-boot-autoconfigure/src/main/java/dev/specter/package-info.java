/**
 * The Specter API: WebRTC peer connections, ICE and data channels inside a Spring Boot
 * application, with asynchronous results delivered as Spring events.
 */
package dev.specter;
