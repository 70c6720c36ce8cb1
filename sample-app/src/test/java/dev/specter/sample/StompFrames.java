package dev.specter.sample;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A raw STOMP 1.2 client over the JDK's WebSocket, for tests that need to send exactly
 * the frames a browser (or an attacker's script) would: frames are written by hand and
 * read as text.
 */
final class StompFrames implements WebSocket.Listener {

	static final String CLOSED = "(closed)";

	private final BlockingQueue<String> frames = new LinkedBlockingQueue<>();

	private final List<String> seen = new CopyOnWriteArrayList<>();

	private final StringBuilder partial = new StringBuilder();

	private final WebSocket socket;

	private StompFrames(HttpClient http, URI uri, Map<String, String> headers) {
		WebSocket.Builder builder = http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10));
		headers.forEach(builder::header);
		this.socket = builder.buildAsync(uri, this).join();
	}

	/**
	 * Opens the WebSocket (the handshake's failure is thrown as a
	 * {@code CompletionException}).
	 */
	static StompFrames open(HttpClient http, URI uri, Map<String, String> headers) {
		return new StompFrames(http, uri, headers);
	}

	void send(String command, Map<String, String> headers, String body) {
		StringBuilder frame = new StringBuilder(command).append('\n');
		headers.forEach((name, value) -> frame.append(name).append(':').append(value).append('\n'));
		frame.append('\n').append(body).append('\0');
		this.socket.sendText(frame, true).join();
	}

	/** The next frame other than a heart-beat, or {@code null} after the timeout. */
	String next(Duration timeout) throws InterruptedException {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (true) {
			String frame = this.frames.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
			if (frame == null || !frame.isBlank()) {
				if (frame != null) {
					this.seen.add(frame);
				}
				return frame;
			}
		}
	}

	/**
	 * The next frame that starts with the command, skipping others (or {@link #CLOSED}).
	 */
	String nextOf(String command, Duration timeout) throws InterruptedException {
		return nextMatching((frame) -> frame.startsWith(command + "\n"), timeout);
	}

	/**
	 * The next frame that matches, skipping others (or {@link #CLOSED}, or {@code null}).
	 */
	String nextMatching(Predicate<String> condition, Duration timeout) throws InterruptedException {
		long deadline = System.nanoTime() + timeout.toNanos();
		String frame;
		do {
			frame = next(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
		}
		while (frame != null && !condition.test(frame) && !frame.equals(CLOSED));
		return frame;
	}

	/** A frame already read (by any method) or read now that matches, or {@code null}. */
	String seenOrNext(Predicate<String> condition, Duration timeout) throws InterruptedException {
		for (String frame : this.seen) {
			if (condition.test(frame)) {
				return frame;
			}
		}
		String frame = nextMatching(condition, timeout);
		return (frame != null && condition.test(frame)) ? frame : null;
	}

	void close() {
		this.socket.abort();
	}

	@Override
	public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
		this.partial.append(data);
		if (last) {
			String text = this.partial.toString();
			this.partial.setLength(0);
			for (String frame : text.split("\0", -1)) {
				if (!frame.isEmpty()) {
					this.frames.add(frame);
				}
			}
		}
		webSocket.request(1);
		return null;
	}

	@Override
	public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
		this.frames.add(CLOSED);
		return CompletableFuture.completedFuture(null);
	}

	@Override
	public void onError(WebSocket webSocket, Throwable error) {
		this.frames.add(CLOSED);
	}

}
