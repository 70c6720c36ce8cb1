package dev.specter.webrtc;

import java.lang.reflect.Array;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.onvoid.webrtc.RTCStats;
import dev.onvoid.webrtc.RTCStatsReport;
import dev.onvoid.webrtc.RTCStatsType;
import dev.specter.TrackId;
import dev.specter.json.SpecterJson;
import dev.specter.media.MediaKind;
import dev.specter.signaling.IceConnectionState;
import dev.specter.signaling.IceRole;
import dev.specter.stats.IceStats;
import dev.specter.stats.TrackStats;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Copies a webrtc-java stats report (only valid inside its callback) into JSON and
 * {@link IceStats}. The JSON keeps libwebrtc's field names: {@code {"timestamp": µs,
 * "stats": {"<id>": {"id", "type", "timestamp", ...attributes}}}}, with W3C type names
 * ({@code candidate-pair}, {@code outbound-rtp}, ...).
 */
final class StatsJson {

	private StatsJson() {
	}

	static String toJson(RTCStatsReport report) {
		ObjectNode root = SpecterJson.mapper().createObjectNode();
		root.put("timestamp", report.getTimestamp());
		ObjectNode stats = root.putObject("stats");
		for (Map.Entry<String, RTCStats> entry : report.getStats().entrySet()) {
			RTCStats value = entry.getValue();
			ObjectNode node = stats.putObject(entry.getKey());
			node.put("id", value.getId());
			node.put("type", typeName(value.getType()));
			node.put("timestamp", value.getTimestamp());
			for (Map.Entry<String, Object> attribute : value.getAttributes().entrySet()) {
				put(node, attribute.getKey(), attribute.getValue());
			}
		}
		return SpecterJson.mapper().writeValueAsString(root);
	}

	static String typeName(RTCStatsType type) {
		return (type != null) ? type.name().toLowerCase(Locale.ROOT).replace('_', '-') : "unknown";
	}

	private static void put(ObjectNode node, String key, Object value) {
		if (value == null) {
			node.putNull(key);
		}
		else if (value instanceof Boolean b) {
			node.put(key, b);
		}
		else if (value instanceof Integer i) {
			node.put(key, i);
		}
		else if (value instanceof Long l) {
			node.put(key, l);
		}
		else if (value instanceof BigInteger big) {
			node.put(key, big);
		}
		else if (value instanceof Number n) {
			node.put(key, n.doubleValue());
		}
		else if (value.getClass().isArray()) {
			ArrayNode array = node.putArray(key);
			int length = Array.getLength(value);
			for (int i = 0; i < length; i++) {
				Object item = Array.get(value, i);
				array.add((item != null) ? SpecterJson.mapper().valueToTree(item) : null);
			}
		}
		else if (value instanceof Map<?, ?> || value instanceof List<?>) {
			node.set(key, SpecterJson.mapper().valueToTree(value));
		}
		else {
			node.put(key, value.toString());
		}
	}

	static IceStats iceStats(RTCStatsReport report, String localUfrag, String localPassword) {
		Map<String, RTCStats> all = report.getStats();
		List<IceStats.CandidatePair> pairs = new ArrayList<>();
		long bytesSent = 0;
		long bytesReceived = 0;
		long packetsSent = 0;
		long packetsReceived = 0;
		String selectedPair = null;
		Map<String, Object> iceTransport = null;
		List<IceStats.Candidate> localCandidates = new ArrayList<>();
		List<IceStats.Candidate> remoteCandidates = new ArrayList<>();
		for (RTCStats stats : all.values()) {
			if (stats.getType() == RTCStatsType.TRANSPORT) {
				Map<String, Object> attributes = stats.getAttributes();
				bytesSent += number(attributes.get("bytesSent"));
				bytesReceived += number(attributes.get("bytesReceived"));
				Object selected = attributes.get("selectedCandidatePairId");
				if (selected != null) {
					selectedPair = selected.toString();
				}
				// the transport in use (with a selected pair) wins; else the first with
				// an ICE state
				if (iceTransport == null || (selected != null && iceTransport.get("selectedCandidatePairId") == null)) {
					iceTransport = attributes;
				}
			}
			else if (stats.getType() == RTCStatsType.LOCAL_CANDIDATE) {
				localCandidates.add(candidate(stats));
			}
			else if (stats.getType() == RTCStatsType.REMOTE_CANDIDATE) {
				remoteCandidates.add(candidate(stats));
			}
		}
		Comparator<IceStats.Candidate> byPriority = Comparator.comparingLong(IceStats.Candidate::priority)
			.reversed()
			.thenComparing(IceStats.Candidate::id);
		localCandidates.sort(byPriority);
		remoteCandidates.sort(byPriority);
		for (RTCStats stats : all.values()) {
			if (stats.getType() != RTCStatsType.CANDIDATE_PAIR) {
				continue;
			}
			Map<String, Object> attributes = stats.getAttributes();
			RTCStats local = all.get(String.valueOf(attributes.get("localCandidateId")));
			RTCStats remote = all.get(String.valueOf(attributes.get("remoteCandidateId")));
			long pairPacketsSent = number(attributes.get("packetsSent"));
			long pairPacketsReceived = number(attributes.get("packetsReceived"));
			packetsSent += pairPacketsSent;
			packetsReceived += pairPacketsReceived;
			pairs.add(new IceStats.CandidatePair(stats.getId(), endpoint(local), candidateType(local), endpoint(remote),
					candidateType(remote), String.valueOf(attributes.get("state")),
					Boolean.TRUE.equals(attributes.get("nominated")), stats.getId().equals(selectedPair),
					number(attributes.get("bytesSent")), number(attributes.get("bytesReceived")), pairPacketsSent,
					pairPacketsReceived));
		}
		return new IceStats(bytesSent, bytesReceived, packetsSent, packetsReceived, pairs, localUfrag, localPassword,
				iceState((iceTransport != null) ? iceTransport.get("iceState") : null),
				iceRole((iceTransport != null) ? iceTransport.get("iceRole") : null), localCandidates,
				remoteCandidates);
	}

	private static IceStats.Candidate candidate(RTCStats stats) {
		Map<String, Object> attributes = stats.getAttributes();
		Object address = (attributes.get("address") != null) ? attributes.get("address") : attributes.get("ip");
		return new IceStats.Candidate(stats.getId(), (address != null) ? address.toString() : null,
				(int) number(attributes.get("port")), text(attributes.get("candidateType")),
				text(attributes.get("protocol")), number(attributes.get("priority")),
				text(attributes.get("foundation")), text(attributes.get("relayProtocol")), text(attributes.get("url")));
	}

	private static String text(Object value) {
		return (value != null) ? value.toString() : null;
	}

	/**
	 * libwebrtc's {@code RTCTransportStats.iceState} (W3C's RTCIceTransportState names).
	 */
	static IceConnectionState iceState(Object value) {
		if (value == null) {
			return IceConnectionState.NEW;
		}
		for (IceConnectionState state : IceConnectionState.values()) {
			if (state.value().equals(value.toString())) {
				return state;
			}
		}
		return IceConnectionState.UNSPECIFIED;
	}

	static IceRole iceRole(Object value) {
		if ("controlling".equals(value)) {
			return IceRole.CONTROLLING;
		}
		if ("controlled".equals(value)) {
			return IceRole.CONTROLLED;
		}
		return IceRole.UNKNOWN;
	}

	private static String endpoint(RTCStats candidate) {
		if (candidate == null) {
			return null;
		}
		Map<String, Object> attributes = candidate.getAttributes();
		Object address = (attributes.get("address") != null) ? attributes.get("address") : attributes.get("ip");
		return address + ":" + attributes.get("port");
	}

	private static String candidateType(RTCStats candidate) {
		return (candidate != null) ? String.valueOf(candidate.getAttributes().get("candidateType")) : null;
	}

	/**
	 * The outbound-rtp (or inbound-rtp) entry of a sender's (receiver's) report, with its
	 * codec.
	 */
	static TrackStats trackStats(TrackId track, MediaKind kind, boolean outbound, RTCStatsReport report) {
		Map<String, RTCStats> all = report.getStats();
		RTCStatsType wanted = outbound ? RTCStatsType.OUTBOUND_RTP : RTCStatsType.INBOUND_RTP;
		RTCStats rtp = all.values().stream().filter((s) -> s.getType() == wanted).findFirst().orElse(null);
		String json = toJson(report);
		if (rtp == null) {
			return new TrackStats(track, kind, outbound, null, 0, 0, 0, null, null, json);
		}
		Map<String, Object> attributes = rtp.getAttributes();
		RTCStats codec = all.get(String.valueOf(attributes.get("codecId")));
		Object mimeType = (codec != null) ? codec.getAttributes().get("mimeType") : null;
		return new TrackStats(track, kind, outbound, (mimeType != null) ? mimeType.toString() : null,
				number(attributes.get(outbound ? "packetsSent" : "packetsReceived")),
				number(attributes.get(outbound ? "bytesSent" : "bytesReceived")),
				number(attributes.get(outbound ? "framesEncoded" : "framesDecoded")),
				integer(attributes.get("frameWidth")), integer(attributes.get("frameHeight")), json);
	}

	private static Integer integer(Object value) {
		return (value instanceof Number n) ? n.intValue() : null;
	}

	private static long number(Object value) {
		return (value instanceof Number n) ? n.longValue() : 0;
	}

}
