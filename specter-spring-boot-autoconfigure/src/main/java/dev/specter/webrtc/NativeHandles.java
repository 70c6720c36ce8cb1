package dev.specter.webrtc;

import java.lang.reflect.Field;

import dev.onvoid.webrtc.internal.NativeObject;

/**
 * Reads the native pointer behind a webrtc-java wrapper. webrtc-java creates a new Java
 * object each time it returns a transceiver or receiver, so equal pointers are the only
 * way to know two wrappers denote the same native object.
 */
final class NativeHandles {

	private static final Field HANDLE = handleField();

	private NativeHandles() {
	}

	private static Field handleField() {
		try {
			Field field = NativeObject.class.getDeclaredField("nativeHandle");
			field.setAccessible(true);
			return field;
		}
		catch (ReflectiveOperationException | RuntimeException ex) {
			return null;
		}
	}

	/** Returns the pointer, or 0 if it cannot be read. */
	static long of(NativeObject object) {
		if (object == null || HANDLE == null) {
			return 0;
		}
		try {
			return HANDLE.getLong(object);
		}
		catch (IllegalAccessException ex) {
			return 0;
		}
	}

}
