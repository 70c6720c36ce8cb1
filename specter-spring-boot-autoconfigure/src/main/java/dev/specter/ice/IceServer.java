package dev.specter.ice;

import java.util.List;
import java.util.Locale;

import dev.specter.ErrorCode;
import dev.specter.InvalidInputException;

/**
 * A STUN or TURN server, with the W3C {@code RTCIceServer} names so that the same object
 * can be handed to a browser. {@link #toString()} masks the credential.
 *
 * @param urls the server's URLs ({@code stun:host:port},
 * {@code turn:host:port?transport=udp}, {@code turns:...})
 * @param username the TURN username, or {@code null}
 * @param credential the TURN credential, or {@code null}
 */
public record IceServer(List<String> urls, String username, String credential) {

	/**
	 * Validates the URLs.
	 * @param urls the server's URLs
	 * @param username the TURN username
	 * @param credential the TURN credential
	 */
	public IceServer {
		if (urls == null || urls.isEmpty()) {
			throw new InvalidInputException(ErrorCode.INVALID_ARGUMENT, "ICE server urls must not be empty");
		}
		urls = List.copyOf(urls);
		for (String url : urls) {
			validateUrl(url);
		}
	}

	/**
	 * Creates a server from a single URL without credentials, as Specter's
	 * {@code ice_servers: ["stun:..."]}.
	 * @param url the URL
	 * @return the server
	 */
	public static IceServer of(String url) {
		return new IceServer(List.of(url), null, null);
	}

	/**
	 * Checks that a URL has a {@code stun:}, {@code stuns:}, {@code turn:} or
	 * {@code turns:} scheme and a host.
	 * @param url the URL
	 * @throws InvalidInputException if it does not
	 */
	public static void validateUrl(String url) {
		if (url == null || url.isBlank()) {
			throw new InvalidInputException(ErrorCode.INVALID_ARGUMENT, "ICE server URL must not be empty");
		}
		int colon = url.indexOf(':');
		String scheme = (colon > 0) ? url.substring(0, colon).toLowerCase(Locale.ROOT) : "";
		if (!List.of("stun", "stuns", "turn", "turns").contains(scheme)) {
			throw new InvalidInputException(ErrorCode.INVALID_ARGUMENT,
					"ICE server URL '" + url + "' must start with stun:, stuns:, turn: or turns:");
		}
		if (url.length() == colon + 1) {
			throw new InvalidInputException(ErrorCode.INVALID_ARGUMENT, "ICE server URL '" + url + "' has no host");
		}
	}

	/**
	 * Whether any URL is a TURN URL.
	 * @return {@code true} for a TURN server
	 */
	public boolean isTurn() {
		return this.urls.stream().anyMatch((url) -> url.toLowerCase(Locale.ROOT).startsWith("turn"));
	}

	@Override
	public String toString() {
		return "IceServer[urls=" + this.urls + ", username=" + this.username + ", credential="
				+ ((this.credential != null) ? "******" : "null") + "]";
	}

}
