package dev.specter.webrtc;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import dev.specter.ApiId;
import dev.specter.ErrorCode;
import dev.specter.InvalidInputException;
import dev.specter.MediaEngineId;
import dev.specter.NotFoundException;
import dev.specter.RegistryId;
import dev.specter.media.RtpCodecCapability;

/**
 * The media engines, registries and APIs of one Specter instance: the three steps that
 * define which codecs a peer connection may use. A media engine and its registry are
 * consumed by {@code newApi}; an API stays, for any number of connections.
 */
final class ApiRegistry {

	private static final int MAX_ENGINE_CODECS = 64;

	private final Supplier<CodecCatalog> catalog;

	private final PeerConnectionFactoryPool.FactoryKey factoryKey;

	private final Map<MediaEngineId, MediaEngine> mediaEngines = new ConcurrentHashMap<>();

	private final Map<RegistryId, MediaEngineId> registries = new ConcurrentHashMap<>();

	private final Map<ApiId, Api> apis = new ConcurrentHashMap<>();

	/**
	 * Creates an empty registry.
	 * @param catalog the codecs of the instance's native factory (read on first use)
	 * @param factoryKey the native factory of the instance's connections
	 */
	ApiRegistry(Supplier<CodecCatalog> catalog, PeerConnectionFactoryPool.FactoryKey factoryKey) {
		this.catalog = catalog;
		this.factoryKey = factoryKey;
	}

	MediaEngineId newMediaEngine() {
		MediaEngineId engine = MediaEngineId.random();
		this.mediaEngines.put(engine, new MediaEngine(List.of()));
		return engine;
	}

	MediaEngineId newMediaEngine(List<RtpCodecCapability> codecs) {
		if (codecs == null) {
			throw new InvalidInputException(ErrorCode.INVALID_ARGUMENT, "codec list must not be null");
		}
		if (codecs.size() > MAX_ENGINE_CODECS) {
			throw new InvalidInputException(ErrorCode.LIMIT_EXCEEDED,
					"a media engine lists at most " + MAX_ENGINE_CODECS + " codecs");
		}
		List<RtpCodecCapability> copy = new ArrayList<>(codecs);
		this.catalog.get().validate(copy);
		MediaEngineId engine = MediaEngineId.random();
		this.mediaEngines.put(engine, new MediaEngine(List.copyOf(copy)));
		return engine;
	}

	RegistryId newRegistry(MediaEngineId mediaEngine) {
		WebRtcSpecter.requireNonNull(mediaEngine, "media engine");
		if (!this.mediaEngines.containsKey(mediaEngine)) {
			throw new NotFoundException("media engine " + mediaEngine + " does not exist or was consumed by newApi");
		}
		RegistryId registry = RegistryId.random();
		this.registries.put(registry, mediaEngine);
		return registry;
	}

	synchronized ApiId newApi(MediaEngineId mediaEngine, RegistryId registry) {
		WebRtcSpecter.requireNonNull(mediaEngine, "media engine");
		WebRtcSpecter.requireNonNull(registry, "registry");
		MediaEngine engine = this.mediaEngines.get(mediaEngine);
		if (engine == null) {
			throw new NotFoundException("media engine " + mediaEngine + " does not exist or was consumed by newApi");
		}
		MediaEngineId owner = this.registries.get(registry);
		if (owner == null) {
			throw new NotFoundException("registry " + registry + " does not exist or was consumed by newApi");
		}
		if (!owner.equals(mediaEngine)) {
			throw new InvalidInputException(ErrorCode.INVALID_ARGUMENT,
					"registry " + registry + " was created for another media engine");
		}
		this.mediaEngines.remove(mediaEngine);
		this.registries.remove(registry);
		ApiId api = ApiId.random();
		this.apis.put(api, new Api(engine, this.factoryKey));
		return api;
	}

	boolean mediaEngineExists(MediaEngineId mediaEngine) {
		return mediaEngine != null && this.mediaEngines.containsKey(mediaEngine);
	}

	boolean registryExists(RegistryId registry) {
		return registry != null && this.registries.containsKey(registry);
	}

	/**
	 * The definition of an API.
	 * @throws NotFoundException if it does not exist
	 */
	Api api(ApiId api) {
		Api definition = this.apis.get(api);
		if (definition == null) {
			throw new NotFoundException("API " + api + " does not exist");
		}
		return definition;
	}

	/** Forgets everything (the instance closed). */
	void clear() {
		this.mediaEngines.clear();
		this.registries.clear();
		this.apis.clear();
	}

	/**
	 * A media engine: the codecs it restricts connections to, in order of preference
	 * (empty: the factory's defaults).
	 */
	record MediaEngine(List<RtpCodecCapability> codecs) {
	}

	/** An API: its media engine and the native factory of its connections. */
	record Api(MediaEngine mediaEngine, PeerConnectionFactoryPool.FactoryKey factoryKey) {
	}

}
