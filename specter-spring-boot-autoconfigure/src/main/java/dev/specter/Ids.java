package dev.specter;

import java.util.UUID;

final class Ids {

	private Ids() {
	}

	static UUID parse(String kind, String text) {
		if (text == null || text.length() != 36) {
			throw new InvalidInputException(ErrorCode.INVALID_ARGUMENT, kind + " must be a UUID");
		}
		try {
			return UUID.fromString(text);
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidInputException(ErrorCode.INVALID_ARGUMENT, kind + " must be a UUID");
		}
	}

}
