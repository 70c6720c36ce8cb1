package dev.specter.webrtc;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The constant pool of a class file, as the tests that read compiled classes need it:
 * each entry's tag, its UTF-8 text (tag 1) and the indexes it refers to (class,
 * name-and-type, method handle, ...).
 *
 * @param tags each entry's tag
 * @param utf8 each UTF-8 entry's text
 * @param refs each entry's references to other entries
 */
record ConstantPool(int[] tags, Object[] utf8, int[][] refs) {

	static ConstantPool read(Path file) throws IOException {
		try (InputStream in = Files.newInputStream(file); DataInputStream data = new DataInputStream(in)) {
			data.readInt();
			data.readUnsignedShort();
			data.readUnsignedShort();
			int count = data.readUnsignedShort();
			Object[] pool = new Object[count];
			int[][] refs = new int[count][];
			int[] tags = new int[count];
			for (int i = 1; i < count; i++) {
				int tag = data.readUnsignedByte();
				tags[i] = tag;
				switch (tag) {
					case 1 -> pool[i] = data.readUTF();
					case 3, 4 -> data.readInt();
					case 5, 6 -> {
						data.readLong();
						i++;
					}
					case 7, 8, 16, 19, 20 -> refs[i] = new int[] { data.readUnsignedShort() };
					case 9, 10, 11, 12, 17, 18 ->
						refs[i] = new int[] { data.readUnsignedShort(), data.readUnsignedShort() };
					case 15 -> {
						data.readUnsignedByte();
						refs[i] = new int[] { data.readUnsignedShort() };
					}
					default -> throw new IOException("unknown constant pool tag " + tag + " in " + file);
				}
			}
			return new ConstantPool(tags, pool, refs);
		}
	}

}
