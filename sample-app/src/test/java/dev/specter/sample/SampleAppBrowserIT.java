package dev.specter.sample;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.specter.PeerConnectionId;
import dev.specter.Specter;
import dev.specter.TrackId;
import dev.specter.signaling.ConnectionState;
import dev.specter.stats.IceStats;
import dev.specter.stomp.StompOwner;
import dev.specter.stomp.StompOwnership;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WindowType;
import org.openqa.selenium.support.ui.WebDriverWait;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sample page in a real headless Chromium (Debian's chromium and chromium-driver)
 * against the running application: Chromium logs in through the login form, the page
 * negotiates over STOMP (@stomp/stompjs from its WebJar, with the session's CSRF token in
 * CONNECT), the data channel opens, a chat message is echoed by the server and relayed to
 * a second page in the same room, the events panel shows the connection reaching
 * {@code connected}, and the traffic chart gets samples.
 * <p>
 * Chromium is left with its default of hiding host candidates behind mDNS {@code .local}
 * names, which the server cannot resolve: the test checks that the page only signalled
 * such names and connected anyway, through the server's host candidates and
 * peer-reflexive discovery of the page's address.
 * <p>
 * The server offers each page a video track once its connection is up and plays an H.264
 * file on it in a loop: the page's {@code <video>} gets a size and the page's own
 * {@code getStats} counts decoded frames, more than the file has (so the loop restarted).
 * A screenshot of the page is written to {@code docs/sample-app.png}.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class SampleAppBrowserIT {

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	private final int port;

	private final Specter specter;

	private final VideoPlayer videoPlayer;

	private final StompOwnership ownership;

	private HeadlessChromium chromium;

	private WebDriver driver;

	@Autowired
	SampleAppBrowserIT(@LocalServerPort int port, Specter specter, VideoPlayer videoPlayer, StompOwnership ownership) {
		this.port = port;
		this.specter = specter;
		this.videoPlayer = videoPlayer;
		this.ownership = ownership;
	}

	@BeforeEach
	void startChromium() throws Exception {
		this.chromium = new HeadlessChromium();
		this.driver = this.chromium.driver();
	}

	@AfterEach
	void stopChromium() throws Exception {
		if (this.chromium != null) {
			this.chromium.close();
		}
	}

	@Test
	void pageConnectsOverWebRtcAndChatsOverADataChannel() throws Exception {
		logIn();
		String ada = this.driver.getWindowHandle();
		PeerConnectionId adaConnection = openAndConnect("Ada");
		assertThat(this.specter.connectionState(adaConnection)).isEqualTo(ConnectionState.CONNECTED);

		send("hello from chromium");
		waitForText("chat-log", "echo: hello from chromium");

		// The events panel shows the relayed events of this page's connection.
		waitForText("events", "ConnectionStateChanged connected");
		waitForText("events", "DataChannelReceived");
		waitForText("events", "IceCandidateGathered candidate:");

		// Chromium hid its host candidates behind mDNS names: only .local addresses were
		// signalled.
		List<?> sent = (List<?>) script("return window.sample.sentCandidates;");
		assertThat(sent).isNotEmpty().allSatisfy((candidate) -> assertThat((String) candidate).contains(".local"));
		// The server reached the page through a pair whose remote end it discovered from
		// the
		// page's connectivity checks (peer-reflexive), not from a signalled candidate.
		IceStats ice = this.specter.getIceStats(adaConnection).get(10, TimeUnit.SECONDS);
		assertThat(ice.candidatePairs()).as(ice.toString())
			.anyMatch((pair) -> "succeeded".equals(pair.state()) && "prflx".equals(pair.remoteType()));
		// Nothing went wrong on the way: no signaling error, no failed operation.
		assertNoFailures();

		// A second page in the same room gets Ada's messages relayed by the server, and
		// she gets its.
		this.driver.switchTo().newWindow(WindowType.TAB);
		String bob = this.driver.getWindowHandle();
		openAndConnect("Bob");
		waitForText("chat-log", "Ada");
		send("hi Ada");
		waitForText("chat-log", "echo: hi Ada");
		this.driver.switchTo().window(ada);
		waitForText("chat-log", "Bob: hi Ada");
		// Both tabs are the same logged-in user: Ada's page gets the events of Bob's
		// connection too,
		// and counts it as the user's other connection instead of mixing it into its own.
		waitForText("others", "1 (");
		assertThat(script("return Object.keys(window.sample.otherConnections).length;")).isEqualTo(1L);
		assertThat(script("return Object.keys(window.sample.otherConnections).includes(window.sample.pcId);"))
			.isEqualTo(false);

		// The server's getStats reports reach the chart.
		new WebDriverWait(this.driver, TIMEOUT)
			.until((d) -> ((Number) script("return window.sample.statsSamples;")).intValue() >= 4);

		// The server offered a video track (OfferCreated, answered by the page) and plays
		// the H.264
		// clip on it, re-encoded as VP8. The clip has 90 frames: more decoded frames mean
		// it looped.
		long start = System.nanoTime();
		Map<?, ?> video = new WebDriverWait(this.driver, TIMEOUT).until((d) -> {
			Map<?, ?> stats = videoStats();
			return (((Number) stats.get("framesDecoded")).longValue() > 120) ? stats : null;
		});
		System.out.printf("Video in the page after %d ms more: %s%n", (System.nanoTime() - start) / 1_000_000, video);
		assertThat(((Number) video.get("videoWidth")).intValue()).as(video.toString()).isGreaterThan(0);
		assertThat(((Number) video.get("videoHeight")).intValue()).as(video.toString()).isGreaterThan(0);
		assertThat(video.get("codec")).as(video.toString()).isEqualTo("video/VP8");
		// The element itself went through frames, not only the decoder.
		assertThat(((Number) video.get("framesShown")).longValue()).as(video.toString()).isGreaterThan(30);
		waitForText("events", "OfferCreated");
		assertNoFailures();
		// Bob's page, in the background tab, gets its own video too.
		this.driver.switchTo().window(bob);
		Map<?, ?> bobVideo = videoStats();
		System.out.printf("Video in Bob's page: %s%n", bobVideo);
		assertThat(((Number) bobVideo.get("framesDecoded")).longValue()).as(bobVideo.toString()).isGreaterThan(0);
		this.driver.switchTo().window(ada);

		File screenshot = ((TakesScreenshot) this.driver).getScreenshotAs(OutputType.FILE);
		Path docs = Path.of("..", "docs").toAbsolutePath().normalize();
		if (Files.isRegularFile(docs.resolveSibling("pom.xml"))) {
			Files.createDirectories(docs);
			Files.copy(screenshot.toPath(), docs.resolve("sample-app.png"), StandardCopyOption.REPLACE_EXISTING);
		}
		assertThat(screenshot.length()).isGreaterThan(10_000);

		// Disconnecting closes the connection, which stops the clip and closes the
		// server's track.
		TrackId adaTrack = this.videoPlayer.track(adaConnection);
		assertThat(adaTrack).isNotNull();
		assertThat(this.specter.trackExists(adaTrack)).isTrue();
		this.driver.findElement(By.id("disconnect")).click();
		Awaitility.await().atMost(TIMEOUT).until(() -> !this.specter.trackExists(adaTrack));
		assertThat(this.videoPlayer.track(adaConnection)).isNull();
	}

	/**
	 * A reconnect of the STOMP client (the WebSocket dropped) negotiates a new peer
	 * connection: the server closed the old one with the session, the page subscribes
	 * again and connects anew.
	 */
	@Test
	void pageReconnectsAfterTheWebSocketDrops() throws Exception {
		logIn();
		PeerConnectionId first = openAndConnect("Ada");
		assertThat(script("return window.sample.user;")).isEqualTo(DemoLogin.ADA);
		assertThat(this.ownership.ownerOf(first)).get().extracting(StompOwner::user).isEqualTo(DemoLogin.ADA);
		waitForText("stomp-state", "connected");

		// Drops the WebSocket as a network failure would (no DISCONNECT frame).
		script("window.sample.stomp.forceDisconnect();");
		new WebDriverWait(this.driver, TIMEOUT)
			.until((d) -> "connected (reconnected)".equals(d.findElement(By.id("stomp-state")).getText()));
		new WebDriverWait(this.driver, TIMEOUT).until((d) -> {
			Object id = script("return window.sample.pcId;");
			return id != null && !id.equals(first.toString());
		});
		new WebDriverWait(this.driver, TIMEOUT).until((d) -> "open".equals(d.findElement(By.id("dc-state")).getText()));
		PeerConnectionId second = PeerConnectionId.of((String) script("return window.sample.pcId;"));
		Awaitility.await().atMost(TIMEOUT).until(() -> !this.specter.peerConnectionExists(first));
		assertThat(this.specter.connectionState(second)).isEqualTo(ConnectionState.CONNECTED);
		send("after the reconnect");
		waitForText("chat-log", "echo: after the reconnect");
		assertNoFailures();
	}

	/**
	 * The page needs a login: Chromium is sent to the login form, and back to the page
	 * after it.
	 */
	private void logIn() {
		// Back to the page afterwards (Spring Security's saved request: "/?continue").
		this.chromium.openAndLogIn("http://127.0.0.1:" + this.port, DemoLogin.ADA, DemoLogin.ADA_PASSWORD);
	}

	private PeerConnectionId openAndConnect(String name) {
		this.driver.get("http://127.0.0.1:" + this.port + "/");
		this.driver.findElement(By.id("name")).clear();
		this.driver.findElement(By.id("name")).sendKeys(name);
		this.driver.findElement(By.id("connect")).click();
		new WebDriverWait(this.driver, TIMEOUT).until((d) -> "open".equals(d.findElement(By.id("dc-state")).getText()));
		new WebDriverWait(this.driver, TIMEOUT)
			.until((d) -> "connected".equals(d.findElement(By.id("pc-state")).getText()));
		return PeerConnectionId.of((String) script("return window.sample.pcId;"));
	}

	private void send(String text) {
		this.driver.findElement(By.id("chat-input")).sendKeys(text);
		this.driver.findElement(By.id("chat-send")).click();
	}

	private void waitForText(String id, String text) {
		new WebDriverWait(this.driver, TIMEOUT).until((d) -> d.findElement(By.id(id)).getText().contains(text));
	}

	private void assertNoFailures() {
		List<?> failures = (List<?>) script("return window.sample.events"
				+ ".filter((e) => e.type === 'Error' || e.type === 'OperationFailed').map((e) => JSON.stringify(e));");
		assertThat(failures).isEmpty();
	}

	/**
	 * The page's {@code <video>} size and the decoded frames of its inbound video (its
	 * getStats).
	 */
	private Map<?, ?> videoStats() {
		return (Map<?, ?>) ((JavascriptExecutor) this.driver)
			.executeAsyncScript("const done = arguments[arguments.length - 1];"
					+ "window.sample.videoStats().then(done, (e) => done({ error: String(e), framesDecoded: -1 }));");
	}

	private Object script(String script) {
		return ((JavascriptExecutor) this.driver).executeScript(script);
	}

}
