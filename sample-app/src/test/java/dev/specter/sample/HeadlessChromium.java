package dev.specter.sample;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;

import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/** Debian's headless Chromium through chromium-driver, with a profile of its own. */
final class HeadlessChromium implements AutoCloseable {

	static final Duration TIMEOUT = Duration.ofSeconds(30);

	private final Path profile;

	private final ChromeDriverService service;

	private final ChromeDriver driver;

	HeadlessChromium() throws IOException {
		this.profile = Files.createTempDirectory("chromium-profile");
		ChromeOptions options = new ChromeOptions();
		options.setBinary("/usr/bin/chromium");
		options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
				"--disable-background-networking", "--disable-component-update", "--disable-sync",
				"--disable-dev-shm-usage", "--window-size=1280,1000", "--user-data-dir=" + this.profile);
		this.service = new ChromeDriverService.Builder().usingDriverExecutable(new File("/usr/bin/chromedriver"))
			.usingAnyFreePort()
			.build();
		this.driver = new ChromeDriver(this.service, options);
	}

	WebDriver driver() {
		return this.driver;
	}

	/**
	 * Opens the page at {@code base} and logs in through the login form it is sent to.
	 */
	void openAndLogIn(String base, String user, String password) {
		this.driver.get(base + "/");
		new WebDriverWait(this.driver, TIMEOUT).until((d) -> d.getCurrentUrl().endsWith("/login"));
		this.driver.findElement(By.id("username")).sendKeys(user);
		this.driver.findElement(By.id("password")).sendKeys(password);
		this.driver.findElement(By.cssSelector("button[type=submit]")).click();
		new WebDriverWait(this.driver, TIMEOUT).until((d) -> !d.getCurrentUrl().contains("/login"));
		waitForText("user", user);
	}

	void waitForText(String id, String text) {
		new WebDriverWait(this.driver, TIMEOUT).until((d) -> d.findElement(By.id(id)).getText().contains(text));
	}

	Object script(String script) {
		return ((JavascriptExecutor) this.driver).executeScript(script);
	}

	@Override
	public void close() throws IOException {
		try {
			this.driver.quit();
		}
		finally {
			this.service.stop();
			try (Stream<Path> paths = Files.walk(this.profile)) {
				paths.sorted(Comparator.reverseOrder()).forEach((path) -> path.toFile().delete());
			}
		}
	}

}
