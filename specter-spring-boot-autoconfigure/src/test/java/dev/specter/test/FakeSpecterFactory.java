package dev.specter.test;

import java.lang.reflect.Proxy;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.specter.Specter;
import dev.specter.SpecterConfig;
import dev.specter.SpecterFactory;
import dev.specter.SpecterId;

/**
 * A {@link SpecterFactory} that never loads the native library, for auto-configuration
 * tests that only check which beans exist. Its instances know their id and config, have
 * no connections, and refuse every other operation. Real behaviour is tested by the ITs.
 */
public class FakeSpecterFactory implements SpecterFactory {

	private final List<Specter> instances = new CopyOnWriteArrayList<>();

	@Override
	public Specter create(SpecterConfig config) {
		SpecterId id = SpecterId.random();
		Specter specter = (Specter) Proxy.newProxyInstance(Specter.class.getClassLoader(),
				new Class<?>[] { Specter.class }, (proxy, method, args) -> switch (method.getName()) {
					case "id" -> id;
					case "config" -> config;
					case "peerConnections" -> Set.of();
					case "close" -> {
						this.instances.remove(proxy);
						yield null;
					}
					case "toString" -> "FakeSpecter[" + id + "]";
					case "hashCode" -> id.hashCode();
					case "equals" -> proxy == args[0];
					default -> throw new UnsupportedOperationException(method.getName() + " on a fake Specter");
				});
		this.instances.add(specter);
		return specter;
	}

	@Override
	public Collection<Specter> instances() {
		return List.copyOf(this.instances);
	}

}
