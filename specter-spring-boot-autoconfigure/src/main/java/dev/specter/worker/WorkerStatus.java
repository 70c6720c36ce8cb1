package dev.specter.worker;

import java.time.Instant;

/**
 * What an operator sees of one running worker process.
 *
 * @param number the worker's number (in its thread, socket and log file names; a
 * replacement gets the next one)
 * @param pid the worker's process id
 * @param connections its live connections (those being created included)
 * @param served the connections it has been given since it started
 * @param retiring whether it was recycled: it takes no new connections and exits after
 * its last one closes
 * @param startedAt when its engine was ready
 */
public record WorkerStatus(int number, long pid, int connections, int served, boolean retiring, Instant startedAt) {

}
