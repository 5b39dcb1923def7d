package io.portolan.catalog.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Checks a Google service-account JSON key without echoing it. */
final class ServiceAccountKeys {
  private static final ObjectMapper JSON = new ObjectMapper();

  private ServiceAccountKeys() {}

  /** Returns the key's {@code client_email} when it is a usable key; records problems otherwise. */
  static String check(JsonFields f, String key, String path) {
    JsonNode node;
    try {
      node = JSON.readTree(key);
    } catch (java.io.IOException e) {
      f.problem(path, "is not JSON", "paste the whole key file downloaded from Google Cloud");
      return null;
    }
    if (node == null || !node.isObject()) {
      f.problem(path, "is not a JSON object", null);
      return null;
    }
    if (!"service_account".equals(node.path("type").asText())) {
      f.problem(path + ".type", "must be service_account", null);
    }
    String email = node.path("client_email").asText("");
    if (!email.contains("@")) {
      f.problem(path + ".client_email", "is missing or not an e-mail address", null);
    }
    String privateKey = node.path("private_key").asText("");
    if (!privateKey.contains("-----BEGIN PRIVATE KEY-----")) {
      f.problem(path + ".private_key", "is missing or not a PEM private key", null);
    } else if (!readableRsaKey(privateKey)) {
      f.problem(
          path + ".private_key",
          "is not a readable RSA private key (PKCS #8)",
          "paste the key file exactly as downloaded; the newlines inside private_key are \\n");
    }
    String tokenUri = node.path("token_uri").asText("");
    if (!tokenUri.startsWith("https://")) {
      f.problem(path + ".token_uri", "is missing or not an https URL", null);
    }
    return email.contains("@") ? email : null;
  }

  /** True when the PEM holds a PKCS #8 RSA private key, as Google issues them. */
  static boolean readableRsaKey(String pem) {
    int begin = pem.indexOf("-----BEGIN PRIVATE KEY-----");
    int end = pem.indexOf("-----END PRIVATE KEY-----");
    if (begin < 0 || end < begin) {
      return false;
    }
    String body = pem.substring(begin + "-----BEGIN PRIVATE KEY-----".length(), end);
    try {
      byte[] der = java.util.Base64.getMimeDecoder().decode(body);
      java.security.KeyFactory.getInstance("RSA")
          .generatePrivate(new java.security.spec.PKCS8EncodedKeySpec(der));
      return true;
    } catch (IllegalArgumentException | java.security.GeneralSecurityException e) {
      return false;
    }
  }
}
