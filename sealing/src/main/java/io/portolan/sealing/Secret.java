package io.portolan.sealing;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Objects;

/**
 * A secret value (password, token, private key). Its {@code toString()} is {@code ***}, so it can
 * not reach a log line, an exception message or a response by accident; {@link #reveal()} is the
 * one deliberate way out.
 *
 * <p>Immutable and thread-safe.
 */
public final class Secret {
  private final String value;

  private Secret(String value) {
    this.value = Objects.requireNonNull(value, "value");
  }

  public static Secret of(String value) {
    return new Secret(value);
  }

  /** Null for null, so optional secrets stay optional. */
  public static Secret ofNullable(String value) {
    return value == null ? null : new Secret(value);
  }

  /** The secret in clear. Call it only where the value is used. */
  public String reveal() {
    return value;
  }

  public boolean isEmpty() {
    return value.isEmpty();
  }

  /** Compares in constant time. */
  @Override
  public boolean equals(Object o) {
    return o instanceof Secret other
        && MessageDigest.isEqual(
            value.getBytes(StandardCharsets.UTF_8), other.value.getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public int hashCode() {
    return 0; // never derive anything observable from the value
  }

  @Override
  public String toString() {
    return "***";
  }
}
