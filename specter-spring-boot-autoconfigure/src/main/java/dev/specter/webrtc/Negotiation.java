package dev.specter.webrtc;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

import dev.onvoid.webrtc.CreateSessionDescriptionObserver;
import dev.onvoid.webrtc.RTCAnswerOptions;
import dev.onvoid.webrtc.RTCOfferOptions;
import dev.onvoid.webrtc.RTCPeerConnection;
import dev.onvoid.webrtc.SetSessionDescriptionObserver;
import dev.specter.ErrorCode;
import dev.specter.InvalidInputException;
import dev.specter.Operation;
import dev.specter.OperationRejectedException;
import dev.specter.SpecterException;
import dev.specter.event.AnswerCreated;
import dev.specter.event.LocalDescriptionSet;
import dev.specter.event.OfferCreated;
import dev.specter.event.RemoteDescriptionSet;
import dev.specter.event.SpecterEvent;
import dev.specter.signaling.AnswerOptions;
import dev.specter.signaling.IceCandidate;
import dev.specter.signaling.OfferOptions;
import dev.specter.signaling.SdpType;
import dev.specter.signaling.SessionDescription;

/**
 * The offer/answer exchange of one peer connection: creating and applying descriptions
 * (one at a time in the engine, see {@link PendingDescriptions}), admitting remote offers
 * ({@link RemoteOfferAdmission}), and remote candidates, queued until the remote
 * description is applied ({@link RemoteCandidateQueue}). Follows
 * {@link PeerConnectionSession}'s rules: native calls under the session's lock on
 * application threads; what the engine reports arrives through {@link NativeCallbacks}.
 */
final class Negotiation {

	private final PeerConnectionSession session;

	private final PendingDescriptions descriptions = new PendingDescriptions();

	/** Remote candidates that arrived before the remote description. */
	private final RemoteCandidateQueue queuedCandidates = new RemoteCandidateQueue();

	/** Which remote offers may reach the engine; guarded by the session's lock. */
	private final RemoteOfferAdmission offerAdmission;

	private volatile boolean remoteDescriptionSet;

	/**
	 * The m-sections of the last remote description applied (candidates must name one of
	 * them).
	 */
	private volatile SdpGrammar.Summary remoteSummary;

	Negotiation(PeerConnectionSession session) {
		this.session = session;
		this.offerAdmission = new RemoteOfferAdmission(session.id, session.settings.remoteIceRestartsPerMinute(),
				System::nanoTime);
	}

	/** Whether a remote description has been applied (a rollback does not count). */
	boolean remoteDescriptionSet() {
		return this.remoteDescriptionSet;
	}

	/** The connection closes: frees whoever waits for a pending description. */
	void releaseDescriptions() {
		this.descriptions.release();
	}

	CompletableFuture<SessionDescription> createOffer(OfferOptions options) {
		RTCOfferOptions rtc = new RTCOfferOptions();
		rtc.voiceActivityDetection = options.voiceActivityDetection();
		rtc.iceRestart = options.iceRestart();
		CompletableFuture<SessionDescription> future = this.session.newFuture(Operation.CREATE_OFFER);
		return this.session.call(Operation.CREATE_OFFER, future, (pc) -> {
			applyCodecPreferences(pc);
			pc.createOffer(rtc, created(future, Operation.CREATE_OFFER,
					(d) -> new OfferCreated(this.session.specter, this.session.id, d)));
		});
	}

	CompletableFuture<SessionDescription> createAnswer(AnswerOptions options) {
		RTCAnswerOptions rtc = new RTCAnswerOptions();
		rtc.voiceActivityDetection = options.voiceActivityDetection();
		CompletableFuture<SessionDescription> future = this.session.newFuture(Operation.CREATE_ANSWER);
		return this.session.call(Operation.CREATE_ANSWER, future, (pc) -> {
			applyCodecPreferences(pc);
			pc.createAnswer(rtc, created(future, Operation.CREATE_ANSWER,
					(d) -> new AnswerCreated(this.session.specter, this.session.id, d)));
		});
	}

	/** Called with the lock held, before an offer or answer. */
	private void applyCodecPreferences(RTCPeerConnection pc) {
		PeerConnectionMedia current = this.session.media();
		if (current != null) {
			current.applyCodecPreferences(pc);
		}
	}

	CompletableFuture<Void> setLocalDescription(SessionDescription description) {
		checkSdp(description);
		CompletableFuture<Void> future = this.session.newFuture(Operation.SET_LOCAL_DESCRIPTION);
		return this.session.call(Operation.SET_LOCAL_DESCRIPTION, future, (pc) -> {
			NativeInput.Description checked = NativeInput.description(description, NativeInput.Origin.LOCAL);
			handOver(pc, description, () -> NativeInput.setLocalDescription(pc, checked,
					applied(future, Operation.SET_LOCAL_DESCRIPTION, () -> {
						afterDescription();
						this.session.succeed(future, null,
								new LocalDescriptionSet(this.session.specter, this.session.id, description.type()));
					})));
		});
	}

	CompletableFuture<Void> setRemoteDescription(SessionDescription description) {
		checkSdp(description);
		CompletableFuture<Void> future = this.session.newFuture(Operation.SET_REMOTE_DESCRIPTION);
		String ufrags = RemoteOfferAdmission.iceUfragsOf(description);
		return this.session.call(Operation.SET_REMOTE_DESCRIPTION, future, (pc) -> {
			NativeInput.Description checked = NativeInput.description(description, NativeInput.Origin.REMOTE);
			this.offerAdmission.admit(ufrags);
			handOver(pc, description,
					() -> NativeInput.setRemoteDescription(pc, checked,
							applied(future, Operation.SET_REMOTE_DESCRIPTION,
									() -> remoteDescriptionApplied(future, description.type(), checked.summary()))));
		});
	}

	private void checkSdp(SessionDescription description) {
		int limit = this.session.settings.maxSdpBytes();
		if (description.sdp().length() > limit || description.sdp().getBytes(StandardCharsets.UTF_8).length > limit) {
			throw new InvalidInputException(ErrorCode.LIMIT_EXCEEDED,
					"SDP exceeds the limit of " + limit + " bytes (specter.limits.max-sdp-size)");
		}
	}

	/**
	 * Called with the lock held: hands a description to the engine, pending until its
	 * observer answers (see {@link LiveTransceivers} and {@link PendingDescriptions}).
	 */
	private void handOver(RTCPeerConnection pc, SessionDescription description, Runnable nativeCall) {
		PeerConnectionMedia current = this.session.media();
		if (current != null) {
			current.beforeDescription(pc, description.type(), description.sdp());
		}
		this.descriptions.begin();
		try {
			nativeCall.run();
		}
		catch (RuntimeException | Error ex) {
			this.descriptions.abandon();
			throw ex;
		}
	}

	/**
	 * Called with the lock held before a native call on a transceiver, receiver or
	 * sender: waits until the engine has applied every description handed to it (one may
	 * free them).
	 */
	void awaitDescriptionsApplied() {
		this.descriptions.awaitNone(this.session.settings.operationTimeout(), "peer connection " + this.session.id);
	}

	/**
	 * On the native thread once a description is applied: forgets native objects
	 * libwebrtc dropped.
	 */
	private void afterDescription() {
		PeerConnectionMedia current = this.session.media();
		if (current != null) {
			this.session.guard("description applied", () -> current.afterDescription(this.session.nativeConnection()));
		}
	}

	/**
	 * Runs on the native thread once the engine accepted a remote description: applies
	 * the queued candidates there (direct calls, no blocking), then reports success.
	 */
	private void remoteDescriptionApplied(CompletableFuture<Void> future, SdpType type, SdpGrammar.Summary summary) {
		if (type != SdpType.ROLLBACK) {
			this.remoteSummary = summary;
			this.remoteDescriptionSet = true;
		}
		afterDescription();
		drainQueuedCandidates();
		this.session.succeed(future, null, new RemoteDescriptionSet(this.session.specter, this.session.id, type));
	}

	private void drainQueuedCandidates() {
		this.queuedCandidates.drain((candidate, future) -> applyCandidate(candidate, future, false));
	}

	CompletableFuture<Void> addIceCandidate(IceCandidate candidate) {
		if (candidate.candidate().length() > this.session.settings.maxCandidateBytes()) {
			throw new InvalidInputException(ErrorCode.LIMIT_EXCEEDED, "ICE candidate exceeds the limit of "
					+ this.session.settings.maxCandidateBytes() + " bytes (specter.limits.max-candidate-size)");
		}
		CompletableFuture<Void> future = this.session.newFuture(Operation.ADD_ICE_CANDIDATE);
		if (candidate.isEndOfCandidates()) {
			// libwebrtc has no end-of-candidates input (an empty candidate throws); ICE
			// completes without it.
			future.complete(null);
			return future;
		}
		if (this.session.isClosing()) {
			this.session.fail(future, Operation.ADD_ICE_CANDIDATE, this.session.closed());
			return future;
		}
		try {
			// the grammar now, the m-section once the remote description is known
			NativeInput.checkCandidate(candidate);
		}
		catch (SpecterException ex) {
			this.session.fail(future, Operation.ADD_ICE_CANDIDATE, ex);
			return future;
		}
		if (this.remoteDescriptionSet) {
			// the application's own thread: complete here, no hop
			applyCandidate(candidate, future, true);
		}
		else if (!this.queuedCandidates.offer(candidate, future)) {
			this.session.fail(future, Operation.ADD_ICE_CANDIDATE,
					new InvalidInputException(ErrorCode.LIMIT_EXCEEDED, "more than " + RemoteCandidateQueue.MAX_QUEUED
							+ " candidates queued before the remote description"));
		}
		else {
			// The description may have been applied meanwhile: whoever sees it drains.
			if (this.remoteDescriptionSet || this.session.isClosing()) {
				if (this.session.isClosing()) {
					failQueuedCandidates(this.session.closed());
				}
				else {
					drainQueuedCandidates();
				}
			}
		}
		return future;
	}

	/**
	 * Safe on any thread: on the native thread the call is direct, elsewhere proxied. The
	 * future completes on the calling thread when that is the application's
	 * ({@code onCaller}: it is complete before {@code addIceCandidate} returns, which
	 * saves waking a dispatch thread for every candidate), otherwise on a dispatch
	 * thread, never on the native one.
	 */
	private void applyCandidate(IceCandidate candidate, CompletableFuture<Void> future, boolean onCaller) {
		RTCPeerConnection pc = this.session.nativeConnection();
		if (pc == null || this.session.isClosing()) {
			this.session.fail(future, Operation.ADD_ICE_CANDIDATE, this.session.closed());
			return;
		}
		try {
			NativeInput.addIceCandidate(pc, candidate, this.remoteSummary);
			if (onCaller) {
				future.complete(null);
			}
			else {
				this.session.dispatcher.complete(future, null);
			}
		}
		catch (SpecterException ex) {
			this.session.fail(future, Operation.ADD_ICE_CANDIDATE, ex);
		}
		catch (Throwable ex) {
			this.session.fail(future, Operation.ADD_ICE_CANDIDATE,
					new OperationRejectedException("ICE candidate rejected: " + PeerConnectionSession.reason(ex)));
		}
	}

	void failQueuedCandidates(SpecterException failure) {
		this.queuedCandidates.failAll((future) -> this.session.dispatcher.fail(future, failure));
	}

	/**
	 * The observer of a {@code createOffer} or {@code createAnswer}: succeeds the future
	 * with the description, posting its event.
	 */
	private CreateSessionDescriptionObserver created(CompletableFuture<SessionDescription> future, Operation operation,
			Function<SessionDescription, SpecterEvent> event) {
		return NativeCallbacks.created(this.session.toString(), operation.name(),
				(copy) -> this.session.succeed(future, copy, event.apply(copy)),
				(error) -> this.session.fail(future, operation, new OperationRejectedException(
						operation + " failed: " + PeerConnectionSession.reason(new Exception(error)))));
	}

	/**
	 * The observer of a {@code setLocalDescription} or {@code setRemoteDescription}: runs
	 * {@code success} or fails the future, then ends the pending description.
	 */
	private SetSessionDescriptionObserver applied(CompletableFuture<Void> future, Operation operation,
			Runnable success) {
		return NativeCallbacks.applied(this.session.toString(), operation.name(), success,
				(error) -> this.session.fail(future, operation,
						new OperationRejectedException(
								operation + " rejected: " + PeerConnectionSession.reason(new Exception(error)))),
				this.descriptions::end);
	}

}
