package dev.specter;

import java.util.Collection;
import java.util.Optional;

import dev.specter.media.AudioMode;

/**
 * Creates independent Specter instances at run time, each with its own ICE configuration
 * and {@link AudioMode} (the counterpart of calling {@code Specter.init/1} again: a
 * Specter per room, say, or one that receives audio beside the one that plays it).
 * Instances share the native peer-connection factories (one per audio mode) and the
 * dispatch threads; each is closed on its own or, at the latest, when the application
 * context closes.
 */
public interface SpecterFactory {

	/**
	 * Creates an instance.
	 * @param config its configuration (ICE, audio mode); {@code null} for the defaults of
	 * {@code Specter.init()}: {@link SpecterConfig#defaults()}, with Specter's default
	 * STUN server
	 * @return the new instance
	 * @throws NativeLibraryUnavailableException if the native library cannot be loaded
	 */
	Specter create(SpecterConfig config);

	/**
	 * Returns the instances created and not yet closed.
	 * @return a snapshot
	 */
	Collection<Specter> instances();

	/**
	 * Finds a live instance by its id: the one an event names
	 * ({@link dev.specter.event.SpecterEvent#specter()}), say, to call back into the
	 * instance that published it. The auto-configured instance is found too (the factory
	 * made it).
	 * @param id the instance's id
	 * @return the instance, or empty if this factory made none with that id or it is
	 * closed
	 */
	default Optional<Specter> find(SpecterId id) {
		return instances().stream().filter((specter) -> specter.id().equals(id)).findFirst();
	}

}
