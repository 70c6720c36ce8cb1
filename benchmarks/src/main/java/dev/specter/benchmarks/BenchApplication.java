package dev.specter.benchmarks;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;

/**
 * The application the starter side runs in: Spring Boot with the auto-configuration, no
 * web server, host candidates only ({@code specter.ice-servers=} empty), and one bean of
 * {@code @SpecterListener} methods, as a user's application would have.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
public class BenchApplication {

	@Bean
	StarterEvents starterEvents() {
		return new StarterEvents();
	}

	static ConfigurableApplicationContext start(String... properties) {
		String[] all = new String[properties.length + 4];
		all[0] = "specter.ice-servers=";
		all[1] = "logging.level.root=WARN";
		all[2] = "spring.main.log-startup-info=false";
		// the scale runs hold more than the default limit of one instance
		all[3] = "specter.limits.max-peer-connections=100000";
		System.arraycopy(properties, 0, all, 4, properties.length);
		return new SpringApplicationBuilder(BenchApplication.class).web(WebApplicationType.NONE)
			.bannerMode(org.springframework.boot.Banner.Mode.OFF)
			.properties(all)
			.run();
	}

}
