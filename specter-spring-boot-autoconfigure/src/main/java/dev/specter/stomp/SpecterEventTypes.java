package dev.specter.stomp;

import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import dev.specter.event.SpecterEvent;

/**
 * Which event types the relay sends, by the simple names of the records of
 * {@code dev.specter.event} (the {@code type} field of each message).
 *
 * @param relayed the names of the relayed types
 */
public record SpecterEventTypes(Set<String> relayed) {

	/**
	 * Copies the set.
	 * @param relayed the names of the relayed types
	 */
	public SpecterEventTypes {
		relayed = Set.copyOf(relayed);
	}

	/**
	 * Returns the names of every event type.
	 * @return the simple names of the permitted subclasses of {@link SpecterEvent},
	 * sorted
	 */
	public static Set<String> all() {
		return Arrays.stream(SpecterEvent.class.getPermittedSubclasses())
			.map(Class::getSimpleName)
			.collect(Collectors.toCollection(TreeSet::new));
	}

	/**
	 * Resolves include and exclude lists.
	 * @param include the types to relay; empty for all
	 * @param exclude the types never to relay
	 * @return the relayed types
	 * @throws IllegalArgumentException naming any unknown type
	 */
	public static SpecterEventTypes of(Collection<String> include, Collection<String> exclude) {
		Set<String> all = all();
		Set<String> unknown = new TreeSet<>();
		Stream.concat(include.stream(), exclude.stream()).filter((name) -> !all.contains(name)).forEach(unknown::add);
		if (!unknown.isEmpty()) {
			throw new IllegalArgumentException("unknown Specter event type(s) " + unknown + "; known types are " + all);
		}
		Set<String> relayed = new LinkedHashSet<>(include.isEmpty() ? all : include);
		relayed.removeAll(exclude);
		return new SpecterEventTypes(relayed);
	}

	/**
	 * Whether an event is relayed.
	 * @param event the event
	 * @return {@code true} if its type is relayed
	 */
	public boolean relays(SpecterEvent event) {
		return this.relayed.contains(event.getClass().getSimpleName());
	}

}
