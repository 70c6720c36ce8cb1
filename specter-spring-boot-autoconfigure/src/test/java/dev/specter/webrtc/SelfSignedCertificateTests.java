package dev.specter.webrtc;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Date;
import java.util.concurrent.atomic.AtomicReference;

import dev.onvoid.webrtc.RTCCertificatePEM;
import dev.specter.OperationRejectedException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The self-signed certificate is parsed back with the JDK's own X.509 and PKCS#8 parsers,
 * its signature verified and its key matched against the certificate; the gate refuses
 * damaged PEM; the instance certificate is renewed a day before it expires.
 */
class SelfSignedCertificateTests {

	private static final Instant NOW = Instant.parse("2026-12-03T14:00:00Z");

	@Test
	void theJdkParsesAndVerifiesTheCertificate() throws Exception {
		SelfSignedCertificate generated = SelfSignedCertificate.generate(NOW, Duration.ofDays(30));
		X509Certificate certificate = parse(generated.certificatePem());
		certificate.verify(certificate.getPublicKey());
		assertThat(certificate.getVersion()).isEqualTo(3);
		assertThat(certificate.getSigAlgName()).isEqualTo("SHA256withECDSA");
		assertThat(certificate.getSigAlgOID()).isEqualTo("1.2.840.10045.4.3.2");
		assertThat(certificate.getSubjectX500Principal().getName()).matches("CN=specter-[0-9a-f]{12}");
		assertThat(certificate.getIssuerX500Principal()).isEqualTo(certificate.getSubjectX500Principal());
		assertThat(certificate.getSerialNumber().signum()).isPositive();
		assertThat(certificate.getNotBefore()).isEqualTo(Date.from(NOW.minus(Duration.ofDays(1))));
		assertThat(certificate.getNotAfter()).isEqualTo(Date.from(NOW.plus(Duration.ofDays(30))));
		assertThat(generated.notAfter()).isEqualTo(NOW.plus(Duration.ofDays(30)));
		assertThat(((ECPublicKey) certificate.getPublicKey()).getParams().getCurve().getField().getFieldSize())
			.isEqualTo(256);
		certificate.checkValidity(Date.from(NOW));
	}

	@Test
	void thePrivateKeyIsPkcs8AndSignsForTheCertificatesKey() throws Exception {
		SelfSignedCertificate generated = SelfSignedCertificate.generate(NOW, Duration.ofDays(30));
		assertThat(generated.privateKeyPem()).startsWith("-----BEGIN PRIVATE KEY-----\n")
			.endsWith("\n-----END PRIVATE KEY-----\n");
		assertThat(generated.certificatePem()).startsWith("-----BEGIN CERTIFICATE-----\n")
			.endsWith("\n-----END CERTIFICATE-----\n");
		PrivateKey key = KeyFactory.getInstance("EC")
			.generatePrivate(new PKCS8EncodedKeySpec(body(generated.privateKeyPem())));
		assertThat(key).isInstanceOf(ECPrivateKey.class);
		Signature signer = Signature.getInstance("SHA256withECDSA");
		signer.initSign(key);
		signer.update(new byte[] { 1, 2, 3 });
		byte[] signature = signer.sign();
		Signature verifier = Signature.getInstance("SHA256withECDSA");
		verifier.initVerify(parse(generated.certificatePem()).getPublicKey());
		verifier.update(new byte[] { 1, 2, 3 });
		assertThat(verifier.verify(signature)).isTrue();
	}

	@Test
	void twoCertificatesDifferInKeyNameAndSerial() throws Exception {
		X509Certificate one = parse(SelfSignedCertificate.generate(NOW, Duration.ofDays(30)).certificatePem());
		X509Certificate two = parse(SelfSignedCertificate.generate(NOW, Duration.ofDays(30)).certificatePem());
		assertThat(one.getPublicKey()).isNotEqualTo(two.getPublicKey());
		assertThat(one.getSubjectX500Principal()).isNotEqualTo(two.getSubjectX500Principal());
		assertThat(one.getSerialNumber()).isNotEqualTo(two.getSerialNumber());
	}

	@Test
	void datesFrom2050OnAreGeneralizedTime() throws Exception {
		Instant late = Instant.parse("2049-12-20T00:00:00Z");
		X509Certificate certificate = parse(SelfSignedCertificate.generate(late, Duration.ofDays(30)).certificatePem());
		certificate.verify(certificate.getPublicKey());
		assertThat(certificate.getNotAfter()).isEqualTo(Date.from(late.plus(Duration.ofDays(30))));
	}

	@Test
	void longLengthsAreEncodedInDefiniteLongForm() {
		assertThat(SelfSignedCertificate.tagged(0x04, new byte[0x7F])).startsWith(0x04, 0x7F);
		assertThat(SelfSignedCertificate.tagged(0x04, new byte[0x80])).startsWith(0x04, 0x81, 0x80);
		assertThat(SelfSignedCertificate.tagged(0x04, new byte[0x1234])).startsWith(0x04, 0x82, 0x12, 0x34);
		assertThat(SelfSignedCertificate.tagged(0x04, new byte[0x12345])).startsWith(0x04, 0x83, 0x01, 0x23, 0x45);
	}

	@Test
	void theGateAcceptsTheCertificateAndRefusesDamagedPem() {
		SelfSignedCertificate good = SelfSignedCertificate.generate(NOW, Duration.ofDays(30));
		RTCCertificatePEM accepted = NativeInput.certificate(good);
		assertThat(accepted.getCertificate()).isEqualTo(good.certificatePem());
		assertThat(accepted.getPrivateKey()).isEqualTo(good.privateKeyPem());
		assertThat(accepted.getExpires()).isEqualTo(good.notAfter().toEpochMilli());
		String cert = good.certificatePem();
		int middle = cert.indexOf('\n', 40) + 5;
		assertThatThrownBy(() -> NativeInput.certificate(new SelfSignedCertificate(good.privateKeyPem(),
				cert.substring(0, middle) + "%n" + cert.substring(middle), good.notAfter())))
			.isInstanceOf(OperationRejectedException.class)
			.hasMessageContaining("outside base64");
		String flipped = cert.substring(0, middle) + ((cert.charAt(middle) == 'A') ? 'B' : 'A')
				+ cert.substring(middle + 1);
		assertThatThrownBy(() -> NativeInput
			.certificate(new SelfSignedCertificate(good.privateKeyPem(), flipped, good.notAfter())))
			.isInstanceOf(OperationRejectedException.class)
			.hasMessageContaining("cannot be read");
		assertThatThrownBy(() -> NativeInput
			.certificate(new SelfSignedCertificate(good.certificatePem(), good.privateKeyPem(), good.notAfter())))
			.isInstanceOf(OperationRejectedException.class)
			.hasMessageContaining("not one PEM block");
		assertThatThrownBy(() -> NativeInput
			.certificate(new SelfSignedCertificate(good.privateKeyPem(), cert + cert, good.notAfter())))
			.isInstanceOf(OperationRejectedException.class);
	}

	@Test
	void theInstanceCertificateIsKeptAndRenewedADayBeforeItExpires() throws Exception {
		AtomicReference<Instant> now = new AtomicReference<>(NOW);
		Clock clock = new Clock() {

			@Override
			public ZoneOffset getZone() {
				return ZoneOffset.UTC;
			}

			@Override
			public Clock withZone(ZoneId zone) {
				return this;
			}

			@Override
			public Instant instant() {
				return now.get();
			}

		};
		InstanceCertificate instance = new InstanceCertificate(clock);
		RTCCertificatePEM first = instance.forNewConnection();
		now.set(NOW.plus(Duration.ofDays(28)).plusSeconds(3600));
		assertThat(instance.forNewConnection()).isSameAs(first);
		now.set(NOW.plus(Duration.ofDays(29)));
		RTCCertificatePEM second = instance.forNewConnection();
		assertThat(second).isNotSameAs(first);
		assertThat(second.getCertificate()).isNotEqualTo(first.getCertificate());
		assertThat(parse(second.getCertificate()).getNotAfter())
			.isEqualTo(Date.from(NOW.plus(Duration.ofDays(29 + 30))));
		assertThat(instance.forNewConnection()).isSameAs(second);
	}

	private static X509Certificate parse(String pem) throws Exception {
		return (X509Certificate) CertificateFactory.getInstance("X.509")
			.generateCertificate(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
	}

	private static byte[] body(String pem) {
		String[] lines = pem.split("\n");
		StringBuilder body = new StringBuilder();
		for (int i = 1; i < lines.length - 1; i++) {
			body.append(lines[i]);
		}
		return Base64.getDecoder().decode(body.toString());
	}

}
