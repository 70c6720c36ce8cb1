package dev.specter.test;

import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.util.List;

import dev.specter.PeerConnectionId;
import dev.specter.event.DataChannelMessage;
import dev.specter.event.EventsDropped;

/**
 * What the tests that flood a connection with numbered messages share: the messages, what
 * arrived and what was reported dropped, and the heap in use.
 */
public final class Floods {

	private Floods() {
	}

	/** A message of {@code size} bytes that starts with its number. */
	public static byte[] numbered(int number, int size) {
		return ByteBuffer.allocate(size).putInt(number).array();
	}

	/** The numbers of the messages a connection received, in order. */
	public static List<Integer> received(EventRecorder events, PeerConnectionId pc) {
		return events.events(DataChannelMessage.class, pc)
			.stream()
			.map((m) -> ByteBuffer.wrap(m.data()).getInt())
			.toList();
	}

	/** The messages reported dropped on a connection. */
	public static long dropped(EventRecorder events, PeerConnectionId pc) {
		return events.events(EventsDropped.class, pc).stream().mapToLong(EventsDropped::count).sum();
	}

	/** The heap in use after a few garbage collections. */
	public static long usedHeap() {
		for (int i = 0; i < 3; i++) {
			System.gc();
		}
		return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
	}

}
