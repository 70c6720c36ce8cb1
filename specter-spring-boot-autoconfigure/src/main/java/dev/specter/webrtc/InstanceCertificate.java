package dev.specter.webrtc;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import dev.onvoid.webrtc.RTCCertificatePEM;

/**
 * The DTLS certificate a Specter instance gives every peer connection it creates when
 * {@code specter.dtls.shared-certificate} is on, instead of letting libwebrtc generate a
 * key and a certificate per connection. Generated on first use, valid for
 * {@link #LIFETIME}, and replaced by a new one for connections created when less than
 * {@link #RENEW_BEFORE} of its validity remains (connections keep the certificate they
 * were created with).
 */
final class InstanceCertificate {

	/** How long a generated certificate is valid (libwebrtc's own default is 30 days). */
	static final Duration LIFETIME = Duration.ofDays(30);

	/** A certificate with less validity left is replaced. */
	static final Duration RENEW_BEFORE = Duration.ofDays(1);

	private final Clock clock;

	private SelfSignedCertificate current;

	private RTCCertificatePEM currentNative;

	InstanceCertificate() {
		this(Clock.systemUTC());
	}

	InstanceCertificate(Clock clock) {
		this.clock = clock;
	}

	/**
	 * The certificate for a connection created now, checked and converted by
	 * {@link NativeInput#certificate}.
	 * @return the native certificate
	 */
	synchronized RTCCertificatePEM forNewConnection() {
		Instant now = this.clock.instant();
		if (this.current == null || !now.isBefore(this.current.notAfter().minus(RENEW_BEFORE))) {
			SelfSignedCertificate next = SelfSignedCertificate.generate(now, LIFETIME);
			this.currentNative = NativeInput.certificate(next);
			this.current = next;
		}
		return this.currentNative;
	}

	/**
	 * The certificate last handed out, for tests.
	 * @return the certificate or {@code null}
	 */
	synchronized SelfSignedCertificate current() {
		return this.current;
	}

}
