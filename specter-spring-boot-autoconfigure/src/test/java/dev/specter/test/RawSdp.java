package dev.specter.test;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import dev.onvoid.webrtc.CreateSessionDescriptionObserver;
import dev.onvoid.webrtc.RTCAnswerOptions;
import dev.onvoid.webrtc.RTCOfferOptions;
import dev.onvoid.webrtc.RTCPeerConnection;
import dev.onvoid.webrtc.RTCSessionDescription;
import dev.onvoid.webrtc.SetSessionDescriptionObserver;

/**
 * Offer/answer on a raw webrtc-java connection (the remote peer of an IT), waiting for
 * each step with a timeout.
 */
public final class RawSdp {

	private RawSdp() {
	}

	/**
	 * Creates an offer or an answer.
	 * @param pc the raw connection
	 * @param offer whether to create an offer (else an answer)
	 * @return the description
	 * @throws Exception if it failed or took over 10 s
	 */
	public static RTCSessionDescription create(RTCPeerConnection pc, boolean offer) throws Exception {
		CompletableFuture<RTCSessionDescription> result = new CompletableFuture<>();
		CreateSessionDescriptionObserver observer = new CreateSessionDescriptionObserver() {
			@Override
			public void onSuccess(RTCSessionDescription description) {
				result.complete(description);
			}

			@Override
			public void onFailure(String error) {
				result.completeExceptionally(new IllegalStateException(error));
			}
		};
		if (offer) {
			pc.createOffer(new RTCOfferOptions(), observer);
		}
		else {
			pc.createAnswer(new RTCAnswerOptions(), observer);
		}
		return result.get(10, TimeUnit.SECONDS);
	}

	/**
	 * Sets the local or the remote description.
	 * @param pc the raw connection
	 * @param description the description
	 * @param local whether it is the local one
	 * @throws Exception if it failed or took over 10 s
	 */
	public static void set(RTCPeerConnection pc, RTCSessionDescription description, boolean local) throws Exception {
		CompletableFuture<Void> result = new CompletableFuture<>();
		SetSessionDescriptionObserver observer = new SetSessionDescriptionObserver() {
			@Override
			public void onSuccess() {
				result.complete(null);
			}

			@Override
			public void onFailure(String error) {
				result.completeExceptionally(new IllegalStateException(error));
			}
		};
		if (local) {
			pc.setLocalDescription(description, observer);
		}
		else {
			pc.setRemoteDescription(description, observer);
		}
		result.get(10, TimeUnit.SECONDS);
	}

	/**
	 * Non-trickle: creates and sets an offer, waits for gathering, and returns the local
	 * description with every candidate in it.
	 * @param pc the raw connection
	 * @param gathered completed by the caller's observer when gathering completes
	 * @return the SDP
	 * @throws Exception if a step failed or took too long
	 */
	public static String offerAfterGathering(RTCPeerConnection pc, CompletableFuture<?> gathered) throws Exception {
		set(pc, create(pc, true), true);
		gathered.get(20, TimeUnit.SECONDS);
		return pc.getLocalDescription().sdp;
	}

}
