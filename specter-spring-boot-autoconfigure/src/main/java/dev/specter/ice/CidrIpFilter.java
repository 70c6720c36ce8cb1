package dev.specter.ice;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

import dev.specter.ErrorCode;
import dev.specter.InvalidInputException;

/**
 * An {@link IpFilter} from CIDR blocks ({@code 10.0.0.0/8}, {@code fd00::/8}, or single
 * addresses): an address is accepted if it is in no {@code deny} block and, when
 * {@code allow} is not empty, in some {@code allow} block.
 */
public final class CidrIpFilter implements IpFilter {

	private final List<Block> allow;

	private final List<Block> deny;

	private CidrIpFilter(List<Block> allow, List<Block> deny) {
		this.allow = allow;
		this.deny = deny;
	}

	/**
	 * Creates a filter.
	 * @param allow blocks to accept (empty accepts everything not denied)
	 * @param deny blocks to reject
	 * @return the filter
	 * @throws InvalidInputException if a block is not an IP literal with an optional
	 * prefix length
	 */
	public static CidrIpFilter of(List<String> allow, List<String> deny) {
		return new CidrIpFilter(parse(allow), parse(deny));
	}

	private static List<Block> parse(List<String> blocks) {
		return (blocks != null) ? blocks.stream().map(Block::parse).toList() : List.of();
	}

	@Override
	public boolean accept(InetAddress address) {
		if (this.deny.stream().anyMatch((block) -> block.contains(address))) {
			return false;
		}
		return this.allow.isEmpty() || this.allow.stream().anyMatch((block) -> block.contains(address));
	}

	/**
	 * Returns the allowed blocks as they were given (trimmed).
	 * @return the allowed blocks
	 */
	public List<String> allowed() {
		return this.allow.stream().map(Block::text).toList();
	}

	/**
	 * Returns the denied blocks as they were given (trimmed).
	 * @return the denied blocks
	 */
	public List<String> denied() {
		return this.deny.stream().map(Block::text).toList();
	}

	@Override
	public String toString() {
		return "CidrIpFilter[allow=" + this.allow + ", deny=" + this.deny + "]";
	}

	private record Block(byte[] network, int prefix, String text) {

		static Block parse(String text) {
			if (text == null || text.isBlank()) {
				throw new InvalidInputException(ErrorCode.INVALID_ARGUMENT, "CIDR block must not be empty");
			}
			String trimmed = text.trim();
			int slash = trimmed.indexOf('/');
			String host = (slash >= 0) ? trimmed.substring(0, slash) : trimmed;
			if (!host.matches("[0-9a-fA-F:.]+")) {
				throw new InvalidInputException(ErrorCode.INVALID_ARGUMENT,
						"'" + text + "' is not an IP address or CIDR block (e.g. 192.168.0.0/16)");
			}
			byte[] network;
			try {
				network = InetAddress.getByName(host).getAddress();
			}
			catch (UnknownHostException ex) {
				throw new InvalidInputException(ErrorCode.INVALID_ARGUMENT, "'" + text + "' is not an IP address");
			}
			int prefix = network.length * 8;
			if (slash >= 0) {
				try {
					prefix = Integer.parseInt(trimmed.substring(slash + 1));
				}
				catch (NumberFormatException ex) {
					prefix = -1;
				}
				if (prefix < 0 || prefix > network.length * 8) {
					throw new InvalidInputException(ErrorCode.INVALID_ARGUMENT,
							"'" + text + "' has an invalid prefix length");
				}
			}
			return new Block(network, prefix, trimmed);
		}

		boolean contains(InetAddress address) {
			byte[] bytes = address.getAddress();
			if (bytes.length != this.network.length) {
				return false;
			}
			int shift = bytes.length * 8 - this.prefix;
			BigInteger a = new BigInteger(1, bytes).shiftRight(shift);
			BigInteger b = new BigInteger(1, this.network).shiftRight(shift);
			return a.equals(b);
		}

		@Override
		public String toString() {
			return this.text;
		}

	}

}
