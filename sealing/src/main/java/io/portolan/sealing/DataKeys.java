package io.portolan.sealing;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-256-GCM under a data key: a 12-byte random nonce, then the ciphertext and its 16-byte tag.
 * The box's context is the associated data, so a box opens only under the context it was sealed
 * for.
 */
final class DataKeys {
  static final SecureRandom RANDOM = new SecureRandom();
  private static final int NONCE = 12;
  private static final byte[] DOMAIN = "portolan-dem-v1\n".getBytes(StandardCharsets.UTF_8);

  private DataKeys() {}

  static byte[] encrypt(SecretKeySpec key, byte[] plaintext, String context) {
    try {
      byte[] nonce = new byte[NONCE];
      RANDOM.nextBytes(nonce);
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, nonce));
      cipher.updateAAD(aad(context));
      byte[] sealed = cipher.doFinal(plaintext);
      return ByteBuffer.allocate(NONCE + sealed.length).put(nonce).put(sealed).array();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("Tried to encrypt under a data key but failed", e);
    }
  }

  static byte[] decrypt(SecretKeySpec key, byte[] box, String context)
      throws GeneralSecurityException {
    if (box.length < NONCE + 16) {
      throw new GeneralSecurityException("too short");
    }
    Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
    cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, box, 0, NONCE));
    cipher.updateAAD(aad(context));
    return cipher.doFinal(box, NONCE, box.length - NONCE);
  }

  private static byte[] aad(String context) {
    byte[] c = context.getBytes(StandardCharsets.UTF_8);
    return ByteBuffer.allocate(DOMAIN.length + c.length).put(DOMAIN).put(c).array();
  }
}
