package dev.specter.test;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.core.annotation.AliasFor;
import org.springframework.test.context.TestConstructor;
import org.springframework.test.context.TestConstructor.AutowireMode;
import org.springframework.test.context.TestPropertySource;

/**
 * The shell of an integration test against a real Specter: the {@link TestApplication}
 * (the auto-configuration, an {@link EventRecorder}, a {@link CandidateRelay} and an
 * {@link EchoBot}), no ICE server (so nothing ever reaches a public STUN server; host
 * candidates on loopback suffice), and constructor parameters autowired without
 * {@code @Autowired}. Add beans with {@code @Import} on the test class; extend
 * {@link SpecterIntegrationTestSupport} for the usual three fields.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@SpringBootTest(classes = TestApplication.class)
@TestPropertySource(properties = "specter.ice-servers=")
@TestConstructor(autowireMode = AutowireMode.ALL)
public @interface SpecterIntegrationTest {

	/**
	 * Further properties, as {@link SpringBootTest#properties()}.
	 * @return the properties in {@code key=value} form
	 */
	@AliasFor(annotation = SpringBootTest.class)
	String[] properties() default {};

	/**
	 * The web environment, as {@link SpringBootTest#webEnvironment()}.
	 * @return the web environment
	 */
	@AliasFor(annotation = SpringBootTest.class)
	WebEnvironment webEnvironment() default WebEnvironment.MOCK;

}
