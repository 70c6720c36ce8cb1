package dev.specter.stomp;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Which STOMP clients had signaling in flight when an engine worker died (worker mode,
 * {@code ENGINE_FAILED}). A worker's death closes every connection on it, other clients'
 * included, so a client that found input crashing the engine could otherwise do it again
 * and again: a client (its user, or its address when anonymous) whose offer, answer or
 * candidate was in flight at {@value #MAX_FAILURES} deaths within {@link #WINDOW} gets no
 * new connection until the oldest of them is older than the window. Other clients whose
 * signaling was in flight at such a death count too, but need as many within the window.
 */
final class StompEngineFailures {

	/** Deaths within {@link #WINDOW} after which a client gets no new connection. */
	static final int MAX_FAILURES = 3;

	/** How long a death counts against the clients whose signaling it failed. */
	static final Duration WINDOW = Duration.ofMinutes(10);

	/** Clients remembered before the stale ones are forgotten. */
	private static final int SWEEP_ABOVE = 1024;

	private final Map<String, Deque<Long>> failures = new ConcurrentHashMap<>();

	private final LongSupplier clock;

	StompEngineFailures() {
		this(System::nanoTime);
	}

	StompEngineFailures(LongSupplier clock) {
		this.clock = clock;
	}

	/** Counts a worker's death against the client whose signaling it failed. */
	void record(StompOwner client) {
		long now = this.clock.getAsLong();
		if (this.failures.size() > SWEEP_ABOVE) {
			this.failures.entrySet().removeIf((entry) -> {
				synchronized (entry.getValue()) {
					return expire(entry.getValue(), now).isEmpty();
				}
			});
		}
		Deque<Long> times = this.failures.computeIfAbsent(key(client), (key) -> new ArrayDeque<>());
		synchronized (times) {
			expire(times, now).addLast(now);
			while (times.size() > MAX_FAILURES) {
				times.removeFirst();
			}
		}
	}

	/** Whether the client may get no new connection now. */
	boolean refused(StompOwner client) {
		Deque<Long> times = this.failures.get(key(client));
		if (times == null) {
			return false;
		}
		synchronized (times) {
			return expire(times, this.clock.getAsLong()).size() >= MAX_FAILURES;
		}
	}

	private static Deque<Long> expire(Deque<Long> times, long now) {
		while (!times.isEmpty() && now - times.peekFirst() > WINDOW.toNanos()) {
			times.removeFirst();
		}
		return times;
	}

	private static String key(StompOwner client) {
		if (client.isAuthenticated()) {
			return "user " + client.user();
		}
		return (client.address() != null) ? "address " + client.address() : "session " + client.sessionId();
	}

}
