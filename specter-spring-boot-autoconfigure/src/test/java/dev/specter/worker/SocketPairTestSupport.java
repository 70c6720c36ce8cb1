package dev.specter.worker;

import java.nio.channels.SocketChannel;
import java.nio.file.Path;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tests of the framing over a real Unix domain socket: a connected {@link SocketPair}
 * for each test, closed after it.
 */
abstract class SocketPairTestSupport {

	@TempDir
	Path directory;

	/** The connecting side of the test's pair. */
	SocketChannel writing;

	/** The accepted side of the test's pair. */
	SocketChannel reading;

	private SocketPair sockets;

	@BeforeEach
	void connect() throws Exception {
		this.sockets = SocketPair.open(this.directory.resolve("frames.sock"));
		this.writing = this.sockets.writing();
		this.reading = this.sockets.reading();
	}

	@AfterEach
	void close() throws Exception {
		this.sockets.close();
	}

}
