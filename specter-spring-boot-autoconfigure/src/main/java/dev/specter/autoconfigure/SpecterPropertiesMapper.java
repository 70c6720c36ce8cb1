package dev.specter.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.specter.SpecterConfig;
import dev.specter.SpecterException;
import dev.specter.ice.CidrIpFilter;
import dev.specter.ice.IceServer;
import dev.specter.ice.IpFilter;
import dev.specter.ice.PortRange;
import dev.specter.webrtc.ConnectionLimits;
import dev.specter.webrtc.RuntimeSettings;

/**
 * Turns {@link SpecterProperties} into a {@link SpecterConfig} and
 * {@link RuntimeSettings}, naming the offending property when a value is unusable.
 */
final class SpecterPropertiesMapper {

	private SpecterPropertiesMapper() {
	}

	static SpecterConfig config(SpecterProperties properties) {
		List<IceServer> servers = new ArrayList<>();
		List<IceServerProperties> configured = (properties.getIceServers() != null) ? properties.getIceServers()
				: List.of();
		for (int i = 0; i < configured.size(); i++) {
			IceServerProperties server = configured.get(i);
			String property = "specter.ice-servers[" + i + "]";
			if (server.getUrls() == null || server.getUrls().isEmpty()
					|| server.getUrls().stream().allMatch((url) -> url == null || url.isBlank())) {
				continue;
			}
			try {
				IceServer ice = new IceServer(server.getUrls(), server.getUsername(), server.getCredential());
				if (ice.isTurn() && (server.getUsername() == null || server.getCredential() == null)) {
					throw new InvalidSpecterPropertyException(property,
							"a TURN server needs a username and a credential",
							"set " + property + ".username and " + property + ".credential");
				}
				servers.add(ice);
			}
			catch (SpecterException ex) {
				throw new InvalidSpecterPropertyException(property + ".urls", ex.getMessage(),
						"use URLs such as stun:stun.example.com:3478 or turn:turn.example.com:3478?transport=udp");
			}
		}
		return new SpecterConfig(servers, properties.getIceTransportPolicy(), portRange(properties.getPortRange()),
				ipFilter(properties.getIpFilter()), properties.getMedia().getAudioMode(), properties.isTcpCandidates());
	}

	private static PortRange portRange(SpecterProperties.PortRange range) {
		if (range.getMin() == null && range.getMax() == null) {
			return null;
		}
		if (range.getMin() == null || range.getMax() == null) {
			throw new InvalidSpecterPropertyException("specter.port-range", "only one of min and max is set",
					"set both specter.port-range.min and specter.port-range.max, or neither");
		}
		try {
			return new PortRange(range.getMin(), range.getMax());
		}
		catch (SpecterException ex) {
			throw new InvalidSpecterPropertyException("specter.port-range", ex.getMessage(),
					"set specter.port-range.min <= specter.port-range.max, both between 1 and 65535");
		}
	}

	private static IpFilter ipFilter(SpecterProperties.IpFilter filter) {
		if (filter.getAllow().isEmpty() && filter.getDeny().isEmpty()) {
			return IpFilter.ACCEPT_ALL;
		}
		try {
			return CidrIpFilter.of(filter.getAllow(), filter.getDeny());
		}
		catch (SpecterException ex) {
			throw new InvalidSpecterPropertyException("specter.ip-filter", ex.getMessage(),
					"list CIDR blocks such as 192.168.0.0/16 or fd00::/8 in specter.ip-filter.allow / deny");
		}
	}

	static RuntimeSettings settings(SpecterProperties properties) {
		SpecterProperties.Limits limits = properties.getLimits();
		SpecterProperties.DataChannel channel = properties.getDataChannel();
		try {
			return new RuntimeSettings(properties.getOperationTimeout(), intBytes(limits.getMaxSdpSize().toBytes()),
					intBytes(limits.getMaxCandidateSize().toBytes()), intBytes(limits.getMaxLabelSize().toBytes()),
					limits.getMaxMessageSize().toBytes(), intBytes(channel.getChunkSize().toBytes()),
					channel.getHighWatermark().toBytes(), channel.getLowWatermark().toBytes(),
					limits.getRemoteIceRestartsPerMinute(), channel.getMaxQueuedBytes().toBytes(),
					channel.getMaxQueuedBytesTotal().toBytes(), properties.getMedia().getMaxQueuedBytes().toBytes());
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidSpecterPropertyException(
					"specter.data-channel / specter.operation-timeout / specter.limits / specter.media",
					ex.getMessage(),
					"use a positive operation-timeout and chunk-size <= high-watermark (<= 8MB), "
							+ "low-watermark <= high-watermark, remote-ice-restarts-per-minute >= 1, "
							+ "max-queued-bytes > 0, max-queued-bytes-total > 0, media.max-queued-bytes > 0");
		}
	}

	static ConnectionLimits connectionLimits(SpecterProperties properties) {
		SpecterProperties.Limits limits = properties.getLimits();
		if (limits.getMaxPeerConnections() < 1) {
			throw new InvalidSpecterPropertyException("specter.limits.max-peer-connections", "must be at least 1",
					"set a positive number, or remove it for the default of "
							+ ConnectionLimits.DEFAULTS.maxPeerConnections());
		}
		positive("specter.limits.failed-connection-timeout", limits.getFailedConnectionTimeout());
		positive("specter.limits.connect-timeout", limits.getConnectTimeout());
		return new ConnectionLimits(limits.getMaxPeerConnections(), limits.getFailedConnectionTimeout(),
				limits.getConnectTimeout());
	}

	private static void positive(String property, Duration value) {
		if (value == null || value.isNegative() || value.isZero()) {
			throw new InvalidSpecterPropertyException(property, "must be positive",
					"set a duration such as 30s, or remove it");
		}
	}

	private static int intBytes(long bytes) {
		return (int) Math.min(Integer.MAX_VALUE, Math.max(0, bytes));
	}

}
