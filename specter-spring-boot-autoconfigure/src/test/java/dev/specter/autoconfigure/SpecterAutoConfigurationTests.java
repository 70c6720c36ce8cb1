package dev.specter.autoconfigure;

import java.net.InetAddress;
import java.time.Duration;
import java.util.Collection;
import java.util.List;

import dev.onvoid.webrtc.PeerConnectionFactory;
import dev.specter.Specter;
import dev.specter.SpecterConfig;
import dev.specter.SpecterErrorHandler;
import dev.specter.SpecterFactory;
import dev.specter.ice.IceServer;
import dev.specter.ice.IceTransportPolicy;
import dev.specter.ice.PortRange;
import dev.specter.media.AudioMode;
import dev.specter.webrtc.ConnectionLimits;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

class SpecterAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(SpecterAutoConfiguration.class));

	@Test
	void defaultsMatchSpecter() {
		this.runner.run((context) -> {
			assertThat(context).hasSingleBean(Specter.class)
				.hasSingleBean(SpecterFactory.class)
				.hasSingleBean(SpecterErrorHandler.class)
				.hasSingleBean(SpecterListenerFactory.class);
			SpecterConfig config = context.getBean(Specter.class).config();
			assertThat(config.iceServers()).containsExactly(IceServer.of("stun:stun.l.google.com:19302"));
			assertThat(config.iceTransportPolicy()).isEqualTo(IceTransportPolicy.ALL);
			assertThat(config.portRange()).isNull();
			assertThat(config.audioMode()).isEqualTo(AudioMode.SEND);
		});
	}

	@Test
	void factoryWithoutConfigGivesTheDefaultsOfTheBean() {
		this.runner.run((context) -> {
			SpecterConfig bean = context.getBean(Specter.class).config();
			Specter created = context.getBean(SpecterFactory.class).create(null);
			try {
				SpecterConfig config = created.config();
				assertThat(config.iceServers()).containsExactly(IceServer.of(SpecterConfig.DEFAULT_ICE_SERVER))
					.isEqualTo(bean.iceServers());
				assertThat(config.iceTransportPolicy()).isEqualTo(bean.iceTransportPolicy());
				assertThat(config.portRange()).isEqualTo(bean.portRange());
				assertThat(config.audioMode()).isEqualTo(bean.audioMode());
				assertThat(config.tcpCandidates()).isEqualTo(bean.tcpCandidates());
				assertThat(SpecterConfig.defaults()).isEqualTo(config);
			}
			finally {
				created.close();
			}
		});
	}

	@Test
	void audioModeBindsFromProperty() {
		this.runner.withPropertyValues("specter.media.audio-mode=receive").run((context) -> {
			SpecterConfig config = context.getBean(Specter.class).config();
			assertThat(config.audioMode()).isEqualTo(AudioMode.RECEIVE);
			// Another instance of the same application may choose the other mode.
			Specter player = context.getBean(SpecterFactory.class).create(config.withAudioMode(AudioMode.SEND));
			try {
				assertThat(player.config().audioMode()).isEqualTo(AudioMode.SEND);
				assertThat(player.config().iceServers()).isEqualTo(config.iceServers());
			}
			finally {
				player.close();
			}
		});
	}

	@Test
	void configKeepsItsFourArgumentConstructorAndDefaultsTheAudioMode() {
		SpecterConfig config = new SpecterConfig(List.of(), IceTransportPolicy.RELAY, null, null);
		assertThat(config.audioMode()).isEqualTo(AudioMode.SEND);
		assertThat(new SpecterConfig(List.of(), null, null, null, null).audioMode()).isEqualTo(AudioMode.SEND);
		SpecterConfig receiving = config.withAudioMode(AudioMode.RECEIVE);
		assertThat(receiving.audioMode()).isEqualTo(AudioMode.RECEIVE);
		assertThat(receiving.iceTransportPolicy()).isEqualTo(IceTransportPolicy.RELAY);
		assertThat(receiving.withPortRange(new PortRange(50000, 50100))
			.withIceTransportPolicy(IceTransportPolicy.ALL)
			.withIceServers(List.of())
			.withIpFilter(null)
			.audioMode()).isEqualTo(AudioMode.RECEIVE);
		assertThat(SpecterConfig.ofUrls().audioMode()).isEqualTo(AudioMode.SEND);
	}

	@Test
	void iceServersBindFromUrlStrings() {
		this.runner.withPropertyValues("specter.ice-servers=stun:a.example:3478, stun:b.example:3478")
			.run((context) -> {
				assertThat(context.getBean(Specter.class).config().iceServers())
					.containsExactly(IceServer.of("stun:a.example:3478"), IceServer.of("stun:b.example:3478"));
			});
	}

	@Test
	void emptyIceServersMeansHostCandidatesOnly() {
		this.runner.withPropertyValues("specter.ice-servers=")
			.run((context) -> assertThat(context.getBean(Specter.class).config().iceServers()).isEmpty());
	}

	@Test
	void turnServerBindsFromObjectsWithCredentialMasked() {
		this.runner.withPropertyValues("specter.ice-servers[0].urls=turn:turn.example:3478?transport=udp",
				"specter.ice-servers[0].username=alice", "specter.ice-servers[0].credential=s3cret",
				"specter.ice-transport-policy=relay", "specter.port-range.min=50000", "specter.port-range.max=50100")
			.run((context) -> {
				SpecterConfig config = context.getBean(Specter.class).config();
				IceServer server = config.iceServers().get(0);
				assertThat(server.urls()).containsExactly("turn:turn.example:3478?transport=udp");
				assertThat(server.username()).isEqualTo("alice");
				assertThat(server.credential()).isEqualTo("s3cret");
				assertThat(server.toString()).doesNotContain("s3cret");
				assertThat(config.toString()).doesNotContain("s3cret");
				assertThat(context.getBean(SpecterProperties.class).getIceServers().toString())
					.doesNotContain("s3cret");
				assertThat(config.iceTransportPolicy()).isEqualTo(IceTransportPolicy.RELAY);
				assertThat(config.portRange()).isEqualTo(new PortRange(50000, 50100));
			});
	}

	@Test
	void tcpCandidatesAreOffUnlessEnabled() {
		this.runner.withPropertyValues("specter.ice-servers=")
			.run((context) -> assertThat(context.getBean(Specter.class).config().tcpCandidates()).isFalse());
		this.runner.withPropertyValues("specter.ice-servers=", "specter.tcp-candidates=true").run((context) -> {
			SpecterConfig config = context.getBean(Specter.class).config();
			assertThat(config.tcpCandidates()).isTrue();
			assertThat(config.withIceServers(List.of()).withPortRange(null).tcpCandidates()).isTrue();
			assertThat(config.withTcpCandidates(false).tcpCandidates()).isFalse();
		});
	}

	@Test
	void ipFilterBindsFromCidrBlocks() throws Exception {
		this.runner.withPropertyValues("specter.ice-servers=", "specter.ip-filter.deny=192.0.2.0/24").run((context) -> {
			var filter = context.getBean(Specter.class).config().ipFilter();
			assertThat(filter.accept(InetAddress.getByName("192.0.2.2"))).isFalse();
			assertThat(filter.accept(InetAddress.getByName("198.51.100.1"))).isTrue();
		});
	}

	@Test
	void backsOffWhenTheUserDefinesBeans() {
		this.runner.withUserConfiguration(UserBeans.class).run((context) -> {
			assertThat(context).hasSingleBean(SpecterErrorHandler.class);
			assertThat(context.getBean(SpecterErrorHandler.class)).isSameAs(context.getBean("myHandler"));
			assertThat(context).hasSingleBean(Specter.class);
			assertThat(context.getBean(Specter.class).config().iceServers())
				.containsExactly(IceServer.of("stun:mine.example:3478"));
		});
	}

	@Test
	void backsOffTheFactoryToo() {
		this.runner.withUserConfiguration(UserFactory.class).run((context) -> {
			assertThat(context).hasSingleBean(SpecterFactory.class);
			assertThat(context.getBean(SpecterFactory.class)).isInstanceOf(FixedFactory.class);
		});
	}

	@Test
	void disabledByProperty() {
		this.runner.withPropertyValues("specter.enabled=false").run((context) -> {
			assertThat(context).doesNotHaveBean(Specter.class).doesNotHaveBean(SpecterFactory.class);
		});
	}

	@Test
	void absentWithoutWebrtcJava() {
		this.runner.withClassLoader(new FilteredClassLoader(PeerConnectionFactory.class)).run((context) -> {
			assertThat(context).hasNotFailed().doesNotHaveBean(Specter.class).doesNotHaveBean(SpecterFactory.class);
		});
	}

	@Test
	void badIceUrlFailsNamingTheProperty() {
		this.runner.withPropertyValues("specter.ice-servers=http://example.com").run((context) -> {
			assertThat(context).hasFailed();
			InvalidSpecterPropertyException failure = rootCause(context.getStartupFailure(),
					InvalidSpecterPropertyException.class);
			assertThat(failure.property()).isEqualTo("specter.ice-servers[0].urls");
			FailureAnalysis analysis = new SpecterPropertiesFailureAnalyzer().analyze(context.getStartupFailure());
			assertThat(analysis.getDescription()).contains("specter.ice-servers[0].urls").contains("stun:");
			assertThat(analysis.getAction()).contains("specter.ice-servers[0].urls");
		});
	}

	@Test
	void invertedPortRangeFailsNamingTheProperty() {
		this.runner.withPropertyValues("specter.port-range.min=60000", "specter.port-range.max=50000")
			.run((context) -> {
				assertThat(context).hasFailed();
				FailureAnalysis analysis = new SpecterPropertiesFailureAnalyzer().analyze(context.getStartupFailure());
				assertThat(analysis.getDescription()).contains("specter.port-range");
				assertThat(analysis.getAction()).contains("min <= specter.port-range.max");
			});
	}

	@Test
	void remoteIceRestartLimitBindsAndMustBePositive() {
		this.runner.withPropertyValues("specter.limits.remote-ice-restarts-per-minute=4")
			.run((context) -> assertThat(SpecterPropertiesMapper.settings(context.getBean(SpecterProperties.class))
				.remoteIceRestartsPerMinute()).isEqualTo(4));
		this.runner.withPropertyValues("specter.limits.remote-ice-restarts-per-minute=0").run((context) -> {
			assertThat(context).hasFailed();
			FailureAnalysis analysis = new SpecterPropertiesFailureAnalyzer().analyze(context.getStartupFailure());
			assertThat(analysis.getDescription()).contains("specter.limits").contains("at least 1");
			assertThat(analysis.getAction()).contains("remote-ice-restarts-per-minute >= 1");
		});
	}

	@Test
	void peerConnectionLimitsBindWithDocumentedDefaults() {
		this.runner.run((context) -> assertThat(
				SpecterPropertiesMapper.connectionLimits(context.getBean(SpecterProperties.class)))
			.isEqualTo(ConnectionLimits.DEFAULTS));
		this.runner
			.withPropertyValues("specter.limits.max-peer-connections=7", "specter.limits.failed-connection-timeout=2s",
					"specter.limits.connect-timeout=3m")
			.run((context) -> assertThat(
					SpecterPropertiesMapper.connectionLimits(context.getBean(SpecterProperties.class)))
				.isEqualTo(new ConnectionLimits(7, Duration.ofSeconds(2), Duration.ofMinutes(3))));
	}

	@ParameterizedTest
	@ValueSource(strings = { "max-peer-connections=0", "max-peer-connections=-1", "failed-connection-timeout=0s",
			"failed-connection-timeout=-5s", "connect-timeout=0ms", "connect-timeout=-1s" })
	void nonPositivePeerConnectionLimitsFailNamingTheProperty(String setting) {
		String property = "specter.limits." + setting.substring(0, setting.indexOf('='));
		this.runner.withPropertyValues("specter.limits." + setting).run((context) -> {
			assertThat(context).hasFailed();
			assertThat(rootCause(context.getStartupFailure(), InvalidSpecterPropertyException.class).property())
				.isEqualTo(property);
		});
	}

	@Test
	void turnWithoutCredentialsFails() {
		this.runner.withPropertyValues("specter.ice-servers=turn:turn.example:3478").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(rootCause(context.getStartupFailure(), InvalidSpecterPropertyException.class).fix())
				.contains("specter.ice-servers[0].username");
		});
	}

	@Test
	void unknownPolicyFailsNamingTheProperty() {
		this.runner.withPropertyValues("specter.ice-transport-policy=sometimes").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause().hasMessageContaining("sometimes");
			assertThat(context.getStartupFailure()).hasStackTraceContaining("specter.ice-transport-policy");
		});
	}

	@SuppressWarnings("unchecked")
	private static <T extends Throwable> T rootCause(Throwable failure, Class<T> type) {
		for (Throwable current = failure; current != null; current = current.getCause()) {
			if (type.isInstance(current)) {
				return (T) current;
			}
		}
		throw new AssertionError("no " + type.getSimpleName() + " in " + failure);
	}

	@Configuration(proxyBeanMethods = false)
	static class UserBeans {

		@Bean
		SpecterErrorHandler myHandler() {
			return (event, listener, failure) -> {
			};
		}

		@Bean
		Specter mySpecter(SpecterFactory factory) {
			return factory.create(SpecterConfig.ofUrls("stun:mine.example:3478"));
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserFactory {

		@Bean
		FixedFactory mySpecterFactory() {
			return new FixedFactory();
		}

		@Bean
		Specter specter() {
			return null;
		}

	}

	/**
	 * A fake factory: only to show back-off quickly; real factories are exercised by the
	 * ITs.
	 */
	static class FixedFactory implements SpecterFactory {

		@Override
		public Specter create(SpecterConfig config) {
			throw new UnsupportedOperationException();
		}

		@Override
		public Collection<Specter> instances() {
			return List.of();
		}

	}

}
