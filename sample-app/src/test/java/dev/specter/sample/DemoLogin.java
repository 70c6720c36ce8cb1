package dev.specter.sample;

import java.io.IOException;
import java.net.CookieManager;
import java.net.HttpCookie;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An HTTP client with its own cookies that logs in to the sample's form login as a
 * browser does: it reads the CSRF token from the login page and posts the form.
 */
final class DemoLogin {

	static final String ADA = "ada";

	static final String ADA_PASSWORD = "ada-demo-password";

	private static final Pattern CSRF_INPUT = Pattern.compile("name=\"_csrf\"[^>]*value=\"([^\"]+)\"");

	private final String base;

	private final CookieManager cookies = new CookieManager();

	private final HttpClient http;

	DemoLogin(int port) {
		this.base = "http://127.0.0.1:" + port;
		this.http = HttpClient.newBuilder()
			.cookieHandler(this.cookies)
			.followRedirects(HttpClient.Redirect.NEVER)
			.connectTimeout(Duration.ofSeconds(10))
			.build();
	}

	/**
	 * Posts the login form; returns where the server redirected (the page, or the login
	 * error).
	 */
	String logIn(String user, String password) throws IOException, InterruptedException {
		HttpResponse<String> page = get("/login");
		assertThat(page.statusCode()).isEqualTo(200);
		Matcher csrf = CSRF_INPUT.matcher(page.body());
		assertThat(csrf.find()).as("the login page has a CSRF token").isTrue();
		String form = "username=" + encode(user) + "&password=" + encode(password) + "&_csrf=" + encode(csrf.group(1));
		HttpResponse<String> response = this.http.send(HttpRequest.newBuilder(URI.create(this.base + "/login"))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString(form))
			.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(302);
		return response.headers().firstValue("Location").orElse("");
	}

	/** Logs in as the demo user ada and checks it worked. */
	DemoLogin logInAsAda() throws IOException, InterruptedException {
		String location = logIn(ADA, ADA_PASSWORD);
		assertThat(location).as("redirect after login").doesNotContain("error");
		return this;
	}

	HttpResponse<String> get(String path) throws IOException, InterruptedException {
		return this.http.send(HttpRequest.newBuilder(URI.create(this.base + path)).build(),
				HttpResponse.BodyHandlers.ofString());
	}

	/** The value of the HTTP session cookie, or {@code null} before one was set. */
	String sessionCookie() {
		return this.cookies.getCookieStore()
			.getCookies()
			.stream()
			.filter((cookie) -> "JSESSIONID".equals(cookie.getName()))
			.map(HttpCookie::getValue)
			.findFirst()
			.orElse(null);
	}

	/**
	 * Opens a STOMP session as the page does: same origin, the session cookie, and the
	 * session's CSRF token in CONNECT; returns it after its CONNECTED frame.
	 */
	StompFrames stomp() throws IOException, InterruptedException {
		String session = get("/session").body();
		Matcher header = Pattern.compile("\"csrfHeader\":\"([^\"]+)\"").matcher(session);
		Matcher token = Pattern.compile("\"csrfToken\":\"([^\"]+)\"").matcher(session);
		assertThat(header.find() && token.find()).as(session).isTrue();
		StompFrames stomp = StompFrames.open(this.http, URI.create(this.base.replace("http:", "ws:") + "/ws"),
				Map.of("Origin", this.base));
		Map<String, String> headers = new LinkedHashMap<>();
		headers.put("accept-version", "1.2");
		headers.put("host", "127.0.0.1");
		headers.put(header.group(1), token.group(1));
		stomp.send("CONNECT", headers, "");
		assertThat(stomp.next(Duration.ofSeconds(20))).startsWith("CONNECTED\n");
		return stomp;
	}

	HttpClient client() {
		return this.http;
	}

	private static String encode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8);
	}

}
