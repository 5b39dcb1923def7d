package io.portolan.sealing;

import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeyStatus;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import com.google.crypto.tink.hybrid.HpkeParameters;
import java.security.GeneralSecurityException;

/**
 * A recipient's hybrid key pair (HPKE: X25519, HKDF-SHA256, AES-256-GCM). The private keyset stays
 * with its owner; the public keyset is announced, and anyone holding it can {@link Sealer seal} to
 * the owner, who alone can {@link Opener open}.
 *
 * <p>Immutable and thread-safe.
 */
public final class SealingKeys {
  static final HpkeParameters HPKE;

  static {
    Tink.init();
    try {
      HPKE =
          HpkeParameters.builder()
              .setVariant(HpkeParameters.Variant.TINK)
              .setKemId(HpkeParameters.KemId.DHKEM_X25519_HKDF_SHA256)
              .setKdfId(HpkeParameters.KdfId.HKDF_SHA256)
              .setAeadId(HpkeParameters.AeadId.AES_256_GCM)
              .build();
    } catch (GeneralSecurityException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private final KeysetHandle privateHandle;
  private final KeysetHandle publicHandle;
  private final String fingerprint;

  private SealingKeys(KeysetHandle privateHandle) throws GeneralSecurityException {
    this.privateHandle = privateHandle;
    this.publicHandle = privateHandle.getPublicKeysetHandle();
    this.fingerprint = Tink.fingerprint(publicHandle);
  }

  /** A new key pair. */
  public static SealingKeys generate() {
    try {
      return new SealingKeys(KeysetHandle.generateNew(HPKE));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("Tried to generate a hybrid key pair but failed", e);
    }
  }

  /** Reads a private keyset in Tink's JSON format. */
  public static SealingKeys fromPrivateKeyset(Secret json) throws SealingException {
    try {
      return new SealingKeys(
          TinkJsonProtoKeysetFormat.parseKeyset(json.reveal(), InsecureSecretKeyAccess.get()));
    } catch (GeneralSecurityException | RuntimeException e) {
      throw new SealingException(
          "Tried to read a private sealing keyset but failed because it is not a Tink JSON hybrid"
              + " private keyset ("
              + e.getClass().getSimpleName()
              + ")",
          e);
    }
  }

  /**
   * Adds a new key pair and makes it primary. Boxes sealed to the old public keyset still open; new
   * seals use the new key once senders have the new public keyset.
   */
  public SealingKeys rotate() {
    try {
      return new SealingKeys(
          KeysetHandle.newBuilder(privateHandle)
              .addEntry(
                  KeysetHandle.generateEntryFromParameters(HPKE)
                      .withRandomId()
                      .setStatus(KeyStatus.ENABLED)
                      .makePrimary())
              .build());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("Tried to rotate a hybrid keyset but failed", e);
    }
  }

  public Secret privateKeysetJson() {
    try {
      return Secret.of(
          TinkJsonProtoKeysetFormat.serializeKeyset(privateHandle, InsecureSecretKeyAccess.get()));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The public keyset in Tink's JSON format: safe to publish. */
  public String publicKeysetJson() {
    try {
      return TinkJsonProtoKeysetFormat.serializeKeysetWithoutSecret(publicHandle);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** {@code sha256:<hex>} of the public keyset. */
  public String fingerprint() {
    return fingerprint;
  }

  public Opener opener() {
    return new Opener(privateHandle, fingerprint);
  }

  public Sealer sealer() {
    return new Sealer(publicHandle, fingerprint);
  }

  @Override
  public String toString() {
    return "SealingKeys[" + fingerprint + "]";
  }
}
