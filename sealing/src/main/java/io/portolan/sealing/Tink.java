package io.portolan.sealing;

import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.TinkProtoKeysetFormat;
import com.google.crypto.tink.aead.AeadConfig;
import com.google.crypto.tink.hybrid.HybridConfig;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Tink registration and keyset fingerprints. */
final class Tink {
  static {
    try {
      AeadConfig.register();
      HybridConfig.register();
    } catch (GeneralSecurityException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private Tink() {}

  /** Makes sure the primitives are registered; cheap after the first call. */
  static void init() {
    // the static initializer does the work
  }

  /** {@code sha256:<hex>} of the keyset's public part in Tink's binary format. */
  static String fingerprint(KeysetHandle publicHandle) throws GeneralSecurityException {
    byte[] bytes = TinkProtoKeysetFormat.serializeKeysetWithoutSecret(publicHandle);
    try {
      return "sha256:"
          + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
