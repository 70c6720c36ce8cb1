package dev.specter.worker;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A connected pair of Unix domain sockets, for the tests of the framing between the
 * application and a worker.
 *
 * @param writing the connecting side
 * @param reading the accepted side
 */
record SocketPair(SocketChannel writing, SocketChannel reading) implements AutoCloseable {

	/**
	 * Connects a pair through a socket file, deleted once connected.
	 * @param socket where the socket file goes (it must not exist)
	 * @return the pair
	 */
	static SocketPair open(Path socket) throws IOException {
		try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
			server.bind(UnixDomainSocketAddress.of(socket));
			SocketChannel writing = SocketChannel.open(UnixDomainSocketAddress.of(socket));
			SocketChannel reading = server.accept();
			Files.deleteIfExists(socket);
			return new SocketPair(writing, reading);
		}
	}

	@Override
	public void close() throws IOException {
		this.writing.close();
		this.reading.close();
	}

}
