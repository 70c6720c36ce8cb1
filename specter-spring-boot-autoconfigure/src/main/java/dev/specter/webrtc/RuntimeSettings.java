package dev.specter.webrtc;

import java.time.Duration;

/**
 * Settings shared by every Specter instance of an application.
 *
 * @param operationTimeout how long an asynchronous operation may take before its future
 * fails
 * @param maxSdpBytes the largest SDP accepted
 * @param maxCandidateBytes the largest candidate line accepted
 * @param maxLabelBytes the largest data channel label accepted
 * @param maxMessageBytes the largest payload accepted by one send call
 * @param chunkBytes the largest single data-channel message; bigger payloads are split
 * @param highWatermarkBytes bytes queued in the engine above which sending pauses
 * @param lowWatermarkBytes bytes queued at or below which sending resumes and a
 * buffered-amount-low event is published
 * @param remoteIceRestartsPerMinute how many ICE restarts a remote peer may start on one
 * connection per minute (in bursts of up to 3); more are refused with LIMIT_EXCEEDED
 * @param maxQueuedBytes bytes one data channel may hold back beyond the engine's buffer;
 * a send that would queue more fails with LIMIT_EXCEEDED (a single message is accepted
 * into an empty queue whatever its size); also the bytes of received messages one
 * connection keeps waiting for its listeners ({@link ReceivedMessages})
 * @param maxQueuedBytesTotal bytes of received messages all the connections of one
 * Specter instance keep waiting for their listeners together ({@link ReceivedBytes}); a
 * connection with nothing waiting may always take one message beyond it
 * @param maxSinkQueuedBytes bytes of received video frames or audio one sink subscription
 * keeps waiting ({@link SinkBacklog}); a frame arriving into an empty backlog always fits
 */
public record RuntimeSettings(Duration operationTimeout, int maxSdpBytes, int maxCandidateBytes, int maxLabelBytes,
		long maxMessageBytes, int chunkBytes, long highWatermarkBytes, long lowWatermarkBytes,
		int remoteIceRestartsPerMinute, long maxQueuedBytes, long maxQueuedBytesTotal, long maxSinkQueuedBytes) {

	/** The default of {@link #remoteIceRestartsPerMinute()}. */
	public static final int DEFAULT_REMOTE_ICE_RESTARTS_PER_MINUTE = 10;

	/** The default of {@link #maxQueuedBytes()}: 16 MiB. */
	public static final long DEFAULT_MAX_QUEUED_BYTES = 16L * 1024 * 1024;

	/** The default of {@link #maxQueuedBytesTotal()}: 256 MiB. */
	public static final long DEFAULT_MAX_QUEUED_BYTES_TOTAL = 256L * 1024 * 1024;

	/** The default of {@link #maxSinkQueuedBytes()}: 64 MiB. */
	public static final long DEFAULT_MAX_SINK_QUEUED_BYTES = 64L * 1024 * 1024;

	/**
	 * Defaults: 10 s timeout, 256 KiB SDP, 2 KiB candidate, 65535 B label, 256 MiB
	 * message, 64 KiB chunks, 1 MiB / 256 KiB watermarks, 10 remote ICE restarts a
	 * minute, 16 MiB queued per data channel, 256 MiB of received messages waiting per
	 * Specter instance, 64 MiB of received media waiting per sink.
	 */
	public static final RuntimeSettings DEFAULTS = new RuntimeSettings(Duration.ofSeconds(10), 256 * 1024, 2048, 65535,
			256L * 1024 * 1024, 64 * 1024, 1024 * 1024, 256 * 1024);

	/**
	 * Settings with the default limit of remote ICE restarts.
	 * @param operationTimeout the timeout
	 * @param maxSdpBytes the SDP limit
	 * @param maxCandidateBytes the candidate limit
	 * @param maxLabelBytes the label limit
	 * @param maxMessageBytes the message limit
	 * @param chunkBytes the chunk size
	 * @param highWatermarkBytes the high watermark
	 * @param lowWatermarkBytes the low watermark
	 */
	public RuntimeSettings(Duration operationTimeout, int maxSdpBytes, int maxCandidateBytes, int maxLabelBytes,
			long maxMessageBytes, int chunkBytes, long highWatermarkBytes, long lowWatermarkBytes) {
		this(operationTimeout, maxSdpBytes, maxCandidateBytes, maxLabelBytes, maxMessageBytes, chunkBytes,
				highWatermarkBytes, lowWatermarkBytes, DEFAULT_REMOTE_ICE_RESTARTS_PER_MINUTE);
	}

	/**
	 * Settings with the default bound of queued data-channel bytes.
	 * @param operationTimeout the timeout
	 * @param maxSdpBytes the SDP limit
	 * @param maxCandidateBytes the candidate limit
	 * @param maxLabelBytes the label limit
	 * @param maxMessageBytes the message limit
	 * @param chunkBytes the chunk size
	 * @param highWatermarkBytes the high watermark
	 * @param lowWatermarkBytes the low watermark
	 * @param remoteIceRestartsPerMinute the remote ICE restart limit
	 */
	public RuntimeSettings(Duration operationTimeout, int maxSdpBytes, int maxCandidateBytes, int maxLabelBytes,
			long maxMessageBytes, int chunkBytes, long highWatermarkBytes, long lowWatermarkBytes,
			int remoteIceRestartsPerMinute) {
		this(operationTimeout, maxSdpBytes, maxCandidateBytes, maxLabelBytes, maxMessageBytes, chunkBytes,
				highWatermarkBytes, lowWatermarkBytes, remoteIceRestartsPerMinute, DEFAULT_MAX_QUEUED_BYTES);
	}

	/**
	 * Settings with the default total of received bytes waiting.
	 * @param operationTimeout the timeout
	 * @param maxSdpBytes the SDP limit
	 * @param maxCandidateBytes the candidate limit
	 * @param maxLabelBytes the label limit
	 * @param maxMessageBytes the message limit
	 * @param chunkBytes the chunk size
	 * @param highWatermarkBytes the high watermark
	 * @param lowWatermarkBytes the low watermark
	 * @param remoteIceRestartsPerMinute the remote ICE restart limit
	 * @param maxQueuedBytes the bound of queued data-channel bytes
	 */
	public RuntimeSettings(Duration operationTimeout, int maxSdpBytes, int maxCandidateBytes, int maxLabelBytes,
			long maxMessageBytes, int chunkBytes, long highWatermarkBytes, long lowWatermarkBytes,
			int remoteIceRestartsPerMinute, long maxQueuedBytes) {
		this(operationTimeout, maxSdpBytes, maxCandidateBytes, maxLabelBytes, maxMessageBytes, chunkBytes,
				highWatermarkBytes, lowWatermarkBytes, remoteIceRestartsPerMinute, maxQueuedBytes,
				DEFAULT_MAX_QUEUED_BYTES_TOTAL);
	}

	/**
	 * Settings with the default bound of received media waiting per sink.
	 * @param operationTimeout the timeout
	 * @param maxSdpBytes the SDP limit
	 * @param maxCandidateBytes the candidate limit
	 * @param maxLabelBytes the label limit
	 * @param maxMessageBytes the message limit
	 * @param chunkBytes the chunk size
	 * @param highWatermarkBytes the high watermark
	 * @param lowWatermarkBytes the low watermark
	 * @param remoteIceRestartsPerMinute the remote ICE restart limit
	 * @param maxQueuedBytes the bound of queued data-channel bytes
	 * @param maxQueuedBytesTotal the total of received bytes waiting in one Specter
	 * instance
	 */
	public RuntimeSettings(Duration operationTimeout, int maxSdpBytes, int maxCandidateBytes, int maxLabelBytes,
			long maxMessageBytes, int chunkBytes, long highWatermarkBytes, long lowWatermarkBytes,
			int remoteIceRestartsPerMinute, long maxQueuedBytes, long maxQueuedBytesTotal) {
		this(operationTimeout, maxSdpBytes, maxCandidateBytes, maxLabelBytes, maxMessageBytes, chunkBytes,
				highWatermarkBytes, lowWatermarkBytes, remoteIceRestartsPerMinute, maxQueuedBytes, maxQueuedBytesTotal,
				DEFAULT_MAX_SINK_QUEUED_BYTES);
	}

	/**
	 * Validates the settings.
	 * @param operationTimeout the timeout
	 * @param maxSdpBytes the SDP limit
	 * @param maxCandidateBytes the candidate limit
	 * @param maxLabelBytes the label limit
	 * @param maxMessageBytes the message limit
	 * @param chunkBytes the chunk size
	 * @param highWatermarkBytes the high watermark
	 * @param lowWatermarkBytes the low watermark
	 * @param remoteIceRestartsPerMinute the remote ICE restart limit
	 * @param maxQueuedBytes the bound of queued data-channel bytes
	 * @param maxQueuedBytesTotal the total of received bytes waiting in one Specter
	 * instance
	 * @param maxSinkQueuedBytes the bound of received media waiting per sink
	 */
	public RuntimeSettings {
		if (operationTimeout == null || operationTimeout.isNegative() || operationTimeout.isZero()) {
			throw new IllegalArgumentException("operation timeout must be positive");
		}
		if (chunkBytes < 1 || chunkBytes > 256 * 1024) {
			throw new IllegalArgumentException("chunk size must be between 1 B and 256 KiB");
		}
		if (highWatermarkBytes < chunkBytes || highWatermarkBytes > 8L * 1024 * 1024) {
			throw new IllegalArgumentException("high watermark must be between the chunk size and 8 MiB");
		}
		if (lowWatermarkBytes < 0 || lowWatermarkBytes > highWatermarkBytes) {
			throw new IllegalArgumentException("low watermark must be between 0 and the high watermark");
		}
		if (remoteIceRestartsPerMinute < 1) {
			throw new IllegalArgumentException("remote ICE restarts per minute must be at least 1");
		}
		if (maxQueuedBytes < 1) {
			throw new IllegalArgumentException("max queued bytes must be positive");
		}
		if (maxQueuedBytesTotal < 1) {
			throw new IllegalArgumentException("max queued bytes total must be positive");
		}
		if (maxSinkQueuedBytes < 1) {
			throw new IllegalArgumentException("max sink queued bytes must be positive");
		}
	}

}
