package io.portolan.oci;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A content digest, {@code <algorithm>:<hex>}. Only sha256 is computed here; sha512 digests are
 * parsed so that they can be compared and reported.
 */
public record Digest(String algorithm, String hex) {
  private static final Pattern SHA256 = Pattern.compile("[a-f0-9]{64}");
  private static final Pattern SHA512 = Pattern.compile("[a-f0-9]{128}");

  public Digest {
    Objects.requireNonNull(algorithm, "algorithm");
    Objects.requireNonNull(hex, "hex");
    boolean ok =
        switch (algorithm) {
          case "sha256" -> SHA256.matcher(hex).matches();
          case "sha512" -> SHA512.matcher(hex).matches();
          default -> false;
        };
    if (!ok) {
      throw new IllegalArgumentException(
          "Not a valid digest: [" + algorithm + ":" + hex + "] (expected sha256:<64 hex digits>)");
    }
  }

  /** Parses {@code sha256:<64 hex>}; throws {@link IllegalArgumentException} with the reason. */
  public static Digest parse(String value) {
    if (value == null) {
      throw new IllegalArgumentException("A digest is required");
    }
    int colon = value.indexOf(':');
    if (colon <= 0) {
      throw new IllegalArgumentException(
          "Not a valid digest: [" + value + "] (expected sha256:<64 hex digits>)");
    }
    return new Digest(value.substring(0, colon), value.substring(colon + 1));
  }

  /** Whether a string looks like a digest rather than a tag. */
  public static boolean isDigest(String reference) {
    return reference != null && reference.contains(":");
  }

  /** The sha256 of the bytes. */
  public static Digest sha256(byte[] bytes) {
    return new Digest("sha256", HexFormat.of().formatHex(newSha256().digest(bytes)));
  }

  static MessageDigest newSha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public String toString() {
    return algorithm + ":" + hex;
  }
}
