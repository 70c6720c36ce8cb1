package dev.specter.ice;

import java.net.InetAddress;

/**
 * Decides which local addresses may appear in candidates, as ExICE's {@code ip_filter}. A
 * local candidate whose address the filter rejects is never signalled: no event carries
 * it and the remote side never learns it.
 */
@FunctionalInterface
public interface IpFilter {

	/** A filter that accepts every address. */
	IpFilter ACCEPT_ALL = (address) -> true;

	/**
	 * Whether candidates on this address may be used.
	 * @param address a local address
	 * @return {@code true} to keep candidates on it
	 */
	boolean accept(InetAddress address);

}
