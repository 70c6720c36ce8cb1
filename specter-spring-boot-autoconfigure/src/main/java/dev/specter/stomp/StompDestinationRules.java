package dev.specter.stomp;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

import org.springframework.util.AntPathMatcher;
import org.springframework.util.StringUtils;

/**
 * Which destinations STOMP clients may subscribe and send to, as enforced by
 * {@link StompDestinationGuard}. Subscriptions are denied by default: a client may
 * subscribe only to a destination that matches one of the allowed patterns (Specter's own
 * user destination, such as {@code /user/queue/specter}, the public topic when enabled,
 * and the application's {@code specter.stomp.security.allowed-subscriptions}) or that a
 * {@link StompSubscriptionPolicy} allows.
 * <p>
 * Whatever the allowed patterns say, a destination is always refused, to SUBSCRIBE and to
 * SEND, when it is not a plain destination: empty, not starting with {@code /},
 * containing a pattern or wildcard character of any broker ({@code * ? { } # >}), a
 * percent-encoded form ({@code %}), white space or a control character, a backslash, an
 * empty path segment ({@code //}), a {@code .} segment, {@code ..} or a trailing
 * {@code /}. Spring's simple broker reads a SUBSCRIBE destination with {@code *},
 * {@code ?} or <code>{</code> as a path pattern and RabbitMQ and Artemis read {@code #}
 * and {@code *} as topic wildcards: such a subscription would receive the messages of
 * every session. Always refused too: the per-session broker destinations Spring resolves
 * user destinations to ({@code ...-user<session id>}, in any prefix), and the reserved
 * destinations (Spring's user registry and unresolved user destination broadcasts), under
 * any prefix.
 * <p>
 * SEND is refused to the same destinations, to the public per-connection topic (clients
 * could forge events), to Specter's user destination through the user prefix
 * ({@code /user/<name>/queue/specter}), and to RabbitMQ's aliasing forms
 * ({@code /exchange/...}, {@code /amq/queue/...}), which name the same queues and topics
 * under other names.
 */
public final class StompDestinationRules {

	/** Characters that any supported broker reads as a pattern or wildcard. */
	private static final String PATTERN_CHARACTERS = "*?{}#>";

	private static final Pattern RESOLVED_USER_DESTINATION = Pattern.compile("-user[^/]+$");

	private static final List<String> ALIASING_SEND_PREFIXES = List.of("/exchange/", "/amq/");

	private final AntPathMatcher matcher = new AntPathMatcher();

	private final String userDestinationPrefix;

	private final String userDestination;

	private final @Nullable String publicTopicPrefix;

	private final List<String> allowedSubscriptions;

	private final List<String> reservedNames;

	/**
	 * Creates the rules.
	 * @param userDestinationPrefix the user destination prefix, such as {@code /user/}
	 * @param userDestination Specter's destination below it, such as
	 * {@code /queue/specter}
	 * @param publicTopicPrefix the public per-connection topic prefix, or {@code null} if
	 * disabled
	 * @param allowedSubscriptions Ant-style patterns ({@code /topic/chat/**}) or exact
	 * destinations that clients may also subscribe to
	 * @param reservedDestinations destinations no client may subscribe or send to (such
	 * as the user registry broadcast); refused under any prefix
	 */
	public StompDestinationRules(String userDestinationPrefix, String userDestination,
			@Nullable String publicTopicPrefix, Collection<String> allowedSubscriptions,
			Collection<String> reservedDestinations) {
		this.userDestinationPrefix = userDestinationPrefix.endsWith("/") ? userDestinationPrefix
				: userDestinationPrefix + "/";
		this.userDestination = userDestination.startsWith("/") ? userDestination : "/" + userDestination;
		this.publicTopicPrefix = StringUtils.hasText(publicTopicPrefix) ? publicTopicPrefix : null;
		List<String> allowed = new ArrayList<>();
		allowed.add(this.userDestinationPrefix + this.userDestination.substring(1));
		if (this.publicTopicPrefix != null) {
			allowed.add(this.publicTopicPrefix + "*");
		}
		allowedSubscriptions.stream().filter(StringUtils::hasText).map(String::trim).forEach(allowed::add);
		this.allowedSubscriptions = List.copyOf(allowed);
		this.reservedNames = reservedDestinations.stream()
			.filter(StringUtils::hasText)
			.map(StompDestinationRules::lastSegment)
			.distinct()
			.toList();
	}

	/**
	 * Returns the patterns a subscription must match (Specter's own destinations first).
	 * @return the allowed subscription patterns
	 */
	public List<String> allowedSubscriptions() {
		return this.allowedSubscriptions;
	}

	/**
	 * Returns why a SUBSCRIBE to the destination is always refused, whatever the allowed
	 * patterns and policies say.
	 * @param destination the destination, possibly {@code null}
	 * @return the reason, or {@code null} if the destination may be checked against the
	 * allowed patterns
	 */
	public @Nullable String subscribeRefusal(@Nullable String destination) {
		return commonRefusal(destination);
	}

	/**
	 * Returns whether a plain destination matches one of the allowed subscription
	 * patterns.
	 * @param destination a destination for which {@link #subscribeRefusal} returned
	 * {@code null}
	 * @return whether it is allowed without asking the policies
	 */
	public boolean isAllowedSubscription(String destination) {
		for (String allowed : this.allowedSubscriptions) {
			if (allowed.equals(destination)
					|| (this.matcher.isPattern(allowed) && this.matcher.match(allowed, destination))) {
				return true;
			}
		}
		return false;
	}

	/**
	 * Returns why a SEND to the destination is refused.
	 * @param destination the destination, possibly {@code null}
	 * @return the reason, or {@code null} if the client may send there
	 */
	public @Nullable String sendRefusal(@Nullable String destination) {
		String refusal = commonRefusal(destination);
		if (refusal != null || destination == null) {
			return refusal;
		}
		if (this.publicTopicPrefix != null && destination.startsWith(this.publicTopicPrefix)) {
			return "the public topic is written by Specter only";
		}
		if (destination.startsWith(this.userDestinationPrefix)
				&& containsDestination(destination.substring(this.userDestinationPrefix.length() - 1))) {
			return "the user destination " + this.userDestination + " is written by Specter only";
		}
		if (destination.equals(this.userDestination)) {
			return "the user destination " + this.userDestination + " is written by Specter only";
		}
		for (String prefix : ALIASING_SEND_PREFIXES) {
			if (destination.startsWith(prefix)) {
				return "sending to " + prefix + "... destinations is not allowed";
			}
		}
		return null;
	}

	private boolean containsDestination(String rest) {
		int index = rest.indexOf(this.userDestination);
		while (index >= 0) {
			int end = index + this.userDestination.length();
			if (end == rest.length() || rest.startsWith("-user", end)) {
				return true;
			}
			index = rest.indexOf(this.userDestination, index + 1);
		}
		return false;
	}

	private @Nullable String commonRefusal(@Nullable String destination) {
		if (destination == null || destination.isEmpty()) {
			return "a destination is required";
		}
		if (!destination.startsWith("/")) {
			return "the destination must start with /";
		}
		for (int i = 0; i < destination.length(); i++) {
			char c = destination.charAt(i);
			if (PATTERN_CHARACTERS.indexOf(c) >= 0) {
				return "destination patterns and wildcards are not allowed";
			}
			if (c == '%' || c == '\\' || Character.isWhitespace(c) || Character.isISOControl(c)
					|| Character.isSpaceChar(c)) {
				return "encoded forms, white space and control characters are not allowed";
			}
		}
		if (destination.contains("//") || destination.contains("..") || destination.contains("/./")
				|| destination.endsWith("/.") || destination.endsWith("/")) {
			return "empty path segments, '.' and '..' segments and a trailing / are not allowed";
		}
		String name = lastSegment(destination);
		if (RESOLVED_USER_DESTINATION.matcher(name.toLowerCase(Locale.ROOT)).find()) {
			return "per-session destinations (...-user<session>) are not allowed; subscribe to "
					+ this.userDestinationPrefix + "..." + " instead";
		}
		if (this.reservedNames.contains(name)) {
			return "the destination is reserved";
		}
		return null;
	}

	private static String lastSegment(String destination) {
		int slash = destination.lastIndexOf('/');
		return (slash >= 0) ? destination.substring(slash + 1) : destination;
	}

}
