/**
 * The engine: Specter implemented on webrtc-java. Everything here except the factory, the
 * native-library probe and a few settings records is package-private; every piece of text
 * that reaches native code passes through one guarded entrance ({@code NativeInput}), and
 * every callback native code makes into Specter arrives through one file
 * ({@code NativeCallbacks}), which copies and forwards plain values.
 * <p>
 * Where things live: {@code WebRtcSpecter} is the facade, over {@code ApiRegistry},
 * {@code LocalTracks} and {@code PeerConnectionTable}. One connection is a
 * {@code PeerConnectionSession} (native connection, lock, mailbox, close order) with its
 * parts: {@code PendingOperations}, {@code Negotiation} (with
 * {@code RemoteOfferAdmission} and {@code RemoteCandidateQueue}), {@code SessionEvents},
 * {@code DataChannels} ({@code DataChannelSession}, {@code DataChannelSender},
 * {@code ChunkedSendQueue}), {@code PeerConnectionMedia} ({@code Transceivers},
 * {@code RemoteTracks}), {@code GatheringCompletion} and {@code ConnectionStats}.
 */
package dev.specter.webrtc;
