package dev.specter.sample;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assumptions.assumeThat;

/**
 * The sample app serves Specter's health, its endpoint and a Prometheus scrape on the
 * management port, bound to 127.0.0.1, as its README says; the public port serves none of
 * them, logged in or not (connection ids are capability tokens).
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "management.server.port=0")
class SampleAppActuatorIT {

	private static final List<String> ENDPOINTS = List.of("/actuator", "/actuator/health", "/actuator/health/specter",
			"/actuator/specter", "/actuator/prometheus");

	private final int port;

	private final int managementPort;

	private final HttpClient http = HttpClient.newHttpClient();

	@Autowired
	SampleAppActuatorIT(@LocalServerPort int port, @LocalManagementPort int managementPort) {
		this.port = port;
		this.managementPort = managementPort;
	}

	@Test
	void managementPortServesHealthEndpointAndScrapeOnLoopback() throws Exception {
		assertThat(this.managementPort).isNotEqualTo(this.port);
		assertThat(get("/actuator/health/specter")).contains("\"status\":\"UP\"")
			.contains("\"nativeLibrary\":\"loaded\"")
			.contains("retainedNativeBytesEstimate");
		assertThat(get("/actuator/specter")).contains("\"connections\"");
		assertThat(get("/actuator/prometheus")).contains("specter_connections{")
			.contains("specter_native_retained_bytes");
	}

	@Test
	void managementPortIsNotReachableOnOtherAddresses() throws Exception {
		List<InetAddress> others = NetworkInterface.networkInterfaces()
			.flatMap(NetworkInterface::inetAddresses)
			.filter((address) -> address instanceof Inet4Address && !address.isLoopbackAddress())
			.toList();
		assumeThat(others).as("this machine has a non-loopback IPv4 address").isNotEmpty();
		for (InetAddress address : others) {
			assertThatExceptionOfType(IOException.class).as(address.toString()).isThrownBy(() -> {
				try (Socket socket = new Socket()) {
					socket.connect(new InetSocketAddress(address, this.managementPort), 2000);
				}
			});
		}
	}

	@Test
	void publicPortServesNoActuatorEndpointToAnonymousClients() throws Exception {
		for (String endpoint : ENDPOINTS) {
			HttpResponse<String> response = this.http.send(
					HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + endpoint)).build(),
					HttpResponse.BodyHandlers.ofString());
			// The login page, never the endpoint.
			assertThat(response.statusCode()).as(endpoint).isEqualTo(302);
			assertThat(response.headers().firstValue("Location")).as(endpoint)
				.hasValueSatisfying((location) -> assertThat(location).endsWith("/login"));
		}
	}

	@Test
	void publicPortServesNoActuatorEndpointToLoggedInUsers() throws Exception {
		DemoLogin ada = new DemoLogin(this.port).logInAsAda();
		for (String endpoint : ENDPOINTS) {
			HttpResponse<String> response = ada.get(endpoint);
			assertThat(response.statusCode()).as(endpoint).isEqualTo(404);
			assertThat(response.body()).as(endpoint).doesNotContain("connections").doesNotContain("specter_");
		}
		// The same login reaches the page: the 404s are not a failed login.
		assertThat(ada.get("/").statusCode()).isEqualTo(200);
	}

	private String get(String path) throws Exception {
		HttpResponse<String> response = this.http.send(
				HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.managementPort + path)).build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).as(path).isEqualTo(200);
		return response.body();
	}

}
