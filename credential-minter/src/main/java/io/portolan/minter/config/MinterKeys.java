package io.portolan.minter.config;

import io.micronaut.context.annotation.Factory;
import io.portolan.sealing.SealingException;
import io.portolan.sealing.SealingKeys;
import io.portolan.sealing.Secret;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads the minter's private keyset, failing start-up with what to configure. */
@Factory
public class MinterKeys {
  @Singleton
  SealingKeys minterKeys(MinterConfig config) throws SealingException, IOException {
    if (config.privateKeyset() != null && !config.privateKeyset().isBlank()) {
      return SealingKeys.fromPrivateKeyset(Secret.of(config.privateKeyset()));
    }
    if (config.privateKeysetFile() != null && !config.privateKeysetFile().isBlank()) {
      return SealingKeys.fromPrivateKeyset(
          Secret.of(Files.readString(Path.of(config.privateKeysetFile()))));
    }
    throw new IllegalStateException(
        "No minter keyset configured: set portolan.minter.private-keyset"
            + " (PORTOLAN_MINTER_PRIVATE_KEYSET) or portolan.minter.private-keyset-file."
            + " Generate one with `./portolan keys generate` (see README).");
  }
}
