package io.portolan.catalog.crypto;

import io.micronaut.context.annotation.Factory;
import io.portolan.catalog.config.CatalogConfig;
import io.portolan.sealing.AtRestCipher;
import io.portolan.sealing.Sealer;
import io.portolan.sealing.SealingException;
import io.portolan.sealing.Secret;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads the catalog's keys from configuration, failing start-up with a clear message. */
@Factory
public class CatalogKeys {

  @Singleton
  AtRestCipher atRestCipher(CatalogConfig config) throws SealingException {
    String json =
        read(
            config.masterKeyset(),
            config.masterKeysetFile(),
            "portolan.catalog.master-keyset (PORTOLAN_CATALOG_MASTER_KEYSET) or"
                + " portolan.catalog.master-keyset-file");
    return AtRestCipher.fromKeysetJson(Secret.of(json));
  }

  @Singleton
  Sealer minterSealer(CatalogConfig config) throws SealingException {
    String json =
        read(
            config.minterPublicKeyset(),
            config.minterPublicKeysetFile(),
            "portolan.catalog.minter-public-keyset (PORTOLAN_CATALOG_MINTER_PUBLIC_KEYSET) or"
                + " portolan.catalog.minter-public-keyset-file");
    return Sealer.forPublicKeyset(json);
  }

  private static String read(String inline, String file, String names) {
    if (inline != null && !inline.isBlank()) {
      return inline;
    }
    if (file != null && !file.isBlank()) {
      try {
        return Files.readString(Path.of(file));
      } catch (IOException e) {
        throw new IllegalStateException("Could not read " + file + " (" + names + "): " + e, e);
      }
    }
    throw new IllegalStateException(
        "No key configured: set "
            + names
            + ". Generate keys with `./portolan keys generate` (see README).");
  }
}
