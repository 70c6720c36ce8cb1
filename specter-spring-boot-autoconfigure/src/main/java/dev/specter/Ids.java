package dev.specter;

import java.util.UUID;

/**
 * What the id records ({@link PeerConnectionId}, {@link ApiId}, ...) share: Java records
 * cannot inherit, so each declares its members and delegates their rules here.
 */
final class Ids {

	private static final int UUID_LENGTH = 36;

	private Ids() {
	}

	/**
	 * Refuses a {@code null} value.
	 * @param value the UUID
	 * @param kind the id record
	 * @throws InvalidInputException with {@link ErrorCode#INVALID_ARGUMENT} if it is
	 * {@code null}
	 */
	static void requireValue(UUID value, Class<?> kind) {
		if (value == null) {
			throw new InvalidInputException(ErrorCode.INVALID_ARGUMENT, kind.getSimpleName() + " must not be null");
		}
	}

	/**
	 * Parses the canonical 36-character form of a UUID (in either case); anything else,
	 * including the shorter forms {@link UUID#fromString} tolerates, is refused.
	 * @param text the text
	 * @param kind the id record
	 * @return the UUID
	 * @throws InvalidInputException with {@link ErrorCode#INVALID_ARGUMENT} if the text
	 * is not a UUID
	 */
	static UUID parse(String text, Class<?> kind) {
		if (text == null || text.length() != UUID_LENGTH) {
			throw notUuid(kind);
		}
		try {
			return UUID.fromString(text);
		}
		catch (IllegalArgumentException ex) {
			throw notUuid(kind);
		}
	}

	private static InvalidInputException notUuid(Class<?> kind) {
		return new InvalidInputException(ErrorCode.INVALID_ARGUMENT, kind.getSimpleName() + " must be a UUID");
	}

}
