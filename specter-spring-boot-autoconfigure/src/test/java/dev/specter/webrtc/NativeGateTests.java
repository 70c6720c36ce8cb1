package dev.specter.webrtc;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Proves from the compiled classes (their constant pools, read with plain JDK means) that
 * {@link NativeInput} is the only entrance for text into webrtc-java: no other class of
 * the starter refers to a webrtc-java method or constructor that takes text (a
 * {@code String}, a collection, or a webrtc-java object that holds one, found by
 * reflection), nor to a writable text field of a webrtc-java object. Methods of
 * webrtc-java interfaces are callbacks the starter implements, not native calls, and are
 * not counted. A new native call that takes text fails this test until it goes through
 * the gate.
 */
class NativeGateTests {

	private static final String GATE = "dev/specter/webrtc/NativeInput";

	@Test
	void onlyTheGateHandsTextToWebrtcJava() throws Exception {
		Path classes = classesDirectory();
		List<String> violations = new ArrayList<>();
		Set<String> gateReferences = new TreeSet<>();
		int scanned = 0;
		try (Stream<Path> files = Files.walk(classes)) {
			for (Path file : files.filter((f) -> f.toString().endsWith(".class")).toList()) {
				scanned++;
				String className = classes.relativize(file).toString().replace('\\', '/').replace(".class", "");
				for (String reference : textReferences(file)) {
					if (className.equals(GATE) || className.startsWith(GATE + "$")) {
						gateReferences.add(reference);
					}
					else {
						violations.add(className + " -> " + reference);
					}
				}
			}
		}
		assertThat(scanned).isGreaterThan(100);
		assertThat(violations).as("webrtc-java calls with text outside NativeInput").isEmpty();
		// The scan sees what it must: the gate's own calls are found.
		assertThat(gateReferences)
			.anyMatch((r) -> r.startsWith("dev/onvoid/webrtc/RTCPeerConnection.createDataChannel"))
			.anyMatch((r) -> r.startsWith("dev/onvoid/webrtc/RTCSessionDescription.<init>"))
			.anyMatch((r) -> r.startsWith("dev/onvoid/webrtc/RTCIceCandidate.<init>"))
			.anyMatch((r) -> r.startsWith("dev/onvoid/webrtc/RTCIceServer.urls"))
			.anyMatch((r) -> r.startsWith("dev/onvoid/webrtc/PeerConnectionFactory.createVideoTrack"));
	}

	@Test
	void theScanRecognisesTextCarryingTypes() throws Exception {
		assertThat(textCarrying(String.class, new HashSet<>())).isTrue();
		assertThat(textCarrying(List.class, new HashSet<>())).isTrue();
		assertThat(textCarrying(Class.forName("dev.onvoid.webrtc.RTCSessionDescription", false, loader()),
				new HashSet<>()))
			.isTrue();
		assertThat(textCarrying(Class.forName("dev.onvoid.webrtc.RTCConfiguration", false, loader()), new HashSet<>()))
			.isTrue();
		assertThat(
				textCarrying(Class.forName("dev.onvoid.webrtc.RTCDataChannelBuffer", false, loader()), new HashSet<>()))
			.isFalse();
		assertThat(textCarrying(int.class, new HashSet<>())).isFalse();
	}

	private static Path classesDirectory() throws URISyntaxException {
		return Path.of(NativeInput.class.getProtectionDomain().getCodeSource().getLocation().toURI());
	}

	private static ClassLoader loader() {
		return NativeGateTests.class.getClassLoader();
	}

	/**
	 * The references of a class file to webrtc-java members that carry text into the
	 * engine.
	 */
	private static List<String> textReferences(Path file) throws IOException, ClassNotFoundException {
		List<String> found = new ArrayList<>();
		ConstantPool constants = ConstantPool.read(file);
		Object[] pool = constants.utf8();
		int[][] refs = constants.refs();
		int[] tags = constants.tags();
		for (int i = 1; i < tags.length; i++) {
			if (tags[i] != 9 && tags[i] != 10) {
				continue; // Fieldref and Methodref; InterfaceMethodref (11) are
							// callbacks
			}
			String owner = (String) pool[refs[refs[i][0]][0]];
			if (!owner.startsWith("dev/onvoid/webrtc/")) {
				continue;
			}
			int[] nameAndType = refs[refs[i][1]];
			String name = (String) pool[nameAndType[0]];
			String descriptor = (String) pool[nameAndType[1]];
			Class<?> ownerClass = Class.forName(owner.replace('/', '.'), false, loader());
			if (ownerClass.isInterface()) {
				continue;
			}
			if (tags[i] == 9 && writableTextField(ownerClass, name)) {
				found.add(owner + "." + name);
			}
			if (tags[i] == 10 && takesText(descriptor)) {
				found.add(owner + "." + name + descriptor);
			}
		}
		return found;
	}

	private static boolean writableTextField(Class<?> owner, String name) {
		for (Class<?> type = owner; type != null; type = type.getSuperclass()) {
			for (Field field : type.getDeclaredFields()) {
				if (field.getName().equals(name)) {
					return !Modifier.isFinal(field.getModifiers()) && !Modifier.isStatic(field.getModifiers())
							&& textCarrying(field.getType(), new HashSet<>());
				}
			}
		}
		return false;
	}

	private static boolean takesText(String descriptor) throws ClassNotFoundException {
		String parameters = descriptor.substring(1, descriptor.indexOf(')'));
		int at = 0;
		while (at < parameters.length()) {
			boolean array = parameters.charAt(at) == '[';
			while (parameters.charAt(at) == '[') {
				at++;
			}
			if (parameters.charAt(at) == 'L') {
				int end = parameters.indexOf(';', at);
				String type = parameters.substring(at + 1, end);
				at = end + 1;
				if (array || textCarrying(Class.forName(type.replace('/', '.'), false, loader()), new HashSet<>())) {
					return true;
				}
			}
			else {
				at++;
			}
		}
		return false;
	}

	/**
	 * Whether a value of this type can hold text: a string, a collection, a map, an
	 * object of unknown type, or a webrtc-java class with such a field (at any depth).
	 * Enums are fixed constants; interfaces hold no fields.
	 */
	static boolean textCarrying(Class<?> type, Set<Class<?>> seen) {
		if (type.isPrimitive() || type.isEnum() || !seen.add(type)) {
			return false;
		}
		if (type == String.class || CharSequence.class.isAssignableFrom(type) || type == Object.class
				|| Collection.class.isAssignableFrom(type) || Map.class.isAssignableFrom(type)
				|| Iterable.class.isAssignableFrom(type)) {
			return true;
		}
		if (type.isArray()) {
			return !type.getComponentType().isPrimitive();
		}
		if (!type.getName().startsWith("dev.onvoid.webrtc.") || type.isInterface()) {
			return false;
		}
		for (Class<?> current = type; current != null && current != Object.class; current = current.getSuperclass()) {
			for (Field field : current.getDeclaredFields()) {
				if (!Modifier.isStatic(field.getModifiers()) && textCarrying(field.getType(), seen)) {
					return true;
				}
			}
		}
		return false;
	}

}
