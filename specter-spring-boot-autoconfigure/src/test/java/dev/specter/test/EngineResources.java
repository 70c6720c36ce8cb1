package dev.specter.test;

import dev.specter.SpecterFactory;
import dev.specter.webrtc.DefaultSpecterFactory;
import dev.specter.webrtc.NativeResources;
import dev.specter.worker.WorkerSpecterFactory;

/**
 * The native objects held by the engine of the application's {@link SpecterFactory}, read
 * afresh at each call: those of the in-process engine, or those of every worker added up
 * ({@code specter.engine.isolation=workers}).
 */
public final class EngineResources {

	private final SpecterFactory factory;

	private EngineResources(SpecterFactory factory) {
		this.factory = factory;
	}

	public static EngineResources of(SpecterFactory factory) {
		return new EngineResources(factory);
	}

	private NativeResources now() {
		if (this.factory instanceof DefaultSpecterFactory inProcess) {
			return inProcess.resources();
		}
		return ((WorkerSpecterFactory) this.factory).resources();
	}

	public long openConnections() {
		return now().openConnections();
	}

	public long openTracks() {
		return now().openTracks();
	}

	public long openMediaSources() {
		return now().openMediaSources();
	}

	public long activePlaybacks() {
		return now().activePlaybacks();
	}

	public long openDecoders() {
		return now().openDecoders();
	}

	public long activeSinks() {
		return now().activeSinks();
	}

}
