package io.portolan.sealing;

import com.google.crypto.tink.HybridDecrypt;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import io.portolan.events.EventJson;
import io.portolan.events.SealedBox;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;

/**
 * Opens boxes sealed to this recipient's keyset, including boxes sealed to keys that have since
 * been rotated out of primary, and boxes of a {@link Sealer.Batch} (their data keys are kept, a
 * bounded number, so a batch costs one hybrid decryption).
 *
 * <p>Thread-safe.
 */
public final class Opener {
  private final HybridDecrypt decrypt;
  private final String fingerprint;
  private final java.util.Map<String, javax.crypto.spec.SecretKeySpec> dataKeys =
      new java.util.LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(
            java.util.Map.Entry<String, javax.crypto.spec.SecretKeySpec> eldest) {
          return size() > 4096;
        }
      };

  Opener(KeysetHandle privateHandle, String fingerprint) {
    try {
      this.decrypt = privateHandle.getPrimitive(RegistryConfiguration.get(), HybridDecrypt.class);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("Tried to build a hybrid decrypter but failed", e);
    }
    this.fingerprint = fingerprint;
  }

  public String fingerprint() {
    return fingerprint;
  }

  public byte[] open(SealedBox box, String context) throws SealingException {
    if (box.wrappedKey() != null) {
      return openWithDataKey(box, context);
    }
    byte[] ciphertext;
    try {
      ciphertext = Base64.getDecoder().decode(box.ciphertext());
    } catch (IllegalArgumentException e) {
      throw new SealingException("Tried to open a box but failed because it is not base64", e);
    }
    try {
      return decrypt.decrypt(ciphertext, context.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      String why =
          box.recipient().equals(fingerprint)
              ? "it was sealed for another context than [" + context + "] or was altered"
              : "it was sealed to "
                  + box.recipient()
                  + ", and no key of this recipient ("
                  + fingerprint
                  + ") opens it";
      throw new SealingException("Tried to open a box but failed because " + why, e);
    }
  }

  private byte[] openWithDataKey(SealedBox box, String context) throws SealingException {
    String cacheKey = box.keyContext() + "\n" + box.wrappedKey();
    javax.crypto.spec.SecretKeySpec key;
    synchronized (dataKeys) {
      key = dataKeys.get(cacheKey);
    }
    if (key == null) {
      byte[] raw = open(new SealedBox(box.recipient(), box.wrappedKey()), box.keyContext());
      key = new javax.crypto.spec.SecretKeySpec(raw, "AES");
      java.util.Arrays.fill(raw, (byte) 0);
      synchronized (dataKeys) {
        dataKeys.put(cacheKey, key);
      }
    }
    try {
      return DataKeys.decrypt(key, Base64.getDecoder().decode(box.ciphertext()), context);
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      throw new SealingException(
          "Tried to open a box but failed because it was sealed for another context than ["
              + context
              + "] or was altered",
          e);
    }
  }

  /** Opens a box holding JSON and reads it as the given record type. */
  public <T> T openJson(SealedBox box, String context, Class<T> type) throws SealingException {
    byte[] json = open(box, context);
    try {
      return EventJson.mapper().readValue(json, type);
    } catch (IOException e) {
      throw new SealingException(
          "Opened a box but its content is not a valid " + type.getSimpleName(), null);
    } finally {
      java.util.Arrays.fill(json, (byte) 0);
    }
  }
}
