package io.portolan.catalog;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.portolan.events.EventJson;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPairGenerator;
import java.util.Base64;

/**
 * Valid material for registry requests: a CA certificate, an SSH host key, a service-account key.
 */
final class Fixtures {
  private static String serviceAccountKey;

  private Fixtures() {}

  /** A self-signed CA certificate (P-256, valid until 2126). */
  static String caCertificate() {
    return resource("ca.pem");
  }

  /** An ed25519 host key line as ssh-keyscan prints it. */
  static String knownHostKey() {
    return resource("known-host-key.txt").trim();
  }

  /**
   * A service-account JSON key in Google's layout with a freshly generated RSA key, so that nothing
   * secret is committed; the same key for the whole test JVM.
   */
  static synchronized String serviceAccountKey() {
    if (serviceAccountKey == null) {
      try {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        byte[] der = generator.generateKeyPair().getPrivate().getEncoded();
        ObjectNode key = EventJson.mapper().createObjectNode();
        key.put("type", "service_account");
        key.put("project_id", "project");
        key.put("private_key_id", "0123456789abcdef");
        key.put(
            "private_key",
            "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                    .encodeToString(der)
                + "\n-----END PRIVATE KEY-----\n");
        key.put("client_email", "puller@project.iam.gserviceaccount.com");
        key.put("client_id", "100000000000000000001");
        key.put("token_uri", "https://oauth2.googleapis.com/token");
        serviceAccountKey = key.toString();
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException(e);
      }
    }
    return serviceAccountKey;
  }

  /** A JSON string literal of the value. */
  static String quoted(String value) {
    try {
      return EventJson.mapper().writeValueAsString(value);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String resource(String name) {
    try (InputStream in = Fixtures.class.getResourceAsStream("/fixtures/" + name)) {
      if (in == null) {
        throw new IllegalStateException("missing test fixture " + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
