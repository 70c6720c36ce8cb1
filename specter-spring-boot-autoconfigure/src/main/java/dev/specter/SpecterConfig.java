package dev.specter;

import java.util.Arrays;

import dev.specter.ice.IceServer;
import dev.specter.ice.IceTransportPolicy;
import dev.specter.ice.IpFilter;
import dev.specter.ice.PortRange;
import dev.specter.media.AudioMode;
import java.util.List;

/**
 * The configuration of a Specter instance: the Java counterpart of
 * {@code Specter.Config}, extended with the ICE agent settings that ExICE users expect
 * and with the instance's {@link AudioMode}. It is applied to every peer connection the
 * instance creates.
 *
 * @param iceServers the STUN and TURN servers, possibly empty
 * @param iceTransportPolicy which candidates ICE may use
 * @param portRange the local port range, or {@code null} to let the OS choose
 * @param ipFilter which local addresses may appear in signalled candidates
 * @param audioMode whether the instance sends audio or decodes received audio
 * ({@link AudioMode#SEND} when {@code null})
 * @param tcpCandidates whether ICE also gathers TCP host candidates (RFC 6544). Off by
 * default, like the ICE agents of webrtc.rs and ExICE that Specter wraps: UDP host
 * candidates, and TURN over UDP, TCP or TLS, which this setting does not affect. When on,
 * libwebrtc opens TCP ports during gathering and, while connections are being set up
 * concurrently, another UDP socket per network for every gathering that overlaps (the
 * connection-burst benchmark in benchmarks/README.md counts the sockets)
 */
public record SpecterConfig(List<IceServer> iceServers, IceTransportPolicy iceTransportPolicy, PortRange portRange,
		IpFilter ipFilter, AudioMode audioMode, boolean tcpCandidates) {

	/** Specter's default ICE server. */
	public static final String DEFAULT_ICE_SERVER = "stun:stun.l.google.com:19302";

	/**
	 * Applies defaults and copies the server list.
	 * @param iceServers the STUN and TURN servers
	 * @param iceTransportPolicy which candidates ICE may use
	 * @param portRange the local port range
	 * @param ipFilter which local addresses may be signalled
	 * @param audioMode whether the instance sends or receives audio
	 * @param tcpCandidates whether ICE gathers TCP host candidates
	 */
	public SpecterConfig {
		iceServers = (iceServers != null) ? List.copyOf(iceServers) : List.of();
		iceTransportPolicy = (iceTransportPolicy != null) ? iceTransportPolicy : IceTransportPolicy.ALL;
		ipFilter = (ipFilter != null) ? ipFilter : IpFilter.ACCEPT_ALL;
		audioMode = (audioMode != null) ? audioMode : AudioMode.SEND;
	}

	/**
	 * A configuration with UDP host candidates only (no ICE-TCP), with defaults applied
	 * as by the canonical constructor.
	 * @param iceServers the STUN and TURN servers
	 * @param iceTransportPolicy which candidates ICE may use
	 * @param portRange the local port range
	 * @param ipFilter which local addresses may be signalled
	 * @param audioMode whether the instance sends or receives audio
	 */
	public SpecterConfig(List<IceServer> iceServers, IceTransportPolicy iceTransportPolicy, PortRange portRange,
			IpFilter ipFilter, AudioMode audioMode) {
		this(iceServers, iceTransportPolicy, portRange, ipFilter, audioMode, false);
	}

	/**
	 * A configuration in the default audio mode ({@link AudioMode#SEND}), with defaults
	 * applied as by the canonical constructor.
	 * @param iceServers the STUN and TURN servers
	 * @param iceTransportPolicy which candidates ICE may use
	 * @param portRange the local port range
	 * @param ipFilter which local addresses may be signalled
	 */
	public SpecterConfig(List<IceServer> iceServers, IceTransportPolicy iceTransportPolicy, PortRange portRange,
			IpFilter ipFilter) {
		this(iceServers, iceTransportPolicy, portRange, ipFilter, AudioMode.SEND, false);
	}

	/**
	 * The configuration of {@code Specter.init()} without options: Specter's default STUN
	 * server ({@value #DEFAULT_ICE_SERVER}) and every other setting at its default, as
	 * the auto-configured bean without {@code specter.*} properties.
	 * @return the configuration
	 */
	public static SpecterConfig defaults() {
		return ofUrls(DEFAULT_ICE_SERVER);
	}

	/**
	 * A configuration with the given servers and every other setting at its default, as
	 * {@code Specter.init(ice_servers: [...])}.
	 * @param iceServerUrls server URLs
	 * @return the configuration
	 */
	public static SpecterConfig ofUrls(String... iceServerUrls) {
		return new SpecterConfig(Arrays.stream(iceServerUrls).map(IceServer::of).toList(), null, null, null, null);
	}

	/**
	 * A copy with other ICE servers.
	 * @param servers the servers
	 * @return the copy
	 */
	public SpecterConfig withIceServers(List<IceServer> servers) {
		return new SpecterConfig(servers, this.iceTransportPolicy, this.portRange, this.ipFilter, this.audioMode,
				this.tcpCandidates);
	}

	/**
	 * A copy with another transport policy.
	 * @param policy the policy
	 * @return the copy
	 */
	public SpecterConfig withIceTransportPolicy(IceTransportPolicy policy) {
		return new SpecterConfig(this.iceServers, policy, this.portRange, this.ipFilter, this.audioMode,
				this.tcpCandidates);
	}

	/**
	 * A copy with another port range.
	 * @param range the range, or {@code null}
	 * @return the copy
	 */
	public SpecterConfig withPortRange(PortRange range) {
		return new SpecterConfig(this.iceServers, this.iceTransportPolicy, range, this.ipFilter, this.audioMode,
				this.tcpCandidates);
	}

	/**
	 * A copy with another IP filter.
	 * @param filter the filter
	 * @return the copy
	 */
	public SpecterConfig withIpFilter(IpFilter filter) {
		return new SpecterConfig(this.iceServers, this.iceTransportPolicy, this.portRange, filter, this.audioMode,
				this.tcpCandidates);
	}

	/**
	 * A copy with another audio mode: {@link AudioMode#RECEIVE} for an instance that
	 * decodes the audio it receives (and never sends audio), {@link AudioMode#SEND} for
	 * one that plays audio.
	 * @param mode the mode, or {@code null} for {@link AudioMode#SEND}
	 * @return the copy
	 */
	public SpecterConfig withAudioMode(AudioMode mode) {
		return new SpecterConfig(this.iceServers, this.iceTransportPolicy, this.portRange, this.ipFilter, mode,
				this.tcpCandidates);
	}

	/**
	 * A copy that does or does not gather TCP host candidates (see
	 * {@link #tcpCandidates()}).
	 * @param enabled whether ICE gathers TCP host candidates
	 * @return the copy
	 */
	public SpecterConfig withTcpCandidates(boolean enabled) {
		return new SpecterConfig(this.iceServers, this.iceTransportPolicy, this.portRange, this.ipFilter,
				this.audioMode, enabled);
	}

}
