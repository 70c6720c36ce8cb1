package dev.specter.benchmarks;

import java.util.concurrent.CompletableFuture;

/**
 * One way of driving WebRTC in this JVM: through the starter ({@link StarterSide}) or
 * through raw webrtc-java ({@link RawSide}). Every measurement is written once against
 * this interface, so both sides run exactly the same workload.
 */
interface Side extends AutoCloseable {

	/** "starter" or "raw". */
	String name();

	/**
	 * Starts setting up a pair of peer connections in this JVM with a reliable, ordered
	 * data channel created by the offerer. The clock starts inside this call, before the
	 * first connection is created; the future completes when the channel is open on both
	 * sides.
	 */
	CompletableFuture<BenchPair> openPair();

	/** Local ICE candidates gathered so far, all connections together (diagnostic). */
	long candidatesGathered();

	@Override
	void close();

}
