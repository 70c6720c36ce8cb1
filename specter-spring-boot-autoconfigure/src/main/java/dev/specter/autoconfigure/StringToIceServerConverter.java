package dev.specter.autoconfigure;

import org.springframework.core.convert.converter.Converter;

/**
 * Binds a plain URL in {@code specter.ice-servers} (Specter's
 * {@code ice_servers: ["stun:..."]}) to an {@link IceServerProperties}.
 */
final class StringToIceServerConverter implements Converter<String, IceServerProperties> {

	@Override
	public IceServerProperties convert(String source) {
		return IceServerProperties.of(source.trim());
	}

}
