package dev.specter.webrtc;

import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Events per second from the native message callback to a {@code @SpecterListener}, with
 * per-connection ordering checked on every event: one batch fires {@value #BATCH}
 * callbacks round-robin over {@code connections} and waits until the listener has seen
 * all of them.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class DispatchBenchmark {

	public static final int BATCH = 2000;

	@Param({ "1", "8" })
	public int connections;

	DispatchFixture fixture;

	@Setup(Level.Trial)
	public void setUp() {
		this.fixture = new DispatchFixture(this.connections);
	}

	@TearDown(Level.Trial)
	public void tearDown() {
		DispatchFixture f = this.fixture;
		f.close();
		System.out.println("dispatch check: received=" + f.received() + " outOfOrder=" + f.outOfOrder() + " dropped="
				+ f.dropped());
		if (f.outOfOrder() != 0 || f.dropped() != 0) {
			throw new IllegalStateException(
					"per-connection order broken (" + f.outOfOrder() + ") or events dropped (" + f.dropped() + ")");
		}
	}

	@Benchmark
	@OperationsPerInvocation(BATCH)
	public void starter() {
		this.fixture.starterBatch(BATCH);
	}

	@Benchmark
	@OperationsPerInvocation(BATCH)
	public void raw() {
		this.fixture.rawBatch(BATCH);
	}

}
