package dev.specter.support;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

import dev.specter.ApiId;
import dev.specter.ErrorCode;
import dev.specter.InvalidInputException;
import dev.specter.MediaEngineId;
import dev.specter.NotFoundException;
import dev.specter.RegistryId;
import dev.specter.media.RtpCodecCapability;

import static dev.specter.support.Arguments.requireNonNull;

/**
 * The media engines, registries and APIs of one Specter instance: the three steps that
 * define which codecs a peer connection may use. A media engine and its registry are
 * consumed by {@link #newApi}; an API stays, for any number of connections, and the
 * instance's default API is made once, on first use.
 * <p>
 * Internal to Specter: the same book keeps the in-process engine's APIs and worker mode's
 * (which creates each API in a worker when a connection there first needs it).
 */
public final class ApiBook {

	/** Codecs a media engine may list. */
	public static final int MAX_ENGINE_CODECS = 64;

	private final Consumer<List<RtpCodecCapability>> validator;

	private final Map<MediaEngineId, List<RtpCodecCapability>> mediaEngines = new ConcurrentHashMap<>();

	private final Map<RegistryId, MediaEngineId> registries = new ConcurrentHashMap<>();

	private final Map<ApiId, List<RtpCodecCapability>> apis = new ConcurrentHashMap<>();

	private volatile ApiId defaultApi;

	/**
	 * Creates an empty book.
	 * @param validator checks a media engine's codecs (throws if the engine cannot use
	 * them); called only for a non-empty list that passed the size check
	 */
	public ApiBook(Consumer<List<RtpCodecCapability>> validator) {
		this.validator = validator;
	}

	/**
	 * A media engine with the engine's default codecs.
	 * @return its id
	 */
	public MediaEngineId newMediaEngine() {
		MediaEngineId engine = MediaEngineId.random();
		this.mediaEngines.put(engine, List.of());
		return engine;
	}

	/**
	 * A media engine restricted to the given codecs, in order of preference.
	 * @param codecs the codecs
	 * @return its id
	 */
	public MediaEngineId newMediaEngine(List<RtpCodecCapability> codecs) {
		requireNonNull(codecs, "codec list");
		if (codecs.size() > MAX_ENGINE_CODECS) {
			throw new InvalidInputException(ErrorCode.LIMIT_EXCEEDED,
					"a media engine lists at most " + MAX_ENGINE_CODECS + " codecs");
		}
		List<RtpCodecCapability> copy = new ArrayList<>(codecs);
		this.validator.accept(copy);
		MediaEngineId engine = MediaEngineId.random();
		this.mediaEngines.put(engine, List.copyOf(copy));
		return engine;
	}

	/**
	 * A registry for a media engine.
	 * @param mediaEngine the media engine
	 * @return its id
	 */
	public RegistryId newRegistry(MediaEngineId mediaEngine) {
		requireNonNull(mediaEngine, "media engine");
		if (!this.mediaEngines.containsKey(mediaEngine)) {
			throw consumed("media engine " + mediaEngine);
		}
		RegistryId registry = RegistryId.random();
		this.registries.put(registry, mediaEngine);
		return registry;
	}

	/**
	 * An API from a media engine and its registry, which it consumes.
	 * @param mediaEngine the media engine
	 * @param registry a registry made for that media engine
	 * @return its id
	 */
	public synchronized ApiId newApi(MediaEngineId mediaEngine, RegistryId registry) {
		requireNonNull(mediaEngine, "media engine");
		requireNonNull(registry, "registry");
		List<RtpCodecCapability> codecs = this.mediaEngines.get(mediaEngine);
		if (codecs == null) {
			throw consumed("media engine " + mediaEngine);
		}
		MediaEngineId owner = this.registries.get(registry);
		if (owner == null) {
			throw consumed("registry " + registry);
		}
		if (!owner.equals(mediaEngine)) {
			throw new InvalidInputException(ErrorCode.INVALID_ARGUMENT,
					"registry " + registry + " was created for another media engine");
		}
		this.mediaEngines.remove(mediaEngine);
		this.registries.remove(registry);
		ApiId api = ApiId.random();
		this.apis.put(api, codecs);
		return api;
	}

	/**
	 * The instance's default API: made on first use, once even when several threads ask
	 * at the same time, then the same id for the instance's life.
	 * @return its id
	 */
	public ApiId defaultApi() {
		ApiId current = this.defaultApi;
		if (current == null) {
			synchronized (this) {
				current = this.defaultApi;
				if (current == null) {
					MediaEngineId engine = newMediaEngine();
					current = newApi(engine, newRegistry(engine));
					this.defaultApi = current;
				}
			}
		}
		return current;
	}

	/**
	 * Whether a media engine exists (and was not consumed).
	 * @param mediaEngine the media engine, or {@code null}
	 * @return whether it exists
	 */
	public boolean mediaEngineExists(MediaEngineId mediaEngine) {
		return mediaEngine != null && this.mediaEngines.containsKey(mediaEngine);
	}

	/**
	 * Whether a registry exists (and was not consumed).
	 * @param registry the registry, or {@code null}
	 * @return whether it exists
	 */
	public boolean registryExists(RegistryId registry) {
		return registry != null && this.registries.containsKey(registry);
	}

	/**
	 * The codecs an API restricts its connections to (empty: the engine's defaults).
	 * @param api the API
	 * @return its codecs
	 * @throws NotFoundException if it does not exist
	 */
	public List<RtpCodecCapability> codecs(ApiId api) {
		requireNonNull(api, "API");
		List<RtpCodecCapability> codecs = this.apis.get(api);
		if (codecs == null) {
			throw new NotFoundException("API " + api + " does not exist");
		}
		return codecs;
	}

	/** Forgets everything (the instance closed). */
	public synchronized void clear() {
		this.mediaEngines.clear();
		this.registries.clear();
		this.apis.clear();
		this.defaultApi = null;
	}

	private static NotFoundException consumed(String what) {
		return new NotFoundException(what + " does not exist or was consumed by newApi");
	}

}
