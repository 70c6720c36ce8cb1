package dev.specter.stomp;

import java.util.concurrent.atomic.AtomicInteger;

import dev.specter.OperationRejectedException;
import dev.specter.PeerConnectionId;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A session's {@code connect} handled after the session ended creates nothing: found by
 * {@code NativeFuzzIT}, whose refused frames ended sessions while their earlier
 * {@code connect} frames were still being handled, leaving connections no one closed.
 */
class StompOwnershipTests {

	@Test
	void aSessionThatEndedCreatesNoConnection() {
		StompOwnership ownership = new StompOwnership();
		StompOwner owner = new StompOwner("session-1", "user");
		PeerConnectionId first = ownership.create(owner, PeerConnectionId::random);
		assertThat(ownership.removeSession("session-1")).containsExactly(first);
		AtomicInteger created = new AtomicInteger();
		assertThatThrownBy(() -> ownership.create(owner, () -> {
			created.incrementAndGet();
			return PeerConnectionId.random();
		})).isInstanceOf(OperationRejectedException.class).hasMessageContaining("has ended");
		assertThat(created).hasValue(0);
		assertThat(ownership.ownedBySession("session-1")).isEmpty();
		// other sessions are not affected
		assertThat(ownership.create(new StompOwner("session-2", "user"), PeerConnectionId::random)).isNotNull();
	}

	@Test
	void endedSessionsAreRememberedWithinABound() {
		StompOwnership ownership = new StompOwnership();
		for (int i = 0; i <= StompOwnership.MAX_ENDED_SESSIONS; i++) {
			ownership.removeSession("s" + i);
		}
		// the oldest is forgotten, the newest is not
		assertThat(ownership.create(new StompOwner("s0", "u"), PeerConnectionId::random)).isNotNull();
		assertThatThrownBy(() -> ownership.create(new StompOwner("s" + StompOwnership.MAX_ENDED_SESSIONS, "u"),
				PeerConnectionId::random))
			.isInstanceOf(OperationRejectedException.class);
	}

}
