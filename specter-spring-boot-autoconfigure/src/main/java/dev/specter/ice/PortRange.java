package dev.specter.ice;

import dev.specter.ErrorCode;
import dev.specter.InvalidInputException;

/**
 * The local UDP/TCP port range that ICE gathers host candidates on.
 *
 * @param min the lowest port, at least 1
 * @param max the highest port, at least {@code min} and at most 65535
 */
public record PortRange(int min, int max) {

	/**
	 * Validates the range.
	 * @param min the lowest port
	 * @param max the highest port
	 */
	public PortRange {
		if (min < 1 || max > 65535 || min > max) {
			throw new InvalidInputException(ErrorCode.INVALID_ARGUMENT,
					"port range must satisfy 1 <= min <= max <= 65535 (was " + min + ".." + max + ")");
		}
	}

	/**
	 * Whether the port is in the range.
	 * @param port a port
	 * @return {@code true} if {@code min <= port <= max}
	 */
	public boolean contains(int port) {
		return port >= this.min && port <= this.max;
	}

}
