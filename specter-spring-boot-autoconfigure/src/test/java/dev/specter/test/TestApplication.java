package dev.specter.test;

import dev.specter.Specter;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * A minimal Boot application for integration tests: the auto-configuration plus test
 * listeners.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
public class TestApplication {

	@Bean
	EventRecorder eventRecorder() {
		return new EventRecorder();
	}

	@Bean
	EchoBot echoBot(Specter specter) {
		return new EchoBot(specter);
	}

	@Bean
	CandidateRelay candidateRelay() {
		return new CandidateRelay();
	}

}
