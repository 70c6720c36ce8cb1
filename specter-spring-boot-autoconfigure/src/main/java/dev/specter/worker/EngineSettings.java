package dev.specter.worker;

import dev.specter.webrtc.ConnectionLimits;
import dev.specter.webrtc.RuntimeSettings;

/**
 * What a worker needs to build its engine, written by the application to the worker's
 * private directory.
 *
 * @param runtime timeouts, limits and data-channel flow control
 * @param limits bounds on the connections of each instance
 * @param dispatchThreads the worker's dispatch threads (they write events to the socket)
 * @param mailboxCapacity the most events one connection may have waiting in the worker
 */
record EngineSettings(RuntimeSettings runtime, ConnectionLimits limits, int dispatchThreads, int mailboxCapacity) {
}
