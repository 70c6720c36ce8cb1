package dev.specter.dispatch;

import java.lang.reflect.Method;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationEvent;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.AbstractApplicationEventMulticaster;
import org.springframework.context.support.AbstractApplicationContext;
import org.springframework.core.ResolvableType;
import org.springframework.util.ReflectionUtils;

/**
 * Which event classes have a listener in the application context, so that an event nobody
 * listens to is not posted at all: each post to an idle connection's mailbox is a
 * hand-off to a dispatch thread (a wake-up that waits for a core on a busy machine), and
 * most of the ~18 events a connection publishes while it sets up (signaling, ICE and
 * connection states, descriptions) have no listener in a typical application.
 * <p>
 * The answer for an event class is learnt on a dispatch thread, after its first event was
 * published, from the context's own multicaster (the listeners Spring would invoke,
 * {@code @SpecterListener}, {@code @EventListener} and {@code ApplicationListener} beans
 * alike, whatever their condition or scope). Until then, and whenever it cannot tell
 * (another multicaster, a parent context that would also receive the event), the event is
 * posted. A listener added to the context later ({@code addApplicationListener}) forgets
 * every answer.
 */
final class ListenerInterest {

	private static final Log logger = LogFactory.getLog(ListenerInterest.class);

	private final AbstractApplicationContext context;

	private final Map<Class<?>, Boolean> known = new ConcurrentHashMap<>();

	private volatile @Nullable Lookup lookup;

	private volatile boolean unknowable;

	private volatile int generation = -1;

	private ListenerInterest(AbstractApplicationContext context) {
		this.context = context;
	}

	/**
	 * Returns the interest of a publisher's listeners, or {@code null} when the publisher
	 * is not an application context whose listeners can be asked (every event is then
	 * published).
	 */
	static @Nullable ListenerInterest of(ApplicationEventPublisher publisher) {
		if (publisher instanceof AbstractApplicationContext context && context.getParent() == null) {
			return new ListenerInterest(context);
		}
		return null;
	}

	/**
	 * Returns whether an event of this class is known to have no listener; cheap, for
	 * webrtc-java's native thread.
	 */
	boolean unwanted(Class<?> eventClass) {
		if (this.known.isEmpty()) {
			return false;
		}
		if (listenerCount() != this.generation) {
			this.known.clear();
			return false;
		}
		return this.known.get(eventClass) == Boolean.FALSE;
	}

	/**
	 * Learns whether anyone listens to events like this one, once per event class; on a
	 * dispatch thread, after it was published.
	 */
	void learn(ApplicationEvent event, ResolvableType type, Class<?> eventClass) {
		if (this.unknowable || this.known.containsKey(eventClass)) {
			return;
		}
		try {
			Lookup current = lookup();
			if (current == null) {
				return;
			}
			int count = listenerCount();
			boolean wanted = !current.listeners(event, type).isEmpty();
			if (count == listenerCount()) {
				if (this.generation != count) {
					this.known.clear();
					this.generation = count;
				}
				this.known.put(eventClass, wanted);
			}
		}
		catch (Throwable ex) {
			// Closing context, another multicaster: publish everything.
			this.unknowable = true;
			this.known.clear();
			logger.debug("Publishing every Specter event: cannot tell which ones have listeners", ex);
		}
	}

	private int listenerCount() {
		return this.context.getApplicationListeners().size();
	}

	private @Nullable Lookup lookup() {
		Lookup current = this.lookup;
		if (current == null) {
			Object multicaster = this.context
				.getBean(AbstractApplicationContext.APPLICATION_EVENT_MULTICASTER_BEAN_NAME);
			Method method = ReflectionUtils.findMethod(AbstractApplicationEventMulticaster.class,
					"getApplicationListeners", ApplicationEvent.class, ResolvableType.class);
			if (!(multicaster instanceof AbstractApplicationEventMulticaster) || method == null) {
				this.unknowable = true;
				return null;
			}
			ReflectionUtils.makeAccessible(method);
			current = new Lookup(multicaster, method);
			this.lookup = current;
		}
		return current;
	}

	private record Lookup(Object multicaster, Method method) {

		Collection<?> listeners(ApplicationEvent event, ResolvableType type) throws ReflectiveOperationException {
			return (Collection<?>) this.method.invoke(this.multicaster, event, type);
		}

	}

}
