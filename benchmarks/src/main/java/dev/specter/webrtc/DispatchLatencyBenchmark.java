package dev.specter.webrtc;

import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Latency of one event on an idle connection: fire the native message callback, spin
 * until the {@code @SpecterListener} has handled it (the dispatch thread is parked
 * between events, as it is for sporadic traffic). The raw baseline handles the message
 * inline, so the difference is the latency the starter adds per event.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class DispatchLatencyBenchmark {

	DispatchFixture fixture;

	@Setup(Level.Trial)
	public void setUp() {
		this.fixture = new DispatchFixture(1);
	}

	@TearDown(Level.Trial)
	public void tearDown() {
		this.fixture.close();
		if (this.fixture.outOfOrder() != 0 || this.fixture.dropped() != 0) {
			throw new IllegalStateException("order broken or events dropped");
		}
	}

	@Benchmark
	public void starter() {
		this.fixture.starterOne();
	}

	@Benchmark
	public void raw() {
		this.fixture.rawOne();
	}

}
