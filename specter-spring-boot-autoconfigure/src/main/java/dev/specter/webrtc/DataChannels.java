package dev.specter.webrtc;

import java.util.Collection;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

import dev.onvoid.webrtc.RTCDataChannel;
import dev.specter.DataChannelId;
import dev.specter.ErrorCode;
import dev.specter.InvalidInputException;
import dev.specter.NotFoundException;
import dev.specter.Operation;
import dev.specter.OperationRejectedException;
import dev.specter.datachannel.DataChannelOptions;
import dev.specter.datachannel.DataChannelState;
import dev.specter.event.DataChannelCreated;
import dev.specter.event.DataChannelReceived;

/**
 * The data channels of one peer connection: those created here and those the remote peer
 * opened, by id, with the per-connection limit.
 */
final class DataChannels {

	/**
	 * Data channels one connection may hold; libwebrtc has 1024 SCTP streams, shared by
	 * both sides.
	 */
	static final int MAX_DATA_CHANNELS = 256;

	private final PeerConnectionSession session;

	private final Map<DataChannelId, DataChannelSession> channels = new ConcurrentHashMap<>();

	DataChannels(PeerConnectionSession session) {
		this.session = session;
	}

	CompletableFuture<DataChannelId> create(String label, DataChannelOptions options) {
		NativeInput.checkLabel(label, this.session.settings.maxLabelBytes());
		if (options == null) {
			throw new InvalidInputException(ErrorCode.INVALID_ARGUMENT, "data channel options must not be null");
		}
		CompletableFuture<DataChannelId> future = this.session.newFuture(Operation.CREATE_DATA_CHANNEL);
		DataChannelSession[] created = new DataChannelSession[1];
		this.session.call(Operation.CREATE_DATA_CHANNEL, future, (pc) -> {
			// webrtc-java 0.14 crashes the JVM when libwebrtc refuses a channel: refuse
			// first.
			checkChannelCanBeCreated(options);
			RTCDataChannel channel = NativeInput.createDataChannel(pc, label, options,
					this.session.settings.maxLabelBytes());
			if (channel == null) {
				throw new OperationRejectedException(
						"data channel " + NativeInput.quote(label, 40) + " could not be created");
			}
			boolean reliableOrdered = options.ordered() && options.maxRetransmits() == null
					&& options.maxPacketLifeTimeMillis() == null;
			DataChannelSession opened = new DataChannelSession(DataChannelId.random(), channel, this.session,
					reliableOrdered);
			this.channels.put(opened.id, opened);
			this.session.post(new DataChannelCreated(this.session.specter, this.session.id, opened.id, label));
			if (this.session.negotiation().remoteDescriptionSet()) {
				// The channel may have opened before its observer was registered. Without
				// a
				// remote description it cannot have (SCTP needs one), so the proxied
				// state
				// query is skipped.
				opened.announceState();
			}
			created[0] = opened;
		});
		if (created[0] != null) {
			// Done on the caller's thread (an application or dispatch thread, never the
			// native one), outside the lock: completed here rather than with a hop, as
			// other operations that are finished when their method returns.
			future.complete(created[0].id);
		}
		return future;
	}

	/** Called with the lock held. */
	private void checkChannelCanBeCreated(DataChannelOptions options) {
		int live = 0;
		for (DataChannelSession channel : this.channels.values()) {
			if (channel.state() != DataChannelState.CLOSED) {
				live++;
				if (options.negotiated() && channel.streamId() == options.id()) {
					throw new InvalidInputException(ErrorCode.INVALID_ARGUMENT, "data channel id " + options.id()
							+ " is already in use on peer connection " + this.session.id);
				}
			}
		}
		if (live >= MAX_DATA_CHANNELS) {
			throw new InvalidInputException(ErrorCode.LIMIT_EXCEEDED,
					"a peer connection holds at most " + MAX_DATA_CHANNELS + " open data channels");
		}
	}

	DataChannelSession get(DataChannelId channel) {
		if (channel == null) {
			throw new InvalidInputException(ErrorCode.INVALID_ARGUMENT, "data channel id must not be null");
		}
		DataChannelSession found = this.channels.get(channel);
		if (found == null) {
			throw new NotFoundException(
					"data channel " + channel + " does not exist on peer connection " + this.session.id);
		}
		return found;
	}

	/**
	 * A channel the remote peer opened (native thread): registers it, posts its event and
	 * its state.
	 */
	void received(RTCDataChannel channel) {
		if (this.session.isClosing()) {
			return;
		}
		DataChannelSession created = new DataChannelSession(DataChannelId.random(), channel, this.session);
		this.channels.put(created.id, created);
		String label = channel.getLabel();
		this.session.post(new DataChannelReceived(this.session.specter, this.session.id, created.id,
				(label != null) ? label : "", Conversions.optionsOf(channel)));
		created.announceState();
	}

	Collection<DataChannelSession> all() {
		return this.channels.values();
	}

	/** The connection closed: frees every channel, failing its pending sends. */
	void disposeAll() {
		for (DataChannelSession channel : this.channels.values()) {
			channel.dispose();
		}
		this.channels.clear();
	}

}
