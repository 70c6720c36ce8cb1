package dev.specter.test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import dev.specter.Specter;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Started in its own JVM by {@code ShutdownIT}: opens 50 connected pairs (100 live
 * connections with open data channels), closes the context twice, and returns from main.
 * The JVM must then exit by itself.
 */
public final class ShutdownProbe {

	private ShutdownProbe() {
	}

	public static void main(String[] args) throws Exception {
		int pairs = Integer.parseInt(args[0]);
		ConfigurableApplicationContext context = new SpringApplicationBuilder(TestApplication.class)
			.web(WebApplicationType.NONE)
			.properties("specter.ice-servers=", "spring.main.banner-mode=off", "logging.level.root=warn")
			.run();
		Specter specter = context.getBean(Specter.class);
		EventRecorder events = context.getBean(EventRecorder.class);
		CandidateRelay relay = context.getBean(CandidateRelay.class);
		ExecutorService pool = Executors.newFixedThreadPool(8);
		List<Future<ConnectedPair>> opened = new ArrayList<>();
		for (int i = 0; i < pairs; i++) {
			opened.add(pool.submit(() -> ConnectedPair.open(specter, events, relay)));
		}
		for (Future<ConnectedPair> pair : opened) {
			pair.get().roundTrip(events, "hello");
		}
		pool.shutdown();
		System.out.println("LIVE " + specter.peerConnections().size());
		System.out.flush();
		context.close();
		context.close();
		System.out.println("CLOSED");
		System.out.flush();
	}

}
