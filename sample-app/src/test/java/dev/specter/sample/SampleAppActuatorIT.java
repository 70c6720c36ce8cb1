package dev.specter.sample;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/** The sample app exposes Specter's health, its endpoint and a Prometheus scrape, as its README says. */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class SampleAppActuatorIT {

	private final int port;

	private final HttpClient http = HttpClient.newHttpClient();

	@Autowired
	SampleAppActuatorIT(@LocalServerPort int port) {
		this.port = port;
	}

	@Test
	void healthEndpointAndScrape() throws Exception {
		assertThat(get("/actuator/health/specter")).contains("\"status\":\"UP\"").contains("\"nativeLibrary\":\"loaded\"")
			.contains("retainedNativeBytesEstimate");
		assertThat(get("/actuator/specter")).contains("\"connections\"");
		assertThat(get("/actuator/prometheus")).contains("specter_connections{").contains("specter_native_retained_bytes");
	}

	private String get(String path) throws Exception {
		HttpResponse<String> response = this.http.send(
				HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path)).build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).as(path).isEqualTo(200);
		return response.body();
	}

}
