package io.portolan.sealing;

import com.google.crypto.tink.HybridEncrypt;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import io.portolan.events.EventJson;
import io.portolan.events.SealedBox;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;

/**
 * Seals plaintext to one recipient's public keyset. The context string (for example {@code
 * credential:<consumerId>/<registryId>}) is bound into the ciphertext: a box opens only under the
 * same context, so a box cannot be replayed for another registry or consumer.
 *
 * <p>Immutable and thread-safe.
 */
public final class Sealer {
  private final HybridEncrypt encrypt;
  private final String fingerprint;

  Sealer(KeysetHandle publicHandle, String fingerprint) {
    try {
      this.encrypt = publicHandle.getPrimitive(RegistryConfiguration.get(), HybridEncrypt.class);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("Tried to build a hybrid encrypter but failed", e);
    }
    this.fingerprint = fingerprint;
  }

  /** A sealer for a public keyset in Tink's JSON format, as announced by a consumer. */
  public static Sealer forPublicKeyset(String publicKeysetJson) throws SealingException {
    Tink.init();
    try {
      KeysetHandle handle = TinkJsonProtoKeysetFormat.parseKeysetWithoutSecret(publicKeysetJson);
      return new Sealer(handle, Tink.fingerprint(handle));
    } catch (GeneralSecurityException | RuntimeException e) {
      throw new SealingException(
          "Tried to read a public keyset but failed because it is not a Tink JSON hybrid public"
              + " keyset ("
              + e.getClass().getSimpleName()
              + ")",
          e);
    }
  }

  /** The fingerprint of the public keyset, as {@link SealedBox#recipient()}. */
  public String fingerprint() {
    return fingerprint;
  }

  public SealedBox seal(byte[] plaintext, String context) {
    try {
      byte[] ciphertext = encrypt.encrypt(plaintext, context.getBytes(StandardCharsets.UTF_8));
      return new SealedBox(fingerprint, Base64.getEncoder().encodeToString(ciphertext));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("Tried to seal a box for " + fingerprint + " but failed", e);
    }
  }

  /**
   * Seals many values to this recipient for the price of one hybrid encryption: a fresh AES-256
   * data key is sealed once, bound to {@code keyContext}, and each value is AES-GCM-encrypted under
   * it with its own context as associated data. An opener opens a whole batch with one hybrid
   * decryption. Use one batch per recipient for values the recipient may all read (one credential
   * for many registries), and a new batch when the values change.
   */
  public Batch batch(String keyContext) {
    byte[] key = new byte[32];
    DataKeys.RANDOM.nextBytes(key);
    SealedBox wrapped = seal(key, keyContext);
    return new Batch(key, wrapped.ciphertext(), keyContext);
  }

  /** Boxes sealed under one data key; thread-safe. */
  public final class Batch {
    private final javax.crypto.spec.SecretKeySpec key;
    private final String wrappedKey;
    private final String keyContext;

    private Batch(byte[] key, String wrappedKey, String keyContext) {
      this.key = new javax.crypto.spec.SecretKeySpec(key, "AES");
      java.util.Arrays.fill(key, (byte) 0);
      this.wrappedKey = wrappedKey;
      this.keyContext = keyContext;
    }

    public SealedBox seal(byte[] plaintext, String context) {
      return new SealedBox(
          fingerprint,
          Base64.getEncoder().encodeToString(DataKeys.encrypt(key, plaintext, context)),
          wrappedKey,
          keyContext);
    }

    public SealedBox sealJson(Object value, String context) {
      return seal(Sealer.json(value), context);
    }
  }

  static byte[] json(Object value) {
    try {
      return EventJson.mapper().writeValueAsBytes(value);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalArgumentException(
          "Tried to write " + value.getClass().getSimpleName() + " as JSON but failed", e);
    }
  }

  /** Seals a record as JSON (the contract's mapping). */
  public SealedBox sealJson(Object value, String context) {
    return seal(json(value), context);
  }
}
