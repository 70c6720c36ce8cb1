package dev.specter.webrtc;

import java.util.function.Supplier;

import dev.specter.ApiId;

/**
 * The default API of one Specter instance: made on first use, once even when several
 * threads ask at the same time, then the same id for the instance's life (an API holds no
 * per-connection state; see {@link dev.specter.Specter#defaultApi()}).
 */
final class DefaultApi {

	private final Supplier<ApiId> maker;

	private volatile ApiId api;

	DefaultApi(Supplier<ApiId> maker) {
		this.maker = maker;
	}

	ApiId get() {
		ApiId current = this.api;
		if (current == null) {
			synchronized (this) {
				current = this.api;
				if (current == null) {
					current = this.maker.get();
					this.api = current;
				}
			}
		}
		return current;
	}

}
