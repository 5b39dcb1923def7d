package io.portolan.catalog.crypto;

import io.micronaut.context.annotation.Context;
import io.portolan.catalog.consumer.JoinTokenRepository;
import io.portolan.catalog.registry.jdbc.RegistryRepository;
import io.portolan.sealing.AtRestCipher;
import jakarta.annotation.PostConstruct;
import java.util.TreeSet;

/**
 * Refuses to start when stored secrets were written under keys the master keyset does not hold: the
 * keyset was replaced instead of rotated, and every read of those secrets would fail. Failing at
 * start names the cause; failing on the first update would not.
 */
@Context
public class MasterKeyCheck {
  private final RegistryRepository registries;
  private final JoinTokenRepository joinTokens;
  private final AtRestCipher cipher;

  public MasterKeyCheck(
      RegistryRepository registries, JoinTokenRepository joinTokens, AtRestCipher cipher) {
    this.registries = registries;
    this.joinTokens = joinTokens;
    this.cipher = cipher;
  }

  @PostConstruct
  void check() {
    TreeSet<Long> missing = new TreeSet<>(registries.findKeyIdsInUse());
    missing.addAll(joinTokens.findKeyIdsInUse());
    cipher.keyIds().forEach(id -> missing.remove((long) id));
    if (!missing.isEmpty()) {
      throw new IllegalStateException(
          "The master keyset (key ids "
              + cipher.keyIds()
              + ") lacks the key ids "
              + missing
              + " that stored secrets were written under: it was replaced instead of rotated."
              + " Configure the previous keyset, then rotate it with"
              + " `./portolan keys rotate-master --keyset FILE`.");
    }
  }
}
