package io.portolan.oci;

/** How the client checks the registry's TLS. */
public enum TlsMode {
  /** Verify against the JVM's trusted CAs. */
  SECURE,
  /** Verify against the JVM's trusted CAs plus a given CA certificate. */
  SECURE_WITH_CA,
  /**
   * Do not verify, and fall back to plain HTTP when the registry does not speak TLS: what Docker
   * does for an insecure registry.
   */
  INSECURE
}
