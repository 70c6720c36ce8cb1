package dev.specter.webrtc;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * The application of the event-dispatch benchmarks: the auto-configuration and one
 * listener bean.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
public class DispatchApplication {

	@Bean
	DispatchProbe dispatchProbe() {
		return new DispatchProbe();
	}

}
