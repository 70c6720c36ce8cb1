package dev.specter.webrtc;

/**
 * The lexical rules shared by Specter's grammars of what goes into the engine (SDP lines,
 * candidate lines, ICE server URLs): tokens, ICE characters, numbers and addresses, each
 * bounded in length and never admitting {@code %} (see {@link NativeInput}).
 */
final class SdpTokens {

	private SdpTokens() {
	}

	/**
	 * At least {@code min} fields separated by single spaces, none empty unless
	 * {@code restFree}.
	 */
	static boolean fields(String text, int min, boolean restFree) {
		String[] fields = restFree ? text.split(" ", 2) : text.split(" ", -1);
		if (fields.length < min) {
			return false;
		}
		for (String field : fields) {
			if (field.isEmpty()) {
				return false;
			}
		}
		return true;
	}

	/**
	 * Tokens separated by single spaces (a leading space is tolerated, as
	 * {@code a=msid-semantic: WMS}).
	 */
	static boolean tokens(String text) {
		String trimmed = text.startsWith(" ") ? text.substring(1) : text;
		if (trimmed.isEmpty()) {
			return true;
		}
		for (String field : trimmed.split(" ", -1)) {
			if (!token(field, 256)) {
				return false;
			}
		}
		return true;
	}

	/**
	 * RFC 8866 token-char:
	 * {@code %x21 / %x23-27 / %x2A-2B / %x2D-2E / %x30-39 / %x41-5A / %x5E-7E}, without
	 * {@code %}.
	 */
	static boolean token(String text, int max) {
		if (text == null || text.isEmpty() || text.length() > max) {
			return false;
		}
		for (int i = 0; i < text.length(); i++) {
			if (!tokenChar(text.charAt(i))) {
				return false;
			}
		}
		return true;
	}

	static boolean tokenChar(char c) {
		return c == 0x21 || (c >= 0x23 && c <= 0x27 && c != '%') || c == 0x2A || c == 0x2B || c == 0x2D || c == 0x2E
				|| (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5A) || (c >= 0x5E && c <= 0x7E);
	}

	/** RFC 8839 ice-char: ALPHA / DIGIT / "+" / "/". */
	static boolean iceChars(String text, int max) {
		if (text.isEmpty() || text.length() > max) {
			return false;
		}
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' || c == '/')) {
				return false;
			}
		}
		return true;
	}

	static boolean digits(String text, int maxLength) {
		if (text.isEmpty() || text.length() > maxLength) {
			return false;
		}
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			if (c < '0' || c > '9') {
				return false;
			}
		}
		return true;
	}

	/** Decimal digits (no sign) of a number from 0 to {@code max}. */
	static boolean number(String text, long max) {
		return digits(text, 10) && Long.parseLong(text) <= max;
	}

	/** An IPv4 or IPv6 literal or a host name (letters, digits, '.', '-', ':'). */
	static boolean address(String text) {
		if (text.isEmpty() || text.length() > 255) {
			return false;
		}
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '-'
					|| c == ':' || c == '_')) {
				return false;
			}
		}
		return true;
	}

}
