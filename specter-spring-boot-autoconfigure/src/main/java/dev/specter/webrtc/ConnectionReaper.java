package dev.specter.webrtc;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import dev.specter.PeerConnectionId;
import dev.specter.dispatch.EventDispatcher;
import dev.specter.event.PeerConnectionClosed.Reason;
import dev.specter.signaling.ConnectionState;

/**
 * Closes the connections of one Specter instance that hold resources without use: one
 * that stays {@code failed} for {@link ConnectionLimits#failedConnectionTimeout()}
 * (unless an ICE restart brings it back first), and one that has not reached
 * {@code connected} within {@link ConnectionLimits#connectTimeout()} of its creation.
 * Timers run on the dispatcher's timer; the close runs on its executor, never on the
 * native signaling thread.
 */
final class ConnectionReaper {

	private final ConnectionLimits limits;

	private final EventDispatcher dispatcher;

	private final Closer closer;

	/**
	 * @param limits the timeouts
	 * @param dispatcher whose timer and executor run the checks
	 * @param closer closes a connection through the normal close path
	 */
	ConnectionReaper(ConnectionLimits limits, EventDispatcher dispatcher, Closer closer) {
		this.limits = limits;
		this.dispatcher = dispatcher;
		this.closer = closer;
	}

	/**
	 * Starts watching a new connection.
	 * @param session the connection
	 */
	void watch(PeerConnectionSession session) {
		Watch watch = new Watch(session.id);
		session.watchState(watch::onState);
		Duration timeout = this.limits.connectTimeout();
		this.dispatcher.runLater(() -> {
			// Holds the id, not the session: a closed connection's objects are not kept
			// until then,
			// and the closer does nothing for a connection already closed.
			if (!watch.connected) {
				this.closer.close(watch.id, Reason.CONNECT_TIMEOUT,
						"it did not connect within " + timeout + " (specter.limits.connect-timeout)");
			}
		}, timeout.toMillis());
	}

	private final class Watch {

		private final PeerConnectionId id;

		/**
		 * Bumped on every state change, so that a timer started for an older state does
		 * nothing.
		 */
		private final AtomicLong generation = new AtomicLong();

		private volatile boolean connected;

		Watch(PeerConnectionId id) {
			this.id = id;
		}

		/** Runs on the native signaling thread: only records and schedules. */
		void onState(ConnectionState state) {
			long current = this.generation.incrementAndGet();
			if (state == ConnectionState.CONNECTED) {
				this.connected = true;
			}
			else if (state == ConnectionState.FAILED) {
				Duration grace = ConnectionReaper.this.limits.failedConnectionTimeout();
				ConnectionReaper.this.dispatcher.runLater(() -> {
					if (this.generation.get() == current) {
						ConnectionReaper.this.closer.close(this.id, Reason.FAILED,
								"it stayed failed for " + grace + " (specter.limits.failed-connection-timeout)");
					}
				}, grace.toMillis());
			}
		}

	}

	/** Closes a connection through the instance's close path. */
	@FunctionalInterface
	interface Closer {

		void close(PeerConnectionId peerConnection, Reason reason, String explanation);

	}

}
