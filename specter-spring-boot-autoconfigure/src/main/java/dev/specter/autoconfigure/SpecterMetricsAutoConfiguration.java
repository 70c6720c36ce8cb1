package dev.specter.autoconfigure;

import java.time.Duration;

import dev.specter.DataChannelId;
import dev.specter.Operation;
import dev.specter.PeerConnectionId;
import dev.specter.SpecterFactory;
import dev.specter.SpecterId;
import dev.specter.SpecterObserver;
import dev.specter.metrics.ConnectionTracker;
import dev.specter.metrics.ListenerFailureMetricsPostProcessor;
import dev.specter.metrics.OperationMeters;
import dev.specter.metrics.SpecterMetrics;
import dev.specter.metrics.WorkerMeters;
import dev.specter.webrtc.DefaultSpecterFactory;
import dev.specter.webrtc.NativeResources;
import dev.specter.worker.WorkerSpecterFactory;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

/**
 * Auto-configuration of Specter's Micrometer meters: {@link SpecterMetrics} (fed by
 * events and statistics samples) and the decorators that time the {@code Specter} bean's
 * operations and count listener failures. Active only when Micrometer is on the classpath
 * and the application has a {@link MeterRegistry} (Spring Boot's, with
 * {@code spring-boot-starter-actuator}).
 */
@AutoConfiguration(after = SpecterAutoConfiguration.class,
		afterName = "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration")
@ConditionalOnClass(MeterRegistry.class)
@ConditionalOnBean({ SpecterFactory.class, MeterRegistry.class })
@Import(ConnectionTrackerConfiguration.class)
public final class SpecterMetricsAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	SpecterMetrics specterMetrics(MeterRegistry meterRegistry, ConnectionTracker connectionTracker) {
		return new SpecterMetrics(meterRegistry, connectionTracker);
	}

	/**
	 * Gauges of what webrtc-java 0.14 keeps after connections close: it never frees their
	 * native memory, so operators see the estimate grow with closed connections.
	 */
	@Bean
	MeterBinder specterNativeResourcesMeters(SpecterFactory specterFactory) {
		return (registry) -> {
			if (specterFactory instanceof DefaultSpecterFactory factory) {
				NativeResources resources = factory.resources();
				Gauge.builder("specter.native.connections.closed", resources, NativeResources::closedConnections)
					.description("Peer connections closed since start; webrtc-java 0.14 keeps their native memory")
					.register(registry);
				Gauge.builder("specter.native.retained", resources, NativeResources::retainedNativeBytesEstimate)
					.description("Estimated native memory webrtc-java keeps for closed connections")
					.baseUnit("bytes")
					.register(registry);
			}
			else if (specterFactory instanceof WorkerSpecterFactory factory) {
				// the live workers' engines keep them, until recycling ends the worker
				Gauge.builder("specter.native.connections.closed", factory, WorkerSpecterFactory::closedConnections)
					.description(
							"Peer connections closed in the live workers; webrtc-java 0.14 keeps their native memory "
									+ "until the worker exits")
					.register(registry);
				Gauge
					.builder("specter.native.retained", factory,
							(f) -> f.closedConnections() * NativeResources.RETAINED_BYTES_PER_CLOSED_CONNECTION)
					.description("Estimated native memory webrtc-java keeps for closed connections")
					.baseUnit("bytes")
					.register(registry);
			}
		};
	}

	/**
	 * Meters of the worker processes in worker mode: live workers, deaths, restarts,
	 * recycles.
	 */
	@Bean
	MeterBinder specterWorkerMeters(SpecterFactory specterFactory) {
		return (registry) -> {
			if (specterFactory instanceof WorkerSpecterFactory factory) {
				new WorkerMeters(factory).bindTo(registry);
			}
		};
	}

	@Bean
	SpecterObserver specterOperationMetricsObserver(ObjectProvider<MeterRegistry> meterRegistry) {
		OperationMeters meters = new OperationMeters(meterRegistry::getObject);
		return new SpecterObserver() {

			@Override
			public void operationCompleted(SpecterId specter, PeerConnectionId peerConnection, Operation operation,
					Duration duration, Throwable failure) {
				meters.operationCompleted(operation, duration, failure);
			}

			@Override
			public void dataChannelSent(SpecterId specter, PeerConnectionId peerConnection, DataChannelId channel,
					int bytes, boolean binary) {
				meters.dataChannelSent(bytes);
			}

		};
	}

	@Bean
	static ListenerFailureMetricsPostProcessor specterListenerFailureMetricsPostProcessor(
			ObjectProvider<MeterRegistry> meterRegistry) {
		return new ListenerFailureMetricsPostProcessor(meterRegistry::getObject);
	}

}
