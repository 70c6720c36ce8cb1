package dev.specter.sample;

import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The sample's own settings: its demo users and which STOMP broker it uses.
 *
 * @param users Demo users allowed to log in, name to password with its encoding id
 * ({@code {noop}secret} or {@code {bcrypt}$2a$...}). For the demo only: a real
 * application takes its users from a user store or an identity provider.
 * @param broker The STOMP broker: {@code simple} (in memory, one instance) or
 * {@code relay} (a STOMP broker such as RabbitMQ, for several instances).
 * @param relay Where the broker relay connects when {@code broker} is {@code relay}.
 */
@ConfigurationProperties("sample")
record SampleProperties(Map<String, String> users, @DefaultValue("simple") Broker broker, @DefaultValue Relay relay) {

	SampleProperties {
		users = (users != null) ? Map.copyOf(users) : Map.of();
	}

	/** The STOMP broker of the sample. */
	enum Broker {

		/** Spring's in-memory simple broker: one instance. */
		SIMPLE,

		/**
		 * {@code enableStompBrokerRelay} to an external STOMP broker (RabbitMQ): several
		 * instances.
		 */
		RELAY

	}

	/**
	 * The external STOMP broker.
	 *
	 * @param host The broker's host.
	 * @param port The broker's STOMP port.
	 * @param login The login of the relay's system session and of each client session.
	 * @param passcode The passcode of the relay's system session and of each client
	 * session.
	 * @param virtualHost The virtual host sent as {@code host} in CONNECT (RabbitMQ takes
	 * {@code host} as its virtual host; without it Spring sends the relay host's name).
	 */
	record Relay(@DefaultValue("127.0.0.1") String host, @DefaultValue("61613") int port,
			@DefaultValue("guest") String login, @DefaultValue("guest") String passcode,
			@DefaultValue("/") String virtualHost) {
	}

}
