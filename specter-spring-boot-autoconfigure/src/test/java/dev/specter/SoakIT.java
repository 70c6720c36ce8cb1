package dev.specter;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

import dev.onvoid.webrtc.PeerConnectionFactory;
import dev.onvoid.webrtc.media.audio.HeadlessAudioDeviceModule;
import dev.specter.event.PeerConnectionClosed;
import dev.specter.test.ConnectedPair;
import dev.specter.test.EngineResources;
import dev.specter.test.RawWebrtcPair;
import dev.specter.test.SpecterIntegrationTest;
import dev.specter.test.SpecterIntegrationTestSupport;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Create → connect → exchange → close cycles through Specter, then the same through raw
 * webrtc-java in the same JVM. Java threads return to their baseline, the heap does not
 * grow, Specter holds no closed connection, and native memory growth per cycle is
 * measured for both. The normal run does {@code specter.soak.cycles} = 100 cycles of
 * each; the full soak is {@code -Dspecter.soak.cycles=5000}.
 */
@SpecterIntegrationTest
class SoakIT extends SpecterIntegrationTestSupport {

	private static final int CYCLES = Integer.getInteger("specter.soak.cycles", 100);

	private static final int WARM_UP = 20;

	private final SpecterFactory factory;

	SoakIT(SpecterFactory factory) {
		this.factory = factory;
	}

	@Test
	void cyclesLeaveNothingBehind() throws Exception {
		// The context is shared with other ITs: measure against what exists now.
		var connectionsBefore = this.specter.peerConnections();
		EngineResources resourcesBefore = EngineResources.of(this.factory);
		int linksBefore = this.relay.size();
		for (int i = 0; i < WARM_UP; i++) {
			specterCycle();
		}
		Snapshot before = Snapshot.take();
		for (int i = 0; i < CYCLES; i++) {
			specterCycle();
		}
		Snapshot after = Snapshot.take();

		PeerConnectionFactory raw = new PeerConnectionFactory(new HeadlessAudioDeviceModule());
		try {
			for (int i = 0; i < WARM_UP; i++) {
				RawWebrtcPair.cycle(raw);
			}
			Snapshot rawBefore = Snapshot.take();
			for (int i = 0; i < CYCLES; i++) {
				RawWebrtcPair.cycle(raw);
			}
			Snapshot rawAfter = Snapshot.take();
			double specterPerCycle = (after.rssKb - before.rssKb) / (double) CYCLES;
			double rawPerCycle = (rawAfter.rssKb - rawBefore.rssKb) / (double) CYCLES;
			System.out.printf(
					"Soak %d cycles: native RSS growth per cycle: Specter %.1f KB, raw webrtc-java %.1f KB; "
							+ "threads %d -> %d; heap after GC %d KB -> %d KB; retained estimate %d KB%n",
					CYCLES, specterPerCycle, rawPerCycle, before.threads, after.threads, before.heapKb, after.heapKb,
					EngineResources.of(this.factory).retainedNativeBytesEstimate() / 1024);
		}
		finally {
			raw.dispose();
		}
		assertThat(after.threads).as("live Java threads").isLessThanOrEqualTo(before.threads + 2);
		// 2 MB of slack for caches that settle, then at most 1 KB per cycle. Before
		// observers were
		// detached from closed connections, webrtc-java's observer references kept ~3 KB
		// per cycle.
		assertThat(after.heapKb - before.heapKb).as("heap growth after GC, KB").isLessThan(2048 + CYCLES);
		assertThat(this.specter.peerConnections()).isEqualTo(connectionsBefore);
		EngineResources resourcesAfter = EngineResources.of(this.factory);
		assertThat(resourcesAfter.openConnections()).isEqualTo(resourcesBefore.openConnections());
		assertThat(resourcesAfter.openDataChannels()).isEqualTo(resourcesBefore.openDataChannels());
		assertThat(this.relay.size()).isEqualTo(linksBefore);
		assertThat(resourcesAfter.closedConnections() - resourcesBefore.closedConnections())
			.isEqualTo(2L * (WARM_UP + CYCLES));
	}

	private void specterCycle() throws Exception {
		ConnectedPair pair = ConnectedPair.open(this.specter, this.events, this.relay);
		pair.roundTrip(this.events, "ping");
		pair.close();
		this.events.await(PeerConnectionClosed.class, pair.b());
		this.events.clear();
	}

	private record Snapshot(int threads, long heapKb, long rssKb) {

		static Snapshot take() throws Exception {
			for (int i = 0; i < 3; i++) {
				System.gc();
				Thread.sleep(100);
			}
			long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / 1024;
			long rss = Files.readAllLines(Path.of("/proc/self/status"))
				.stream()
				.filter((line) -> line.startsWith("VmRSS:"))
				.map((line) -> Long.parseLong(line.replaceAll("[^0-9]", "")))
				.findFirst()
				.orElseThrow();
			return new Snapshot(ManagementFactory.getThreadMXBean().getThreadCount(), heap, rss);
		}

	}

}
