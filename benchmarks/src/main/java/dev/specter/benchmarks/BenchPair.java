package dev.specter.benchmarks;

import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * Two connected peer connections, offerer A and answerer B, with an open data channel. B
 * echoes every text message back to A; B counts binary bytes for the throughput test.
 */
interface BenchPair {

	/** Nanoseconds from "new connection" to the data channel open on both sides. */
	long setupNanos();

	/**
	 * Where the set-up time went: nanoseconds from the start to the end of the
	 * offer/answer exchange, to A's channel open and to B's channel open.
	 */
	long[] setupStages();

	/** Sends a text message from A to B (B echoes it back to A). */
	void send(String text);

	/** Sets what A does with each text message it receives (the echoes). */
	void onReply(Consumer<String> handler);

	/**
	 * Arms B: the future completes when B has received {@code bytes} binary bytes from
	 * now on.
	 */
	CompletableFuture<Void> expectBulk(long bytes);

	/**
	 * Sends a binary payload from A to B, in 64 KiB chunks with a 1 MiB high watermark.
	 */
	void sendBulk(byte[] payload) throws Exception;

	void close();

}
