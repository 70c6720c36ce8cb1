package dev.specter.sample;

import java.util.List;

import org.springframework.boot.actuate.autoconfigure.web.server.ManagementPortType;
import org.springframework.boot.security.autoconfigure.actuate.web.servlet.EndpointRequest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.messaging.Message;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.socket.EnableWebSocketSecurity;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.messaging.access.intercept.MessageMatcherDelegatingAuthorizationManager;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;

/**
 * The sample's security, written as a public application would be.
 * <ul>
 * <li>Every page, {@code /session} and the WebSocket handshake at {@code /ws} need a
 * login (form login against the demo users of {@code sample.users}), so each STOMP
 * session's {@code Principal} is a user and Specter records users as the owners of their
 * connections.</li>
 * <li>HTTP CSRF protection stays on; the WebSocket handshake keeps Spring's same-origin
 * check; STOMP CONNECT must carry the session's CSRF token
 * ({@link EnableWebSocketSecurity}), so a page on another origin cannot open a STOMP
 * session with the user's cookie.</li>
 * <li>STOMP messages are denied unless listed: a client may subscribe to its own
 * {@code /user/queue/specter} and send to {@code /app/specter/*}, nothing else (no broker
 * destination, no wildcard, no user-registry topic).</li>
 * <li>Actuator endpoints are served on the management port only (bound to 127.0.0.1 in
 * {@code application.properties}) and need no login there; if the management port is made
 * the public one again they are refused to everyone instead.</li>
 * </ul>
 */
@Configuration(proxyBeanMethods = false)
@EnableWebSocketSecurity
class SecurityConfig {

	/**
	 * The user destination the page subscribes to
	 * ({@code specter.stomp.user-destination}).
	 */
	static final String USER_DESTINATION = "/user/queue/specter";

	@Bean
	SecurityFilterChain securityFilterChain(HttpSecurity http, Environment environment) throws Exception {
		boolean separateManagementPort = ManagementPortType.get(environment) == ManagementPortType.DIFFERENT;
		http.authorizeHttpRequests((requests) -> {
			if (separateManagementPort) {
				// Matches on the management server only: the public port has no actuator
				// endpoints.
				requests.requestMatchers(EndpointRequest.toAnyEndpoint()).permitAll();
			}
			else {
				requests.requestMatchers(EndpointRequest.toAnyEndpoint()).denyAll();
			}
			requests.requestMatchers("/login", "/error", "/style.css", "/favicon.ico").permitAll();
			requests.anyRequest().authenticated();
		});
		http.formLogin(Customizer.withDefaults());
		http.logout(Customizer.withDefaults());
		return http.build();
	}

	/** The demo users of {@code sample.users}, each with the role {@code USER}. */
	@Bean
	InMemoryUserDetailsManager userDetailsService(SampleProperties properties) {
		if (properties.users().isEmpty()) {
			throw new IllegalStateException("No demo users: set sample.users.<name>={noop}<password>");
		}
		List<UserDetails> users = properties.users()
			.entrySet()
			.stream()
			.map((user) -> User.withUsername(user.getKey()).password(user.getValue()).roles("USER").build())
			.toList();
		return new InMemoryUserDetailsManager(users);
	}

	/**
	 * Deny by default: only the page's own STOMP traffic is allowed, and only to
	 * logged-in users.
	 */
	@Bean
	AuthorizationManager<Message<?>> messageAuthorizationManager(
			MessageMatcherDelegatingAuthorizationManager.Builder messages) {
		return messages.nullDestMatcher()
			.authenticated() // CONNECT, DISCONNECT, UNSUBSCRIBE, heart-beats
			.simpSubscribeDestMatchers(USER_DESTINATION)
			.authenticated()
			.simpMessageDestMatchers("/app/specter/*")
			.authenticated()
			.anyMessage()
			.denyAll()
			.build();
	}

}
