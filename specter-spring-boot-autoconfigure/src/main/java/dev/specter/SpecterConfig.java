package dev.specter;

import java.util.List;

/**
 * The ICE configuration of a Specter instance: the Java counterpart of {@code Specter.Config},
 * extended with the ICE agent settings that ExICE users expect. It is applied to every peer
 * connection the instance creates.
 *
 * @param iceServers the STUN and TURN servers, possibly empty
 * @param iceTransportPolicy which candidates ICE may use
 * @param portRange the local port range, or {@code null} to let the OS choose
 * @param ipFilter which local addresses may appear in signalled candidates
 */
public record SpecterConfig(List<IceServer> iceServers, IceTransportPolicy iceTransportPolicy, PortRange portRange,
		IpFilter ipFilter) {

	/** Specter's default ICE server. */
	public static final String DEFAULT_ICE_SERVER = "stun:stun.l.google.com:19302";

	/**
	 * Applies defaults and copies the server list.
	 * @param iceServers the STUN and TURN servers
	 * @param iceTransportPolicy which candidates ICE may use
	 * @param portRange the local port range
	 * @param ipFilter which local addresses may be signalled
	 */
	public SpecterConfig {
		iceServers = (iceServers != null) ? List.copyOf(iceServers) : List.of();
		iceTransportPolicy = (iceTransportPolicy != null) ? iceTransportPolicy : IceTransportPolicy.ALL;
		ipFilter = (ipFilter != null) ? ipFilter : IpFilter.ACCEPT_ALL;
	}

	/**
	 * A configuration with the given servers and every other setting at its default, as
	 * {@code Specter.init(ice_servers: [...])}.
	 * @param iceServerUrls server URLs
	 * @return the configuration
	 */
	public static SpecterConfig ofUrls(String... iceServerUrls) {
		return new SpecterConfig(java.util.Arrays.stream(iceServerUrls).map(IceServer::of).toList(), null, null, null);
	}

	/**
	 * A copy with other ICE servers.
	 * @param servers the servers
	 * @return the copy
	 */
	public SpecterConfig withIceServers(List<IceServer> servers) {
		return new SpecterConfig(servers, this.iceTransportPolicy, this.portRange, this.ipFilter);
	}

	/**
	 * A copy with another transport policy.
	 * @param policy the policy
	 * @return the copy
	 */
	public SpecterConfig withIceTransportPolicy(IceTransportPolicy policy) {
		return new SpecterConfig(this.iceServers, policy, this.portRange, this.ipFilter);
	}

	/**
	 * A copy with another port range.
	 * @param range the range, or {@code null}
	 * @return the copy
	 */
	public SpecterConfig withPortRange(PortRange range) {
		return new SpecterConfig(this.iceServers, this.iceTransportPolicy, range, this.ipFilter);
	}

	/**
	 * A copy with another IP filter.
	 * @param filter the filter
	 * @return the copy
	 */
	public SpecterConfig withIpFilter(IpFilter filter) {
		return new SpecterConfig(this.iceServers, this.iceTransportPolicy, this.portRange, filter);
	}

}
