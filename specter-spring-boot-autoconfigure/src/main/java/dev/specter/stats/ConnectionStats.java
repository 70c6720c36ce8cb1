package dev.specter.stats;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.specter.ErrorCode;
import dev.specter.InvalidInputException;
import dev.specter.json.SpecterJson;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * The operator-relevant part of a peer connection's statistics, read from the libwebrtc
 * report that {@link dev.specter.Specter#getStats} returns: transport totals, the
 * selected candidate pair with its round-trip time, data-channel totals and, for media,
 * one entry per RTP stream. Every counter is cumulative since the connection was created,
 * as in the W3C statistics; a value libwebrtc does not report is {@code 0} (counters) or
 * {@code null} (measurements).
 * <p>
 * It holds no credential, certificate or SDP: only counts, states, candidate types and
 * the addresses of the selected pair.
 *
 * @param timestamp when libwebrtc produced the report
 * @param transport bytes and packets over every transport of the connection
 * @param selectedCandidatePair the pair the transport uses, or {@code null} before ICE
 * selects one
 * @param dataChannels totals over every data channel the report lists
 * @param outboundRtp sent media streams ({@code outbound-rtp})
 * @param inboundRtp received media streams ({@code inbound-rtp})
 */
public record ConnectionStats(Instant timestamp, Transport transport, @Nullable CandidatePair selectedCandidatePair,
		DataChannels dataChannels, List<OutboundRtp> outboundRtp, List<InboundRtp> inboundRtp) {

	/**
	 * Copies the lists.
	 * @param timestamp when libwebrtc produced the report
	 * @param transport transport totals
	 * @param selectedCandidatePair the selected pair, or {@code null}
	 * @param dataChannels data-channel totals
	 * @param outboundRtp sent media streams
	 * @param inboundRtp received media streams
	 */
	public ConnectionStats {
		outboundRtp = List.copyOf(outboundRtp);
		inboundRtp = List.copyOf(inboundRtp);
	}

	/**
	 * Reads the JSON report of {@link dev.specter.Specter#getStats} ({@code {"timestamp":
	 * µs, "stats": {"<id>": {"id", "type", ...}}}}).
	 * @param json the report
	 * @return the statistics
	 * @throws InvalidInputException with {@link ErrorCode#INVALID_JSON} if the text is
	 * not such a report
	 */
	public static ConnectionStats fromJson(String json) {
		JsonNode root;
		try {
			root = SpecterJson.mapper().readTree(json);
		}
		catch (JacksonException ex) {
			throw new InvalidInputException(ErrorCode.INVALID_JSON,
					"stats report is not JSON: " + ex.getOriginalMessage());
		}
		JsonNode stats = (root != null) ? root.get("stats") : null;
		if (stats == null || !stats.isObject()) {
			throw new InvalidInputException(ErrorCode.INVALID_JSON, "stats report has no \"stats\" object");
		}
		Map<String, JsonNode> byId = new HashMap<>();
		for (Map.Entry<String, JsonNode> entry : stats.properties()) {
			byId.put(entry.getKey(), entry.getValue());
		}
		long transportBytesSent = 0;
		long transportBytesReceived = 0;
		long transportPacketsSent = 0;
		long transportPacketsReceived = 0;
		CandidatePair selected = null;
		long channelMessagesSent = 0;
		long channelBytesSent = 0;
		long channelMessagesReceived = 0;
		long channelBytesReceived = 0;
		int channels = 0;
		List<OutboundRtp> outbound = new ArrayList<>();
		List<InboundRtp> inbound = new ArrayList<>();
		for (JsonNode node : byId.values()) {
			switch (text(node, "type")) {
				case "transport" -> {
					transportBytesSent += number(node, "bytesSent");
					transportBytesReceived += number(node, "bytesReceived");
					transportPacketsSent += number(node, "packetsSent");
					transportPacketsReceived += number(node, "packetsReceived");
					String pairId = text(node, "selectedCandidatePairId");
					if (selected == null && byId.containsKey(pairId)) {
						selected = candidatePair(byId.get(pairId), byId);
					}
				}
				case "data-channel" -> {
					channels++;
					channelMessagesSent += number(node, "messagesSent");
					channelBytesSent += number(node, "bytesSent");
					channelMessagesReceived += number(node, "messagesReceived");
					channelBytesReceived += number(node, "bytesReceived");
				}
				case "outbound-rtp" -> outbound.add(new OutboundRtp(text(node, "kind"), number(node, "ssrc"),
						number(node, "packetsSent"), number(node, "bytesSent"), optionalNumber(node, "framesEncoded")));
				case "inbound-rtp" -> inbound.add(new InboundRtp(text(node, "kind"), number(node, "ssrc"),
						number(node, "packetsReceived"), number(node, "bytesReceived"), number(node, "packetsLost"),
						seconds(node, "jitter"), optionalNumber(node, "framesDecoded")));
				default -> {
				}
			}
		}
		long micros = number(root, "timestamp");
		return new ConnectionStats(Instant.EPOCH.plus(micros, ChronoUnit.MICROS),
				new Transport(transportBytesSent, transportBytesReceived, transportPacketsSent,
						transportPacketsReceived),
				selected, new DataChannels(channels, channelMessagesSent, channelBytesSent, channelMessagesReceived,
						channelBytesReceived),
				outbound, inbound);
	}

	private static CandidatePair candidatePair(JsonNode pair, Map<String, JsonNode> byId) {
		return new CandidatePair(text(pair, "state"), candidate(byId.get(text(pair, "localCandidateId"))),
				candidate(byId.get(text(pair, "remoteCandidateId"))), seconds(pair, "currentRoundTripTime"),
				number(pair, "bytesSent"), number(pair, "bytesReceived"));
	}

	private static @Nullable Candidate candidate(@Nullable JsonNode node) {
		if (node == null) {
			return null;
		}
		String address = text(node, "address");
		if (address.isEmpty()) {
			address = text(node, "ip");
		}
		return new Candidate(text(node, "candidateType"), text(node, "protocol"), address.isEmpty() ? null : address,
				(int) number(node, "port"));
	}

	private static String text(@Nullable JsonNode node, String field) {
		JsonNode value = (node != null) ? node.get(field) : null;
		return (value != null && value.isString()) ? value.stringValue() : "";
	}

	private static long number(JsonNode node, String field) {
		JsonNode value = node.get(field);
		return (value != null && value.isNumber()) ? value.longValue() : 0;
	}

	private static @Nullable Long optionalNumber(JsonNode node, String field) {
		JsonNode value = node.get(field);
		return (value != null && value.isNumber()) ? value.longValue() : null;
	}

	private static @Nullable Duration seconds(JsonNode node, String field) {
		JsonNode value = node.get(field);
		return (value != null && value.isNumber()) ? Duration.ofNanos(Math.round(value.doubleValue() * 1e9)) : null;
	}

	/**
	 * Transport totals.
	 *
	 * @param bytesSent bytes sent, including DTLS, SCTP and SRTP overhead
	 * @param bytesReceived bytes received, including overhead
	 * @param packetsSent packets sent
	 * @param packetsReceived packets received
	 */
	public record Transport(long bytesSent, long bytesReceived, long packetsSent, long packetsReceived) {
	}

	/**
	 * The candidate pair the transport uses.
	 *
	 * @param state the pair's state ({@code succeeded}, {@code in-progress}, ...)
	 * @param local the local candidate, or {@code null} if the report lacks it
	 * @param remote the remote candidate, or {@code null} if the report lacks it
	 * @param currentRoundTripTime the latest STUN round-trip time, or {@code null} before
	 * one was measured
	 * @param bytesSent bytes sent on this pair
	 * @param bytesReceived bytes received on this pair
	 */
	public record CandidatePair(String state, @Nullable Candidate local, @Nullable Candidate remote,
			@Nullable Duration currentRoundTripTime, long bytesSent, long bytesReceived) {
	}

	/**
	 * One end of a candidate pair.
	 *
	 * @param type {@code host}, {@code srflx}, {@code prflx} or {@code relay}
	 * @param protocol {@code udp} or {@code tcp}
	 * @param address the IP address (or mDNS name), or {@code null} where libwebrtc hides
	 * it (a peer-reflexive remote candidate)
	 * @param port the port
	 */
	public record Candidate(String type, String protocol, @Nullable String address, int port) {
	}

	/**
	 * Totals over the data channels of the report.
	 *
	 * @param channels how many channels the report lists
	 * @param messagesSent messages sent
	 * @param bytesSent payload bytes sent
	 * @param messagesReceived messages received
	 * @param bytesReceived payload bytes received
	 */
	public record DataChannels(int channels, long messagesSent, long bytesSent, long messagesReceived,
			long bytesReceived) {
	}

	/**
	 * A sent RTP stream.
	 *
	 * @param kind {@code audio} or {@code video}
	 * @param ssrc the synchronization source
	 * @param packetsSent packets sent
	 * @param bytesSent payload bytes sent
	 * @param framesEncoded frames encoded (video only), or {@code null}
	 */
	public record OutboundRtp(String kind, long ssrc, long packetsSent, long bytesSent, @Nullable Long framesEncoded) {
	}

	/**
	 * A received RTP stream.
	 *
	 * @param kind {@code audio} or {@code video}
	 * @param ssrc the synchronization source
	 * @param packetsReceived packets received
	 * @param bytesReceived payload bytes received
	 * @param packetsLost packets lost (may decrease when late packets arrive, as the W3C
	 * defines it)
	 * @param jitter the interarrival jitter, or {@code null} if not reported
	 * @param framesDecoded frames decoded (video only), or {@code null}
	 */
	public record InboundRtp(String kind, long ssrc, long packetsReceived, long bytesReceived, long packetsLost,
			@Nullable Duration jitter, @Nullable Long framesDecoded) {
	}

}
