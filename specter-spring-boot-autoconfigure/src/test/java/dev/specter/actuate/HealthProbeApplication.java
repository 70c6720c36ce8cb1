package dev.specter.actuate;

import dev.specter.test.TestApplication;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.health.actuate.endpoint.HealthEndpoint;
import org.springframework.boot.health.contributor.Health;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Run by {@link SpecterHealthNativeUnavailableIT} in a child JVM whose classpath lacks
 * webrtc-java's native classifier jar: starts the test application lazily (as an
 * application with {@code spring.main.lazy-initialization=true} would, so the missing
 * library does not stop the start-up), then prints what the health endpoint and the
 * indicator report.
 */
public final class HealthProbeApplication {

	private HealthProbeApplication() {
	}

	public static void main(String[] args) {
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(TestApplication.class)
			.web(WebApplicationType.NONE)
			.properties("specter.ice-servers=", "spring.main.lazy-initialization=true", "logging.level.root=warn",
					"spring.main.banner-mode=off")
			.run(args)) {
			System.out
				.println("endpoint=" + context.getBean(HealthEndpoint.class).healthForPath("specter").getStatus());
			Health health = context.getBean(SpecterHealthIndicator.class).health();
			System.out.println("status=" + health.getStatus());
			health.getDetails().forEach((key, value) -> System.out.println(key + "=" + value));
		}
	}

}
