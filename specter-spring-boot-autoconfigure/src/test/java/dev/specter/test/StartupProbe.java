package dev.specter.test;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;

/**
 * Started in its own JVM by {@code NativeLibraryMissingIT}: starts the test application
 * and stops it.
 */
public final class StartupProbe {

	private StartupProbe() {
	}

	public static void main(String[] args) {
		new SpringApplicationBuilder(TestApplication.class).web(WebApplicationType.NONE)
			.properties("specter.ice-servers=", "spring.main.banner-mode=off")
			.run()
			.close();
		System.out.println("STARTED AND STOPPED");
	}

}
