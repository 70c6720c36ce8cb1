package dev.specter.autoconfigure;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * Configuration properties of Specter's STOMP relay and STOMP signaling.
 */
@ConfigurationProperties("specter.stomp")
public class SpecterStompProperties {

	/**
	 * Whether to relay Specter events to STOMP destinations. Takes effect only when the
	 * application has a STOMP message broker (@EnableWebSocketMessageBroker).
	 */
	private boolean enabled;

	/**
	 * Destination, below the user destination prefix, that receives the events of the
	 * peer connections a user or session owns and the replies to its signaling. Clients
	 * subscribe to it with the user destination prefix in front ("/user/queue/specter").
	 */
	private String userDestination = "/queue/specter";

	/**
	 * Whether to close the peer connections a STOMP session owns when the session ends.
	 */
	private boolean closeOnDisconnect = true;

	/**
	 * Largest data channel message whose payload is relayed. The event of a larger
	 * message is relayed without its payload, flagged "truncated".
	 */
	private DataSize maxPayloadSize = DataSize.ofKilobytes(64);

	/**
	 * Largest STOMP frame a client may send when signaling is enabled (an offer with many
	 * m-lines is large). A larger frame gets a STOMP ERROR frame and an Error message
	 * with code LIMIT_EXCEEDED, and its session is closed. Applied to Spring's STOMP
	 * message size limit; the application's own WebSocketMessageBrokerConfigurer settings
	 * take precedence.
	 */
	private DataSize maxFrameSize = DataSize.ofKilobytes(512);

	private final Events events = new Events();

	private final PublicTopic publicTopic = new PublicTopic();

	private final Signaling signaling = new Signaling();

	private final Security security = new Security();

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public String getUserDestination() {
		return this.userDestination;
	}

	public void setUserDestination(String userDestination) {
		this.userDestination = userDestination;
	}

	public boolean isCloseOnDisconnect() {
		return this.closeOnDisconnect;
	}

	public void setCloseOnDisconnect(boolean closeOnDisconnect) {
		this.closeOnDisconnect = closeOnDisconnect;
	}

	public DataSize getMaxPayloadSize() {
		return this.maxPayloadSize;
	}

	public void setMaxPayloadSize(DataSize maxPayloadSize) {
		this.maxPayloadSize = maxPayloadSize;
	}

	public DataSize getMaxFrameSize() {
		return this.maxFrameSize;
	}

	public void setMaxFrameSize(DataSize maxFrameSize) {
		this.maxFrameSize = maxFrameSize;
	}

	public Security getSecurity() {
		return this.security;
	}

	public Events getEvents() {
		return this.events;
	}

	public PublicTopic getPublicTopic() {
		return this.publicTopic;
	}

	public Signaling getSignaling() {
		return this.signaling;
	}

	/**
	 * Which event types are relayed, by the simple names of the records of
	 * dev.specter.event.
	 */
	public static class Events {

		/**
		 * Event types to relay, such as "ConnectionStateChanged". Empty relays every
		 * type.
		 */
		private Set<String> include = new LinkedHashSet<>();

		/**
		 * Event types never relayed, applied after "include".
		 */
		private Set<String> exclude = new LinkedHashSet<>();

		public Set<String> getInclude() {
			return this.include;
		}

		public void setInclude(Set<String> include) {
			this.include = include;
		}

		public Set<String> getExclude() {
			return this.exclude;
		}

		public void setExclude(Set<String> exclude) {
			this.exclude = exclude;
		}

	}

	/**
	 * A public topic per peer connection. Its messages contain ICE candidates (IP
	 * addresses) and SDP, and any client that knows the connection's id can subscribe:
	 * enable it only for trusted subscribers.
	 */
	public static class PublicTopic {

		/**
		 * Whether to also send every relayed event to a topic named after its peer
		 * connection.
		 */
		private boolean enabled;

		/**
		 * Prefix of the per-connection topic; the peer connection id is appended. It must
		 * start with one of the broker's destination prefixes.
		 */
		private String prefix = "/topic/specter.";

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public String getPrefix() {
			return this.prefix;
		}

		public void setPrefix(String prefix) {
			this.prefix = prefix;
		}

	}

	/**
	 * Signaling over STOMP: browsers create peer connections of the application's
	 * Specter, send offers, answers and candidates, and close them, each checked against
	 * ownership.
	 */
	public static class Signaling {

		/**
		 * Whether to accept signaling messages from STOMP clients. Requires the relay.
		 */
		private boolean enabled;

		/**
		 * Destination prefix of the signaling messages, below the application destination
		 * prefix: with "/app", a client sends to "/app/specter/offer".
		 */
		private String prefix = "/specter";

		/**
		 * Most peer connections one STOMP session may own at a time.
		 */
		private int maxConnectionsPerSession = 4;

		/**
		 * Most peer connections the STOMP sessions of one authenticated user may own
		 * together.
		 */
		private int maxConnectionsPerUser = 16;

		/**
		 * Most peer connections the anonymous STOMP sessions of one remote IP address may
		 * own together. Forwarding headers count only if server.forward-headers-strategy
		 * enables them.
		 */
		private int maxConnectionsPerAddress = 16;

		/**
		 * Most STOMP WebSockets one remote IP address may hold open at a time; more are
		 * closed with 1008 (policy violation) at once.
		 */
		private int maxSessionsPerAddress = 32;

		public int getMaxConnectionsPerUser() {
			return this.maxConnectionsPerUser;
		}

		public void setMaxConnectionsPerUser(int maxConnectionsPerUser) {
			this.maxConnectionsPerUser = maxConnectionsPerUser;
		}

		public int getMaxConnectionsPerAddress() {
			return this.maxConnectionsPerAddress;
		}

		public void setMaxConnectionsPerAddress(int maxConnectionsPerAddress) {
			this.maxConnectionsPerAddress = maxConnectionsPerAddress;
		}

		public int getMaxSessionsPerAddress() {
			return this.maxSessionsPerAddress;
		}

		public void setMaxSessionsPerAddress(int maxSessionsPerAddress) {
			this.maxSessionsPerAddress = maxSessionsPerAddress;
		}

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public String getPrefix() {
			return this.prefix;
		}

		public void setPrefix(String prefix) {
			this.prefix = prefix;
		}

		public int getMaxConnectionsPerSession() {
			return this.maxConnectionsPerSession;
		}

		public void setMaxConnectionsPerSession(int maxConnectionsPerSession) {
			this.maxConnectionsPerSession = maxConnectionsPerSession;
		}

	}

	/**
	 * Which destinations STOMP clients may subscribe to. Subscriptions are denied by
	 * default: Specter's user destination (/user/queue/specter) and, when enabled, the
	 * public topic are allowed, plus what is listed here or allowed by a
	 * StompSubscriptionPolicy bean. Patterns and broker wildcards (* ? { } # >),
	 * per-session destinations (...-user<session>) and the user registry broadcasts are
	 * refused whatever is listed.
	 */
	public static class Security {

		/**
		 * Destinations clients may also subscribe to: exact destinations such as
		 * "/topic/announcements" or Ant-style patterns such as "/topic/chat/**" (matched
		 * against the client's destination, which may itself contain no pattern).
		 */
		private List<String> allowedSubscriptions = new ArrayList<>();

		public List<String> getAllowedSubscriptions() {
			return this.allowedSubscriptions;
		}

		public void setAllowedSubscriptions(List<String> allowedSubscriptions) {
			this.allowedSubscriptions = allowedSubscriptions;
		}

	}

}
