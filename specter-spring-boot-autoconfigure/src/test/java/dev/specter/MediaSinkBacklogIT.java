package dev.specter;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import dev.specter.event.RemoteTrackAdded;
import dev.specter.media.MediaSubscription;
import dev.specter.media.PlaybackOutcome;
import dev.specter.media.PlaybackResult;
import dev.specter.media.RtpCodecCapability;
import dev.specter.signaling.SessionDescription;
import dev.specter.test.Peers;
import dev.specter.test.SpecterIntegrationTest;
import dev.specter.test.SpecterIntegrationTestSupport;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A sink that stops taking received video frames keeps at most
 * {@code specter.media.max-queued-bytes} of them waiting (1 MiB here: 9 frames of
 * 320x240, where the mailbox alone keeps 30), the others dropped and counted, whatever
 * their size. Two real peer connections in one JVM, a file played at 30 fps. Runs in both
 * engine modes.
 */
@SpecterIntegrationTest(properties = "specter.media.max-queued-bytes=1MB")
class MediaSinkBacklogIT extends SpecterIntegrationTestSupport {

	private static final long MAX = 1024 * 1024;

	private final List<PeerConnectionId> opened = new ArrayList<>();

	private TrackId track;

	private final CountDownLatch release = new CountDownLatch(1);

	@AfterEach
	void close() {
		this.release.countDown();
		this.opened.forEach(this.specter::closePeerConnection);
		if (this.track != null) {
			this.specter.closeTrack(this.track);
		}
		this.events.clear();
	}

	@Test
	void aSlowSinkKeepsFramesUpToItsBoundInBytes() throws Exception {
		PeerConnectionId a = this.specter.newPeerConnection();
		PeerConnectionId b = this.specter.newPeerConnection();
		this.opened.add(a);
		this.opened.add(b);
		this.relay.link(this.specter, a, this.specter, b);
		this.track = this.specter.newTrack(RtpCodecCapability.of("video"), "camera", "specter");
		this.specter.addTrack(a, this.track).get(5, TimeUnit.SECONDS);
		SessionDescription offer = this.specter.createOffer(a).get(10, TimeUnit.SECONDS);
		this.specter.setLocalDescription(a, offer).get(10, TimeUnit.SECONDS);
		this.specter.setRemoteDescription(b, offer).get(10, TimeUnit.SECONDS);
		SessionDescription answer = this.specter.createAnswer(b).get(10, TimeUnit.SECONDS);
		this.specter.setLocalDescription(b, answer).get(10, TimeUnit.SECONDS);
		this.specter.setRemoteDescription(a, answer).get(10, TimeUnit.SECONDS);
		Peers.awaitConnected(this.events, a, b);
		RemoteTrackAdded remote = this.events.await(RemoteTrackAdded.class, b);
		CountDownLatch entered = new CountDownLatch(1);
		ConcurrentLinkedQueue<Integer> sizes = new ConcurrentLinkedQueue<>();
		MediaSubscription subscription = this.specter.receiveVideo(b, remote.track(), (frame) -> {
			sizes.add(frame.i420().length);
			entered.countDown();
			try {
				this.release.await(60, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		});
		PlaybackResult result = this.specter.playFromFileH264(this.track, MediaIT.BASELINE).get(30, TimeUnit.SECONDS);
		assertThat(result.outcome()).isEqualTo(PlaybackOutcome.COMPLETED);
		assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();
		// the last frames decoded
		Thread.sleep(2000);
		long droppedWhileBlocked = subscription.dropped();
		this.release.countDown();
		Awaitility.await("the waiting frames delivered")
			.atMost(Duration.ofSeconds(20))
			.pollDelay(Duration.ofSeconds(1))
			.until(() -> subscription.delivered() == sizes.size());
		List<Integer> delivered = List.copyOf(sizes);
		long waited = delivered.stream().skip(1).mapToLong(Integer::longValue).sum();
		System.out.printf("Slow video sink: %d frames of %s bytes delivered (%d bytes had waited), %d dropped%n",
				delivered.size(), delivered.get(0), waited, droppedWhileBlocked);
		assertThat(droppedWhileBlocked).isPositive();
		assertThat(waited).as("bytes of frames that waited for the sink").isLessThanOrEqualTo(MAX);
		assertThat(delivered.size()).isGreaterThan(1);
	}

}
