package dev.specter.worker;

import dev.specter.PeerConnectionId;
import dev.specter.dispatch.Mailbox;

/**
 * Where a connection lives: its instance, its worker and the mailbox its events are
 * published through.
 */
final class Route {

	private final PeerConnectionId peerConnection;

	private final WorkerSpecter owner;

	private final WorkerProcess worker;

	private final Mailbox mailbox;

	private volatile boolean closing;

	Route(PeerConnectionId peerConnection, WorkerSpecter owner, WorkerProcess worker, Mailbox mailbox) {
		this.peerConnection = peerConnection;
		this.owner = owner;
		this.worker = worker;
		this.mailbox = mailbox;
	}

	PeerConnectionId peerConnection() {
		return this.peerConnection;
	}

	WorkerSpecter owner() {
		return this.owner;
	}

	WorkerProcess worker() {
		return this.worker;
	}

	Mailbox mailbox() {
		return this.mailbox;
	}

	/**
	 * Whether the connection was closed by the application (its closed event may follow).
	 */
	boolean closing() {
		return this.closing;
	}

	void closing(boolean closing) {
		this.closing = closing;
	}

}
