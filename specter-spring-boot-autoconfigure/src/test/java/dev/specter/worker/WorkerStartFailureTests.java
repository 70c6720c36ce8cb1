package dev.specter.worker;

import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletionException;

import dev.specter.ErrorCode;
import dev.specter.NativeLibraryUnavailableException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A worker whose native library cannot load tells the application why over a real Unix
 * domain socket, and the application rebuilds the same failure, missing package included;
 * the workers' resources cross the protocol unchanged.
 */
class WorkerStartFailureTests {

	@TempDir
	Path directory;

	@Test
	void theFailureAndItsMissingPackageCrossTheSocket() throws Exception {
		NativeLibraryUnavailableException sent = new NativeLibraryUnavailableException(
				"webrtc-java's native library cannot load: libpulse.so.0 is missing", "libpulse0", null);
		NativeLibraryUnavailableException read = roundTrip(sent);
		assertThat(read.getMessage()).isEqualTo(sent.getMessage());
		assertThat(read.missingPackage()).isEqualTo("libpulse0");
		assertThat(read.code()).isEqualTo(ErrorCode.NATIVE_UNAVAILABLE);
		assertThat(roundTrip(new NativeLibraryUnavailableException("no classifier jar", null, null)).missingPackage())
			.isNull();
	}

	@Test
	void theFailureIsFoundAmongTheCausesOfAFailedStart() {
		NativeLibraryUnavailableException cause = new NativeLibraryUnavailableException("missing", "libpulse0", null);
		assertThat(WorkerStartFailure.find(new CompletionException(new IllegalStateException(cause)))).isSameAs(cause);
		assertThat(WorkerStartFailure.find(new CompletionException(new IllegalStateException("other")))).isNull();
	}

	@Test
	void workerResourcesKeepEveryCount() {
		WorkerResources resources = new WorkerResources(3, 5, 7, 7 * 70 * 1024, 2, 2, 1, 1, 4);
		Object read = WorkerCodec.convert(WorkerCodec.tree(WorkerCodec.write(resources)), WorkerResources.class);
		assertThat(read).isEqualTo(resources);
		assertThat(resources.plus(resources)).isEqualTo(new WorkerResources(6, 10, 14, 14 * 70 * 1024, 4, 4, 2, 2, 8));
	}

	private NativeLibraryUnavailableException roundTrip(NativeLibraryUnavailableException failure) throws Exception {
		Path socket = this.directory.resolve("s" + System.nanoTime());
		try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
			server.bind(UnixDomainSocketAddress.of(socket));
			try (SocketChannel worker = SocketChannel.open(UnixDomainSocketAddress.of(socket));
					SocketChannel application = server.accept()) {
				Frames.Writer writer = new Frames.Writer(worker, "test-writer");
				WorkerStartFailure.send(writer, failure);
				Frames.Frame frame = new Frames.Reader(application).read();
				assertThat(frame.type()).isEqualTo(Frames.ERROR);
				writer.close();
				return WorkerStartFailure.read(frame);
			}
		}
		finally {
			Files.deleteIfExists(socket);
		}
	}

}
