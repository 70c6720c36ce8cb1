package dev.specter.webrtc;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

import dev.specter.PeerConnectionId;
import dev.specter.SpecterId;
import dev.specter.event.IceCandidateError;
import dev.specter.ice.IceServer;
import dev.specter.ice.IpFilter;

/**
 * Copies webrtc-java's {@code onIceCandidateError} into an {@link IceCandidateError},
 * with text made safe to log and to relay: printable, bounded, without a URL user part,
 * and with every configured TURN username and credential masked wherever the server or
 * the engine repeats it.
 */
final class IceCandidateErrors {

	static final int MAX_TEXT = 256;

	private static final String MASK = "******";

	private IceCandidateErrors() {
	}

	/**
	 * The secrets to mask: the usernames and credentials of the configured servers,
	 * longest first.
	 */
	static List<String> secretsOf(Collection<IceServer> servers) {
		List<String> secrets = new ArrayList<>();
		for (IceServer server : servers) {
			for (String secret : new String[] { server.username(), server.credential() }) {
				if (secret != null && !secret.isEmpty() && !secrets.contains(secret)) {
					secrets.add(secret);
				}
			}
		}
		secrets.sort(Comparator.comparingInt(String::length).reversed());
		return List.copyOf(secrets);
	}

	/**
	 * The fields of webrtc-java's {@code RTCPeerConnectionIceErrorEvent}, copied on the
	 * native thread.
	 *
	 * @param url the STUN or TURN URL
	 * @param address the local address
	 * @param port the local port
	 * @param errorCode the STUN error code
	 * @param errorText the STUN reason phrase
	 */
	record Copy(String url, String address, Integer port, int errorCode, String errorText) {
	}

	/**
	 * Copies the event. The local address is kept only if it is an IP literal the
	 * connection's IP filter accepts (as for gathered candidates), else address and port
	 * are {@code null}.
	 */
	static IceCandidateError of(SpecterId specter, PeerConnectionId peerConnection, Copy event, List<String> secrets,
			IpFilter ipFilter) {
		String address = event.address();
		InetAddress ip = CandidateLine.ipLiteral(address);
		boolean hasAddress = ip != null && ipFilter.accept(ip);
		return new IceCandidateError(specter, peerConnection, url(event.url(), secrets),
				hasAddress ? text(address, secrets, 64) : null, hasAddress ? event.port() : null, event.errorCode(),
				text(event.errorText(), secrets, MAX_TEXT));
	}

	/**
	 * The URL without a user part ({@code turn:user:pass@host}, which no valid URL has,
	 * is cut).
	 */
	static String url(String url, List<String> secrets) {
		if (url == null) {
			return "";
		}
		int at = url.lastIndexOf('@');
		if (at >= 0) {
			int colon = url.indexOf(':');
			url = ((colon >= 0 && colon < at) ? url.substring(0, colon + 1) : "") + url.substring(at + 1);
		}
		return text(url, secrets, MAX_TEXT);
	}

	/**
	 * Keeps printable characters (control characters, including line breaks, become a
	 * space), masks the secrets and caps the length.
	 */
	static String text(String value, List<String> secrets, int max) {
		if (value == null) {
			return "";
		}
		String masked = value;
		for (String secret : secrets) {
			masked = masked.replace(secret, MASK);
		}
		StringBuilder out = new StringBuilder(Math.min(masked.length(), max));
		for (int i = 0; i < masked.length() && out.length() < max; i++) {
			char c = masked.charAt(i);
			out.append((Character.isISOControl(c) || Character.isSurrogate(c) || c == '\uFFFD') ? ' ' : c);
		}
		if (masked.length() > max) {
			out.setLength(max - 3);
			out.append("...");
		}
		return out.toString().strip();
	}

}
