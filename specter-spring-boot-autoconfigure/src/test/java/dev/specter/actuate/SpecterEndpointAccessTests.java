package dev.specter.actuate;

import java.util.Arrays;
import java.util.List;
import java.util.Set;

import javax.management.MBeanOperationInfo;
import javax.management.MBeanServer;
import javax.management.ObjectName;

import dev.specter.SpecterFactory;
import dev.specter.autoconfigure.SpecterAutoConfiguration;
import dev.specter.autoconfigure.SpecterEndpointAutoConfiguration;
import dev.specter.test.FakeSpecterFactory;
import org.junit.jupiter.api.Test;

import org.springframework.boot.actuate.autoconfigure.endpoint.EndpointAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.endpoint.jmx.JmxEndpointAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.jmx.JmxAutoConfiguration;
import org.springframework.boot.convert.ApplicationConversionService;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.convert.support.ConfigurableConversionService;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The endpoint's operations as Actuator exposes them (over JMX, which needs no web
 * server): the close operation is there only when access is unrestricted.
 */
class SpecterEndpointAccessTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(JmxAutoConfiguration.class, EndpointAutoConfiguration.class,
				JmxEndpointAutoConfiguration.class, SpecterAutoConfiguration.class,
				SpecterEndpointAutoConfiguration.class))
		.withBean(SpecterFactory.class, FakeSpecterFactory::new)
		// As SpringApplication does, so that "unrestricted" binds to Access.UNRESTRICTED
		.withInitializer((context) -> context.getEnvironment()
			.setConversionService((ConfigurableConversionService) ApplicationConversionService.getSharedInstance()))
		.withPropertyValues("specter.ice-servers=", "spring.jmx.enabled=true", "spring.jmx.unique-names=true",
				"management.endpoints.jmx.exposure.include=specter");

	@Test
	void readOnlyByDefault() {
		this.runner
			.run((context) -> assertThat(operations(context)).containsExactlyInAnyOrder("connections", "connection"));
	}

	@Test
	void closeNeedsUnrestrictedAccess() {
		this.runner.withPropertyValues("management.endpoint.specter.access=unrestricted")
			.run((context) -> assertThat(operations(context)).containsExactlyInAnyOrder("connections", "connection",
					"close"));
	}

	@Test
	void noEndpointWithoutAccess() {
		this.runner.withPropertyValues("management.endpoint.specter.access=none")
			.run((context) -> assertThat(context).doesNotHaveBean(SpecterEndpoint.class));
	}

	@Test
	void listsNothingWithoutConnections() throws Exception {
		this.runner.run((context) -> {
			MBeanServer server = context.getBean(MBeanServer.class);
			Object listing = server.invoke(specterMBean(context), "connections", new Object[0], new String[0]);
			assertThat(listing).hasToString("{instances=1, total=0, connections=[]}");
		});
	}

	private static List<String> operations(AssertableApplicationContext context) throws Exception {
		MBeanServer server = context.getBean(MBeanServer.class);
		return Arrays.stream(server.getMBeanInfo(specterMBean(context)).getOperations())
			.map(MBeanOperationInfo::getName)
			.toList();
	}

	private static ObjectName specterMBean(AssertableApplicationContext context) throws Exception {
		MBeanServer server = context.getBean(MBeanServer.class);
		Set<ObjectName> names = server
			.queryNames(new ObjectName("org.springframework.boot:type=Endpoint,name=Specter,*"), null);
		assertThat(names).hasSize(1);
		return names.iterator().next();
	}

}
