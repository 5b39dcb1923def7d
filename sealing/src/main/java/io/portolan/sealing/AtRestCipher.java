package io.portolan.sealing;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeyStatus;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import com.google.crypto.tink.aead.PredefinedAeadParameters;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;

/**
 * Encrypts secrets for storage with AES-256-GCM under a master keyset. Every ciphertext starts with
 * the id of the key that wrote it (Tink's prefix), so a keyset can hold old keys while a new
 * primary key takes over: rows written under an old key still decrypt, and {@link
 * #needsReencryption} tells which rows a re-encryption pass should rewrite.
 *
 * <p>The associated data (for example the registry id) binds a ciphertext to its row: a ciphertext
 * copied to another row does not decrypt.
 *
 * <p>Immutable and thread-safe.
 */
public final class AtRestCipher {
  private final Aead aead;
  private final int primaryKeyId;
  private final int keyCount;
  private final java.util.Set<Integer> keyIds;

  private AtRestCipher(KeysetHandle handle) throws GeneralSecurityException {
    this.aead = handle.getPrimitive(RegistryConfiguration.get(), Aead.class);
    this.primaryKeyId = handle.getPrimary().getId();
    this.keyCount = handle.size();
    java.util.Set<Integer> ids = new java.util.TreeSet<>();
    for (int i = 0; i < handle.size(); i++) {
      ids.add(handle.getAt(i).getId());
    }
    this.keyIds = java.util.Collections.unmodifiableSet(ids);
  }

  /** Reads a keyset in Tink's JSON format. */
  public static AtRestCipher fromKeysetJson(Secret keysetJson) throws SealingException {
    Tink.init();
    try {
      return new AtRestCipher(
          TinkJsonProtoKeysetFormat.parseKeyset(
              keysetJson.reveal(), InsecureSecretKeyAccess.get()));
    } catch (GeneralSecurityException | RuntimeException e) {
      throw new SealingException(
          "Tried to read the master keyset but failed because it is not a Tink JSON AEAD keyset"
              + " ("
              + e.getClass().getSimpleName()
              + "). Generate one with `./portolan keys generate`.",
          e);
    }
  }

  /** A new keyset with one AES-256-GCM key, in Tink's JSON format. */
  public static Secret generateKeyset() {
    Tink.init();
    try {
      KeysetHandle handle = KeysetHandle.generateNew(PredefinedAeadParameters.AES256_GCM);
      return Secret.of(
          TinkJsonProtoKeysetFormat.serializeKeyset(handle, InsecureSecretKeyAccess.get()));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("Tried to generate an AEAD keyset but failed", e);
    }
  }

  /**
   * Adds a fresh key to a keyset and makes it primary. The old keys stay, enabled, so that existing
   * ciphertexts still decrypt until they are re-encrypted.
   */
  public static Secret rotate(Secret keysetJson) throws SealingException {
    Tink.init();
    try {
      KeysetHandle old =
          TinkJsonProtoKeysetFormat.parseKeyset(keysetJson.reveal(), InsecureSecretKeyAccess.get());
      KeysetHandle rotated =
          KeysetHandle.newBuilder(old)
              .addEntry(
                  KeysetHandle.generateEntryFromParameters(PredefinedAeadParameters.AES256_GCM)
                      .withRandomId()
                      .setStatus(KeyStatus.ENABLED)
                      .makePrimary())
              .build();
      return Secret.of(
          TinkJsonProtoKeysetFormat.serializeKeyset(rotated, InsecureSecretKeyAccess.get()));
    } catch (GeneralSecurityException | RuntimeException e) {
      throw new SealingException("Tried to rotate the master keyset but failed", e);
    }
  }

  /**
   * The keyset with only its primary key: run after every stored secret was re-encrypted under the
   * primary, to retire the old keys.
   */
  public static Secret withoutOldKeys(Secret keysetJson) throws SealingException {
    Tink.init();
    try {
      KeysetHandle handle =
          TinkJsonProtoKeysetFormat.parseKeyset(keysetJson.reveal(), InsecureSecretKeyAccess.get());
      KeysetHandle.Builder builder = KeysetHandle.newBuilder(handle);
      for (int i = builder.size() - 1; i >= 0; i--) {
        if (!builder.getAt(i).isPrimary()) {
          builder.removeAt(i);
        }
      }
      return Secret.of(
          TinkJsonProtoKeysetFormat.serializeKeyset(
              builder.build(), InsecureSecretKeyAccess.get()));
    } catch (GeneralSecurityException | RuntimeException e) {
      throw new SealingException("Tried to remove the old keys of the master keyset but failed", e);
    }
  }

  /** The ids of the keyset's keys; ciphertexts carry the id they were written under. */
  public java.util.Set<Integer> keyIds() {
    return keyIds;
  }

  /** How many keys the keyset holds. */
  public int keyCount() {
    return keyCount;
  }

  public byte[] encrypt(byte[] plaintext, String associatedData) {
    try {
      return aead.encrypt(plaintext, associatedData.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("Tried to encrypt a secret but failed", e);
    }
  }

  public byte[] decrypt(byte[] ciphertext, String associatedData) throws SealingException {
    try {
      return aead.decrypt(ciphertext, associatedData.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new SealingException(
          "Tried to decrypt a stored secret written under key id "
              + keyIdOf(ciphertext)
              + " but failed because no key of the master keyset opens it for ["
              + associatedData
              + "]. Was the keyset replaced instead of rotated?",
          e);
    }
  }

  /** The id of the key new ciphertexts are written under. */
  public int primaryKeyId() {
    return primaryKeyId;
  }

  /** The id of the key a ciphertext was written under (Tink's 5-byte prefix), or -1. */
  public static int keyIdOf(byte[] ciphertext) {
    if (ciphertext == null || ciphertext.length < 5 || ciphertext[0] != 0x01) {
      return -1;
    }
    return ByteBuffer.wrap(ciphertext, 1, 4).getInt();
  }

  /** Whether a ciphertext was written under a key other than the current primary. */
  public boolean needsReencryption(byte[] ciphertext) {
    return keyIdOf(ciphertext) != primaryKeyId;
  }
}
