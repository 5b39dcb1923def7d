package io.portolan.oci;

import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Locale;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * Checks a registry's certificate chain as the JDK does, and its name against the registry's name
 * rather than the address connected to. Used when the registry is reached at another address (the
 * local end of an SSH tunnel, a private endpoint by IP): the certificate still has to be the
 * registry's.
 */
final class NameCheckingTrustManager extends X509ExtendedTrustManager {
  private final X509TrustManager delegate;
  private final String name;

  NameCheckingTrustManager(X509TrustManager delegate, String name) {
    this.delegate = delegate;
    this.name = name.toLowerCase(Locale.ROOT);
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType)
      throws CertificateException {
    delegate.checkServerTrusted(chain, authType); // the chain, without the connection's name
    if (!matches(chain[0], name)) {
      throw new CertificateException(
          "the registry's certificate is not for " + name + " (it was reached at another address)");
    }
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
      throws CertificateException {
    checkServerTrusted(chain, authType);
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
      throws CertificateException {
    checkServerTrusted(chain, authType);
  }

  static boolean matches(X509Certificate certificate, String name) {
    try {
      if (certificate.getSubjectAlternativeNames() == null) {
        return false;
      }
      for (List<?> san : certificate.getSubjectAlternativeNames()) {
        int type = (Integer) san.get(0);
        String value = String.valueOf(san.get(1)).toLowerCase(Locale.ROOT);
        if ((type == 2 || type == 7) && value.equals(name)) {
          return true;
        }
        if (type == 2 && value.startsWith("*.")) {
          int dot = name.indexOf('.');
          if (dot > 0 && name.substring(dot).equals(value.substring(1))) {
            return true; // a wildcard covers exactly one label
          }
        }
      }
      return false;
    } catch (CertificateParsingException e) {
      return false;
    }
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType)
      throws CertificateException {
    delegate.checkClientTrusted(chain, authType);
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
      throws CertificateException {
    delegate.checkClientTrusted(chain, authType);
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
      throws CertificateException {
    delegate.checkClientTrusted(chain, authType);
  }

  @Override
  public X509Certificate[] getAcceptedIssuers() {
    return delegate.getAcceptedIssuers();
  }
}
