package dev.specter.worker;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import dev.specter.ErrorCode;
import dev.specter.InvalidInputException;
import dev.specter.event.DataChannelBufferedAmountLow;
import dev.specter.test.ConnectedPair;
import dev.specter.test.SpecterIntegrationTest;
import dev.specter.test.SpecterIntegrationTestSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A send that worker mode refuses before it reaches the worker (the bytes on their way
 * would exceed {@code specter.data-channel.max-queued-bytes}) is followed, as a refused
 * send in process is, by {@link DataChannelBufferedAmountLow} once the channel has
 * drained: the refusal tells the caller to wait for it. Here the engine's own buffer
 * never passes the low watermark (two 40 KiB messages against 256 KiB), so without the
 * request the application sends the worker, no such event would ever come.
 */
@SpecterIntegrationTest(properties = { "specter.engine.isolation=workers", "specter.engine.workers=1",
		"specter.data-channel.max-queued-bytes=64KB" })
class WorkerSendBoundIT extends SpecterIntegrationTestSupport {

	private static final int MESSAGE = 40 * 1024;

	private ConnectedPair pair;

	@AfterEach
	void close() {
		if (this.pair != null) {
			this.pair.close();
		}
		this.events.clear();
	}

	@Test
	void aSendRefusedOnItsWayToTheWorkerIsFollowedByBufferedAmountLow() throws Exception {
		this.pair = ConnectedPair.open(this.specter, this.events, this.relay);
		InvalidInputException refusal = null;
		for (int attempt = 0; attempt < 100 && refusal == null; attempt++) {
			CompletableFuture<Void> first = this.specter.sendBinary(this.pair.a(), this.pair.channelA(),
					new byte[MESSAGE]);
			CompletableFuture<Void> second = this.specter.sendBinary(this.pair.a(), this.pair.channelA(),
					new byte[MESSAGE]);
			first.get(10, TimeUnit.SECONDS);
			try {
				second.get(10, TimeUnit.SECONDS);
			}
			catch (ExecutionException ex) {
				assertThat(ex.getCause()).isInstanceOf(InvalidInputException.class);
				refusal = (InvalidInputException) ex.getCause();
			}
		}
		assertThat(refusal).as("a send refused while the one before it was on its way").isNotNull();
		assertThat(refusal.code()).isEqualTo(ErrorCode.LIMIT_EXCEEDED);
		assertThat(refusal.getMessage()).contains("on their way to its worker")
			.contains("DataChannelBufferedAmountLow");
		DataChannelBufferedAmountLow low = this.events.await(DataChannelBufferedAmountLow.class, this.pair.a());
		assertThat(low.channel()).isEqualTo(this.pair.channelA());
		assertThat(low.bufferedAmount()).isLessThanOrEqualTo(256 * 1024);
	}

}
