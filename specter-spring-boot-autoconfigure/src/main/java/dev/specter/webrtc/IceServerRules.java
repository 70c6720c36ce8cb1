package dev.specter.webrtc;

import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

import dev.specter.ErrorCode;
import dev.specter.InvalidInputException;
import dev.specter.ice.IceServer;

/**
 * What an ICE server must look like before {@link NativeInput} hands it to libwebrtc,
 * whose parser failing inside {@code createPeerConnection} crashes webrtc-java 0.14. Pure
 * checks: the text reaches the engine only through {@link NativeInput#configuration}.
 */
final class IceServerRules {

	private static final Pattern HOST = Pattern
		.compile("[A-Za-z0-9]([A-Za-z0-9._-]{0,252})?|\\[[0-9A-Fa-f:.]{2,45}\\]");

	private IceServerRules() {
	}

	/**
	 * Checks an ICE server so that libwebrtc's parser accepts it: webrtc-java 0.14
	 * crashes when {@code createPeerConnection} fails. URLs are
	 * {@code stun:|stuns:|turn:|turns:} then a host name or IP literal ({@code [v6]}), an
	 * optional port 1-65535 and, for TURN, an optional {@code ?transport=udp|tcp}; TURN
	 * needs a username and a credential; username and credential are at most 512 bytes
	 * without control characters.
	 * @param server the server
	 * @throws InvalidInputException ({@link ErrorCode#INVALID_ARGUMENT}) naming the field
	 */
	static void checkIceServer(IceServer server) {
		for (String url : server.urls()) {
			String problem = iceUrlProblem(url);
			if (problem != null) {
				throw new InvalidInputException(ErrorCode.INVALID_ARGUMENT,
						"ICE server URL " + NativeInput.quote(url, 80) + " is malformed: " + problem);
			}
		}
		if (server.isTurn() && (server.username() == null || server.username().isEmpty() || server.credential() == null
				|| server.credential().isEmpty())) {
			throw new InvalidInputException(ErrorCode.INVALID_ARGUMENT,
					"a TURN server needs a username and a credential: " + NativeInput.quote(server.urls().get(0), 80));
		}
		if (server.username() != null) {
			NativeInput.text(server.username(), "ICE server username", 512);
		}
		if (server.credential() != null) {
			try {
				NativeInput.text(server.credential(), "ICE server credential", 512);
			}
			catch (InvalidInputException ex) {
				// never quote a credential
				throw new InvalidInputException(ex.code(), "ICE server credential is malformed (control character,"
						+ " unpaired surrogate or over 512 bytes)");
			}
		}
	}

	static String iceUrlProblem(String url) {
		if (url == null || url.isEmpty() || url.length() > 512) {
			return "it must be 1 to 512 characters";
		}
		int colon = url.indexOf(':');
		String scheme = (colon > 0) ? url.substring(0, colon).toLowerCase(Locale.ROOT) : "";
		if (!List.of("stun", "stuns", "turn", "turns").contains(scheme)) {
			return "it must start with stun:, stuns:, turn: or turns:";
		}
		String rest = url.substring(colon + 1);
		int query = rest.indexOf('?');
		if (query >= 0) {
			String parameter = rest.substring(query + 1).toLowerCase(Locale.ROOT);
			if (!scheme.startsWith("turn")
					|| !(parameter.equals("transport=udp") || parameter.equals("transport=tcp"))) {
				return "the only query allowed is ?transport=udp or ?transport=tcp, on a TURN URL";
			}
			rest = rest.substring(0, query);
		}
		String host = rest;
		String port = null;
		if (rest.startsWith("[")) {
			int close = rest.indexOf(']');
			if (close < 0) {
				return "an IPv6 host must be in brackets";
			}
			host = rest.substring(0, close + 1);
			if (close + 1 < rest.length()) {
				if (rest.charAt(close + 1) != ':') {
					return "a port follows the host after ':'";
				}
				port = rest.substring(close + 2);
			}
		}
		else {
			int portColon = rest.lastIndexOf(':');
			if (portColon >= 0) {
				host = rest.substring(0, portColon);
				port = rest.substring(portColon + 1);
			}
		}
		if (!HOST.matcher(host).matches()) {
			return "the host must be a host name, an IPv4 address or a bracketed IPv6 address";
		}
		if (port != null && (!SdpTokens.number(port, 65535) || Integer.parseInt(port) == 0)) {
			return "the port must be 1 to 65535";
		}
		return null;
	}

}
