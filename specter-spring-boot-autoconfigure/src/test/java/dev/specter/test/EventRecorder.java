package dev.specter.test;

import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Predicate;

import dev.specter.PeerConnectionId;
import dev.specter.SpecterListener;
import dev.specter.event.SpecterEvent;
import org.awaitility.Awaitility;

/**
 * Records every Specter event it receives through a {@code @SpecterListener} method.
 * Appending is O(1) (a copy-on-write list made each event cost a copy of all earlier
 * ones, so a test sending 40,000 messages slowed its own listener until the connection's
 * mailbox overflowed).
 */
public class EventRecorder {

	private final Queue<SpecterEvent> events = new ConcurrentLinkedQueue<>();

	@SpecterListener
	public void on(SpecterEvent event) {
		this.events.add(event);
	}

	public List<SpecterEvent> events() {
		return List.copyOf(this.events);
	}

	public <T extends SpecterEvent> List<T> events(Class<T> type, PeerConnectionId pc) {
		return this.events.stream()
			.filter(type::isInstance)
			.map(type::cast)
			.filter((e) -> pc == null || e.peerConnection().equals(pc))
			.toList();
	}

	public <T extends SpecterEvent> T await(Class<T> type, PeerConnectionId pc) {
		return await(type, pc, (e) -> true);
	}

	public <T extends SpecterEvent> T await(Class<T> type, PeerConnectionId pc, Predicate<T> condition) {
		return await(type, pc, condition, Duration.ofSeconds(15));
	}

	public <T extends SpecterEvent> T await(Class<T> type, PeerConnectionId pc, Predicate<T> condition,
			Duration timeout) {
		return Awaitility
			.await("a " + type.getSimpleName() + " of " + pc + "; events of it so far: "
					+ events(SpecterEvent.class, pc).stream().map(Object::toString).toList())
			.atMost(timeout)
			.pollInterval(Duration.ofMillis(5))
			.until(() -> events(type, pc).stream().filter(condition).findFirst().orElse(null), (e) -> e != null);
	}

	public void clear() {
		this.events.clear();
	}

}
