package io.portolan.sealing;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Proofs that a consumer holds a one-time join token, without the token ever travelling: the
 * consumer announces {@code HMAC-SHA256(token, consumerId + "\n" + keyFingerprint)}, which binds
 * the token to the exact key it presents.
 */
public final class JoinProofs {
  private JoinProofs() {}

  public static String proof(Secret joinToken, String consumerId, String keyFingerprint) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(
          new SecretKeySpec(joinToken.reveal().getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      byte[] tag =
          mac.doFinal((consumerId + "\n" + keyFingerprint).getBytes(StandardCharsets.UTF_8));
      return Base64.getUrlEncoder().withoutPadding().encodeToString(tag);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is not available", e);
    }
  }

  /** Checks a proof in constant time. */
  public static boolean verify(
      Secret joinToken, String consumerId, String keyFingerprint, String proof) {
    if (proof == null) {
      return false;
    }
    String expected = proof(joinToken, consumerId, keyFingerprint);
    return MessageDigest.isEqual(
        expected.getBytes(StandardCharsets.US_ASCII), proof.getBytes(StandardCharsets.US_ASCII));
  }
}
