package dev.specter.dispatch;

import dev.specter.event.SpecterEvent;

import org.springframework.context.PayloadApplicationEvent;
import org.springframework.core.ResolvableType;

/**
 * How a {@link SpecterEvent} travels through the application context: the payload event
 * Spring would create for it, except that its generic type is resolved once per event
 * class instead of once per event ({@link PayloadApplicationEvent} builds a new
 * {@link ResolvableType} on every call, a visible share of the dispatch threads' CPU in
 * the connection-setup benchmarks of benchmarks/README.md).
 */
final class SpecterApplicationEvent extends PayloadApplicationEvent<SpecterEvent> {

	private static final ClassValue<ResolvableType> TYPES = new ClassValue<>() {

		@Override
		protected ResolvableType computeValue(Class<?> eventClass) {
			return ResolvableType.forClassWithGenerics(PayloadApplicationEvent.class, eventClass);
		}

	};

	SpecterApplicationEvent(Object source, SpecterEvent event) {
		super(source, event);
	}

	@Override
	public ResolvableType getResolvableType() {
		return TYPES.get(getPayload().getClass());
	}

}
