package dev.specter.webrtc;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.HexFormat;

/**
 * An ECDSA P-256 key and a minimal self-signed X.509 v3 certificate for it, as libwebrtc
 * generates one for every peer connection: issuer = subject =
 * {@code CN=specter-<random>}, signed with SHA256withECDSA, no extensions. Encoded with
 * plain JDK means (a small DER writer); both parts as PEM, the key as PKCS#8
 * ({@code BEGIN PRIVATE KEY}, which BoringSSL's {@code PEM_read_bio_PrivateKey} reads).
 *
 * @param privateKeyPem the private key, PKCS#8 PEM
 * @param certificatePem the certificate, PEM
 * @param notAfter the end of the certificate's validity
 */
record SelfSignedCertificate(String privateKeyPem, String certificatePem, Instant notAfter) {

	/** ecdsa-with-SHA256, 1.2.840.10045.4.3.2. */
	private static final byte[] ECDSA_WITH_SHA256 = { 0x06, 0x08, 0x2A, (byte) 0x86, 0x48, (byte) 0xCE, 0x3D, 0x04,
			0x03, 0x02 };

	/** id-at-commonName, 2.5.4.3. */
	private static final byte[] COMMON_NAME = { 0x06, 0x03, 0x55, 0x04, 0x03 };

	private static final SecureRandom RANDOM = new SecureRandom();

	/** UTCTime covers 1950-2049 (RFC 5280 4.1.2.5.1). */
	private static final int UTC_TIME_LAST_YEAR = 2049;

	/**
	 * Generates a key and a certificate valid from a day before {@code now} (clock skew
	 * between peers, as libwebrtc does) until {@code now + lifetime}.
	 * @param now the current time
	 * @param lifetime how long the certificate stays valid
	 * @return the certificate
	 */
	static SelfSignedCertificate generate(Instant now, Duration lifetime) {
		try {
			KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
			generator.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
			KeyPair key = generator.generateKeyPair();
			byte[] serial = new byte[8];
			RANDOM.nextBytes(serial);
			serial[0] &= 0x7F;
			byte[] suffix = new byte[6];
			RANDOM.nextBytes(suffix);
			byte[] name = name("specter-" + HexFormat.of().formatHex(suffix));
			Instant notAfter = now.plus(lifetime);
			byte[] tbs = sequence(tagged(0xA0, integer(BigInteger.TWO)), integer(new BigInteger(1, serial)),
					sequence(ECDSA_WITH_SHA256), name, sequence(time(now.minus(Duration.ofDays(1))), time(notAfter)),
					name, key.getPublic().getEncoded());
			Signature signer = Signature.getInstance("SHA256withECDSA");
			signer.initSign(key.getPrivate(), RANDOM);
			signer.update(tbs);
			byte[] signature = signer.sign();
			byte[] certificate = sequence(tbs, sequence(ECDSA_WITH_SHA256), bitString(signature));
			return new SelfSignedCertificate(pem("PRIVATE KEY", key.getPrivate().getEncoded()),
					pem("CERTIFICATE", certificate), notAfter);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("Cannot generate an ECDSA P-256 certificate", ex);
		}
	}

	private static byte[] name(String commonName) {
		byte[] value = tagged(0x0C, commonName.getBytes(StandardCharsets.UTF_8));
		return sequence(tagged(0x31, sequence(COMMON_NAME, value)));
	}

	private static byte[] time(Instant instant) {
		ZonedDateTime utc = instant.atZone(ZoneOffset.UTC);
		if (utc.getYear() <= UTC_TIME_LAST_YEAR) {
			return tagged(0x17,
					DateTimeFormatter.ofPattern("yyMMddHHmmss'Z'").format(utc).getBytes(StandardCharsets.US_ASCII));
		}
		return tagged(0x18,
				DateTimeFormatter.ofPattern("yyyyMMddHHmmss'Z'").format(utc).getBytes(StandardCharsets.US_ASCII));
	}

	private static byte[] integer(BigInteger value) {
		return tagged(0x02, value.toByteArray());
	}

	private static byte[] bitString(byte[] bits) {
		byte[] content = new byte[bits.length + 1];
		System.arraycopy(bits, 0, content, 1, bits.length);
		return tagged(0x03, content);
	}

	private static byte[] sequence(byte[]... parts) {
		ByteArrayOutputStream content = new ByteArrayOutputStream();
		for (byte[] part : parts) {
			content.writeBytes(part);
		}
		return tagged(0x30, content.toByteArray());
	}

	/** A DER TLV with a definite length. */
	static byte[] tagged(int tag, byte[] content) {
		ByteArrayOutputStream out = new ByteArrayOutputStream(content.length + 6);
		out.write(tag);
		int length = content.length;
		if (length < 0x80) {
			out.write(length);
		}
		else {
			int bytes = (length > 0xFFFF) ? ((length > 0xFFFFFF) ? 4 : 3) : ((length > 0xFF) ? 2 : 1);
			out.write(0x80 | bytes);
			for (int i = bytes - 1; i >= 0; i--) {
				out.write(length >>> (8 * i));
			}
		}
		out.writeBytes(content);
		return out.toByteArray();
	}

	private static String pem(String label, byte[] der) {
		String body = Base64.getMimeEncoder(64, new byte[] { '\n' }).encodeToString(der);
		return "-----BEGIN " + label + "-----\n" + body + "\n-----END " + label + "-----\n";
	}

}
