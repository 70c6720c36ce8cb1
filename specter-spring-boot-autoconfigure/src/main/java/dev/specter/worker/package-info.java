/**
 * Crash containment: the WebRTC engine in child JVMs
 * ({@code specter.engine.isolation=workers}).
 * {@link dev.specter.worker.WorkerSpecterFactory} starts the workers and hands out
 * {@link dev.specter.Specter} instances that forward each call to the worker owning the
 * connection over a Unix domain socket ({@link dev.specter.worker.WorkerMain} is the
 * worker's entry point), and republish the worker's events in order through the
 * application's dispatch.
 */
package dev.specter.worker;
