package dev.specter.webrtc;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import dev.onvoid.webrtc.PeerConnectionFactory;
import dev.onvoid.webrtc.PeerConnectionObserver;
import dev.onvoid.webrtc.PortAllocatorConfig;
import dev.onvoid.webrtc.RTCConfiguration;
import dev.onvoid.webrtc.RTCDataChannel;
import dev.onvoid.webrtc.RTCDataChannelInit;
import dev.onvoid.webrtc.RTCIceCandidate;
import dev.onvoid.webrtc.RTCIceServer;
import dev.onvoid.webrtc.RTCIceTransportPolicy;
import dev.onvoid.webrtc.RTCPeerConnection;
import dev.onvoid.webrtc.RTCRtpCodecCapability;
import dev.onvoid.webrtc.RTCRtpSender;
import dev.onvoid.webrtc.RTCRtpTransceiver;
import dev.onvoid.webrtc.RTCRtpTransceiverDirection;
import dev.onvoid.webrtc.RTCRtpTransceiverInit;
import dev.onvoid.webrtc.RTCSdpType;
import dev.onvoid.webrtc.RTCSessionDescription;
import dev.onvoid.webrtc.SetSessionDescriptionObserver;
import dev.onvoid.webrtc.media.MediaStreamTrack;
import dev.onvoid.webrtc.media.audio.AudioTrackSource;
import dev.onvoid.webrtc.media.video.VideoTrackSource;
import dev.specter.ErrorCode;
import dev.specter.InvalidInputException;
import dev.specter.OperationRejectedException;
import dev.specter.SpecterConfig;
import dev.specter.datachannel.DataChannelOptions;
import dev.specter.ice.IceServer;
import dev.specter.ice.IceTransportPolicy;
import dev.specter.signaling.IceCandidate;
import dev.specter.signaling.SdpType;
import dev.specter.signaling.SessionDescription;

/**
 * The one entrance for text into webrtc-java: every native call that takes a string, or
 * an object that holds one, is made here or with an argument built here, after the text
 * was checked against the rules of docs/native-input.md. webrtc-java 0.14 turns the
 * message of a failed native call into a printf format string
 * ({@code ThrowCxxJavaException} → {@code jni::JavaError}), and some of its failure paths
 * crash whatever the text; so text that could fail there is refused here, with a typed
 * error ({@link InvalidInputException} or {@link OperationRejectedException}) that names
 * the field or line and quotes at most a short, escaped part of the input.
 * <p>
 * {@code NativeGateTests} proves from the compiled classes that no other class calls a
 * webrtc-java method with a text-carrying argument, writes a text field of a webrtc-java
 * object or constructs one.
 */
final class NativeInput {

	/** Where a text comes from; the rules are the same, the messages say which. */
	enum Origin {

		/** The application (or Specter itself). */
		LOCAL,

		/** The remote peer, through the application's signaling. */
		REMOTE

	}

	/** libwebrtc's DCEP carries label and protocol with 16-bit lengths. */
	static final int MAX_CHANNEL_TEXT_BYTES = 65535;

	/** msid-id of RFC 8830 (token-char, 1 to 64), without {@code %}. */
	private static final Pattern MSID_ID = Pattern.compile("[A-Za-z0-9!#$&'*+\\-.^_`{|}~]{1,64}");

	private NativeInput() {
	}

	/**
	 * A description checked for the engine.
	 *
	 * @param value the native description
	 * @param summary what it holds ({@code null} for a rollback)
	 */
	record Description(RTCSessionDescription value, SdpGrammar.Summary summary) {
	}

	// ---- SDP and candidates
	// ----------------------------------------------------------------------

	/**
	 * Checks a description against {@link SdpGrammar} and builds the native one. A
	 * rollback carries no SDP to the engine.
	 * @param description the description
	 * @param origin where it comes from
	 * @return the native description and what it holds
	 * @throws OperationRejectedException ({@link ErrorCode#REJECTED}) naming the line
	 */
	static Description description(SessionDescription description, Origin origin) {
		if (description.type() == SdpType.ROLLBACK) {
			return new Description(new RTCSessionDescription(RTCSdpType.ROLLBACK, ""), null);
		}
		SdpGrammar.Summary summary;
		try {
			summary = SdpGrammar.check(description.sdp());
		}
		catch (OperationRejectedException ex) {
			throw new OperationRejectedException(((origin == Origin.REMOTE) ? "remote " : "local ") + ex.getMessage());
		}
		RTCSdpType type = switch (description.type()) {
			case OFFER -> RTCSdpType.OFFER;
			case PRANSWER -> RTCSdpType.PR_ANSWER;
			case ANSWER -> RTCSdpType.ANSWER;
			case ROLLBACK -> RTCSdpType.ROLLBACK;
		};
		return new Description(new RTCSessionDescription(type, description.sdp()), summary);
	}

	/**
	 * Checks a candidate's grammar, before the remote description is known.
	 * @param candidate the candidate
	 */
	static void checkCandidate(IceCandidate candidate) {
		candidate(candidate, null);
	}

	/** Applies a description checked by {@link #description}. */
	static void setRemoteDescription(RTCPeerConnection pc, Description description,
			SetSessionDescriptionObserver observer) {
		pc.setRemoteDescription(description.value(), observer);
	}

	/** Applies a description checked by {@link #description}. */
	static void setLocalDescription(RTCPeerConnection pc, Description description,
			SetSessionDescriptionObserver observer) {
		pc.setLocalDescription(description.value(), observer);
	}

	/**
	 * Checks a candidate (see {@link #candidate}) and adds it.
	 * @param pc the connection
	 * @param candidate the candidate
	 * @param remote the remote description's summary, {@code null} if not known
	 */
	static void addIceCandidate(RTCPeerConnection pc, IceCandidate candidate, SdpGrammar.Summary remote) {
		pc.addIceCandidate(candidate(candidate, remote));
	}

	/**
	 * Checks a remote candidate (RFC 8839 grammar; {@code sdpMid} a token; with a remote
	 * description known, the m-section it names must exist) and builds the native one.
	 * @param candidate the candidate
	 * @param remote the remote description's summary, {@code null} if not known yet
	 * @return the native candidate
	 * @throws OperationRejectedException ({@link ErrorCode#REJECTED}) for a malformed
	 * candidate
	 * @throws InvalidInputException ({@link ErrorCode#INVALID_ARGUMENT}) for an m-section
	 * that does not exist
	 */
	private static RTCIceCandidate candidate(IceCandidate candidate, SdpGrammar.Summary remote) {
		String problem = CandidateGrammar.problemWithLine(candidate.candidate());
		if (problem != null) {
			throw new OperationRejectedException("ICE candidate rejected: " + problem);
		}
		String mid = (candidate.sdpMid() != null) ? candidate.sdpMid() : "";
		if (!mid.isEmpty() && !SdpTokens.token(mid, 64)) {
			throw new OperationRejectedException(
					"ICE candidate rejected: sdpMid " + quote(mid, 40) + " must be a token of at most 64 characters");
		}
		Integer index = candidate.sdpMLineIndex();
		if (mid.isEmpty() && index == null) {
			throw new InvalidInputException(ErrorCode.INVALID_ARGUMENT,
					"ICE candidate rejected: it names no m-section (sdpMid and sdpMLineIndex are both missing)");
		}
		if (index != null && (index < 0 || index > 65535)) {
			throw new InvalidInputException(ErrorCode.INVALID_ARGUMENT,
					"ICE candidate rejected: sdpMLineIndex " + index + " is out of range");
		}
		if (remote != null) {
			if (!mid.isEmpty()) {
				if (!remote.mids().contains(mid)) {
					throw new InvalidInputException(ErrorCode.INVALID_ARGUMENT, "ICE candidate rejected: sdpMid "
							+ quote(mid, 40) + " matches no m-section of the remote description");
				}
			}
			else if (index >= remote.mediaSections()) {
				throw new InvalidInputException(ErrorCode.INVALID_ARGUMENT,
						"ICE candidate rejected: sdpMLineIndex " + index
								+ " matches no m-section of the remote description (it has " + remote.mediaSections()
								+ ")");
			}
		}
		return new RTCIceCandidate(mid, (index != null) ? index : 0, candidate.candidate());
	}

	// ---- data channels
	// -----------------------------------------------------------------------------

	/**
	 * Checks a label and options and creates the channel. libwebrtc refuses a label or
	 * protocol over 65535 bytes, and webrtc-java 0.14 crashes on that refusal; control
	 * characters and unpaired surrogates are refused as well. {@code %} is allowed: no
	 * native format path takes a label or protocol (docs/native-input.md).
	 * @param pc the connection
	 * @param label the label
	 * @param options the options
	 * @param maxLabelBytes the label limit (specter.limits.max-label-size)
	 * @return the native channel
	 */
	static RTCDataChannel createDataChannel(RTCPeerConnection pc, String label, DataChannelOptions options,
			int maxLabelBytes) {
		checkLabel(label, maxLabelBytes);
		text(options.protocol(), "data channel protocol", MAX_CHANNEL_TEXT_BYTES);
		RTCDataChannelInit init = new RTCDataChannelInit();
		init.ordered = options.ordered();
		init.maxRetransmits = (options.maxRetransmits() != null) ? options.maxRetransmits() : -1;
		init.maxPacketLifeTime = (options.maxPacketLifeTimeMillis() != null) ? options.maxPacketLifeTimeMillis() : -1;
		init.protocol = options.protocol();
		init.negotiated = options.negotiated();
		init.id = (options.negotiated() && options.id() != null) ? options.id() : -1;
		return pc.createDataChannel(label, init);
	}

	/**
	 * Checks a data channel label (null, size, characters).
	 * @param label the label
	 * @param maxLabelBytes the limit
	 */
	static void checkLabel(String label, int maxLabelBytes) {
		if (label == null) {
			throw new InvalidInputException(ErrorCode.INVALID_ARGUMENT, "data channel label must not be null");
		}
		if (utf8Length(label) > Math.min(maxLabelBytes, MAX_CHANNEL_TEXT_BYTES)) {
			throw new InvalidInputException(ErrorCode.LIMIT_EXCEEDED, "data channel label exceeds the limit of "
					+ Math.min(maxLabelBytes, MAX_CHANNEL_TEXT_BYTES) + " bytes (specter.limits.max-label-size)");
		}
		text(label, "data channel label", MAX_CHANNEL_TEXT_BYTES);
	}

	// ---- tracks
	// ------------------------------------------------------------------------------------

	/**
	 * Checks a track or stream id: an msid-id of RFC 8830 without {@code %} (it is
	 * written into the local description's {@code a=msid} lines, which {@link SdpGrammar}
	 * checks again).
	 * @param id the id
	 * @param what what it is, for the message
	 */
	static void checkMsid(String id, String what) {
		if (id == null || !MSID_ID.matcher(id).matches()) {
			throw new InvalidInputException(ErrorCode.INVALID_ARGUMENT,
					what + " must be 1 to 64 characters among letters, digits and -_.!#$&'*+^`{|}~");
		}
	}

	static MediaStreamTrack createVideoTrack(PeerConnectionFactory factory, String id, VideoTrackSource source) {
		checkMsid(id, "track id");
		return factory.createVideoTrack(id, source);
	}

	static MediaStreamTrack createAudioTrack(PeerConnectionFactory factory, String id, AudioTrackSource source) {
		checkMsid(id, "track id");
		return factory.createAudioTrack(id, source);
	}

	static RTCRtpSender addTrack(RTCPeerConnection pc, MediaStreamTrack track, String streamId) {
		checkMsid(streamId, "stream id");
		return pc.addTrack(track, List.of(streamId));
	}

	/** Adds a transceiver without stream ids. */
	static RTCRtpTransceiver addTransceiver(RTCPeerConnection pc, MediaStreamTrack track,
			RTCRtpTransceiverDirection direction) {
		RTCRtpTransceiverInit init = new RTCRtpTransceiverInit();
		init.direction = direction;
		init.streamIds = List.of();
		return pc.addTransceiver(track, init);
	}

	/**
	 * Adds a sending transceiver of a track in a stream: what {@link #addTrack} does when
	 * it finds no transceiver to reuse.
	 */
	static RTCRtpTransceiver addSendingTransceiver(RTCPeerConnection pc, MediaStreamTrack track, String streamId) {
		checkMsid(streamId, "stream id");
		RTCRtpTransceiverInit init = new RTCRtpTransceiverInit();
		init.direction = RTCRtpTransceiverDirection.SEND_RECV;
		init.streamIds = List.of(streamId);
		return pc.addTransceiver(track, init);
	}

	/**
	 * Sets codec preferences: only capabilities the factory reported (see
	 * {@link CodecCatalog}) reach here; their text is checked all the same.
	 */
	static void setCodecPreferences(RTCRtpTransceiver transceiver, List<RTCRtpCodecCapability> preferences) {
		for (RTCRtpCodecCapability capability : preferences) {
			nativeText(capability.getName(), "codec name");
			nativeText(capability.getMimeType(), "codec MIME type");
			Map<String, String> fmtp = capability.getSDPFmtp();
			if (fmtp != null) {
				fmtp.forEach((key, value) -> {
					nativeText(key, "codec parameter");
					nativeText(value, "codec parameter");
				});
			}
		}
		transceiver.setCodecPreferences(preferences);
	}

	private static void nativeText(String text, String what) {
		if (text != null && (text.indexOf('%') >= 0 || text.chars().anyMatch((c) -> c < 0x20 || c == 0x7F))) {
			throw new OperationRejectedException(what + " " + quote(text, 40) + " holds '%' or a control character");
		}
	}

	// ---- configuration
	// -------------------------------------------------------------------------------

	/**
	 * Creates a native connection with a configuration checked by {@link #configuration}.
	 * @param factory the factory
	 * @param config the configuration
	 * @param observer the observer
	 * @return the connection, {@code null} if the engine refused
	 */
	static RTCPeerConnection createPeerConnection(PeerConnectionFactory factory, SpecterConfig config,
			PeerConnectionObserver observer) {
		return factory.createPeerConnection(configuration(config), observer);
	}

	/**
	 * Checks the ICE servers of a configuration (see
	 * {@link IceServerRules#checkIceServer}) and builds the native configuration.
	 * @param config the configuration
	 * @return the native configuration
	 */
	static RTCConfiguration configuration(SpecterConfig config) {
		RTCConfiguration rtc = new RTCConfiguration();
		List<RTCIceServer> servers = new ArrayList<>();
		for (IceServer server : config.iceServers()) {
			IceServerRules.checkIceServer(server);
			RTCIceServer rtcServer = new RTCIceServer();
			rtcServer.urls = new ArrayList<>(server.urls());
			rtcServer.username = (server.username() != null) ? server.username() : "";
			rtcServer.password = (server.credential() != null) ? server.credential() : "";
			servers.add(rtcServer);
		}
		rtc.iceServers = servers;
		rtc.iceTransportPolicy = (config.iceTransportPolicy() == IceTransportPolicy.RELAY) ? RTCIceTransportPolicy.RELAY
				: RTCIceTransportPolicy.ALL;
		PortAllocatorConfig ports = new PortAllocatorConfig();
		ports.setDisableTcp(!config.tcpCandidates());
		if (config.portRange() != null) {
			ports.minPort = config.portRange().min();
			ports.maxPort = config.portRange().max();
		}
		rtc.portAllocatorConfig = ports;
		return rtc;
	}

	// ---- text rules and messages
	// -------------------------------------------------------------------

	/**
	 * Refuses text that is not valid UTF-16 (an unpaired surrogate becomes invalid UTF-8
	 * in the engine), holds a control character (C0, DEL, C1) or exceeds a size in UTF-8
	 * bytes.
	 */
	static void text(String text, String what, int maxBytes) {
		if (text == null) {
			throw new InvalidInputException(ErrorCode.INVALID_ARGUMENT, what + " must not be null");
		}
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
				i++;
				continue;
			}
			if (Character.isSurrogate(c) || c < 0x20 || (c >= 0x7F && c <= 0x9F)) {
				throw new InvalidInputException(ErrorCode.INVALID_ARGUMENT,
						what + " holds " + describe(c) + " at index " + i + ", which is not allowed");
			}
		}
		if (utf8Length(text) > maxBytes) {
			throw new InvalidInputException(ErrorCode.LIMIT_EXCEEDED, what + " exceeds " + maxBytes + " bytes");
		}
	}

	private static int utf8Length(String text) {
		return text.getBytes(StandardCharsets.UTF_8).length;
	}

	/**
	 * A character as a message may show it: printable ASCII quoted, anything else as
	 * U+XXXX.
	 */
	static String describe(char c) {
		return (c >= 0x20 && c < 0x7F) ? "'" + c + "'" : String.format("U+%04X", (int) c);
	}

	/**
	 * Quotes text for a message, log line or event: at most {@code max} characters, each
	 * outside printable ASCII (and {@code "} and {@code \}) escaped as
	 * {@code \}{@code uXXXX}, in double quotes.
	 * @param text the text
	 * @param max the most characters kept
	 * @return the quoted text
	 */
	static String quote(String text, int max) {
		if (text == null) {
			return "null";
		}
		StringBuilder quoted = new StringBuilder("\"");
		int end = Math.min(text.length(), max);
		for (int i = 0; i < end; i++) {
			char c = text.charAt(i);
			if (c >= 0x20 && c < 0x7F && c != '"' && c != '\\') {
				quoted.append(c);
			}
			else {
				quoted.append(String.format("\\u%04x", (int) c));
			}
		}
		quoted.append('"');
		if (text.length() > max) {
			quoted.append("...");
		}
		return quoted.toString();
	}

	/**
	 * The reason of a native failure as a message may carry it: the first line of the
	 * exception's message, at most 200 characters, control and non-ASCII characters
	 * escaped. Native messages can quote SDP or candidates; they are only ever
	 * concatenated, never formatted.
	 * @param ex the failure
	 * @return the reason
	 */
	static String reason(Throwable ex) {
		String message = ex.getMessage();
		if (message == null) {
			return ex.getClass().getSimpleName();
		}
		int newline = message.indexOf('\n');
		String line = (newline >= 0) ? message.substring(0, newline) : message;
		String quoted = quote(line, 200);
		return quoted.substring(1, quoted.endsWith("...") ? quoted.length() - 4 : quoted.length() - 1)
				+ (quoted.endsWith("...") ? "..." : "");
	}

}
