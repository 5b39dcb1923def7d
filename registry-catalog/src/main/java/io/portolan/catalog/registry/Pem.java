package io.portolan.catalog.registry;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Collection;

/** Checks PEM certificates in requests. */
final class Pem {
  private Pem() {}

  static void checkCertificate(JsonFields f, String pem, String path) {
    if (!pem.contains("-----BEGIN CERTIFICATE-----")) {
      f.problem(
          path,
          "is not a PEM certificate",
          "-----BEGIN CERTIFICATE----- ... -----END CERTIFICATE-----");
      return;
    }
    try {
      Collection<? extends java.security.cert.Certificate> certificates =
          CertificateFactory.getInstance("X.509")
              .generateCertificates(
                  new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
      if (certificates.isEmpty()) {
        f.problem(path, "holds no certificate", null);
      }
      for (var certificate : certificates) {
        if (certificate instanceof X509Certificate x509) {
          x509.checkValidity();
        }
      }
    } catch (java.security.cert.CertificateExpiredException e) {
      f.problem(path, "holds a certificate that has expired", null);
    } catch (java.security.cert.CertificateNotYetValidException e) {
      f.problem(path, "holds a certificate that is not valid yet", null);
    } catch (CertificateException | RuntimeException e) {
      f.problem(path, "is not a readable X.509 certificate", null);
    }
  }
}
