package io.portolan.providers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.Base64;

/** Reads claims of a JWT without verifying it (the issuer verifies; we only need its expiry). */
final class Jwts {
  private static final ObjectMapper JSON = new ObjectMapper();

  private Jwts() {}

  /** The {@code exp} claim, or null when the token is not a readable JWT. */
  static Instant expiry(String jwt) {
    if (jwt == null) {
      return null;
    }
    String[] parts = jwt.split("\\.");
    if (parts.length < 2) {
      return null;
    }
    try {
      JsonNode claims = JSON.readTree(Base64.getUrlDecoder().decode(parts[1]));
      JsonNode exp = claims.path("exp");
      return exp.canConvertToLong() ? Instant.ofEpochSecond(exp.asLong()) : null;
    } catch (Exception e) {
      return null;
    }
  }
}
