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

  /** Seals a record as JSON (the contract's mapping). */
  public SealedBox sealJson(Object value, String context) {
    try {
      return seal(EventJson.mapper().writeValueAsBytes(value), context);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalArgumentException(
          "Tried to write " + value.getClass().getSimpleName() + " as JSON but failed", e);
    }
  }
}
