package io.portolan.catalog.crypto;

import io.micronaut.transaction.annotation.Transactional;
import io.portolan.catalog.audit.AuditLog;
import io.portolan.catalog.consumer.JoinTokens;
import io.portolan.catalog.registry.RegistryService;
import io.portolan.sealing.AtRestCipher;
import jakarta.inject.Singleton;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Re-encrypts every stored secret under the master keyset's current primary key, in small
 * transactions, without downtime: rotate the keyset first (the new primary plus the old keys, on
 * every catalog instance), then run this; rows still under an old key keep decrypting meanwhile.
 *
 * <p>Thread-safe; concurrent runs skip each other's locked rows.
 */
@Singleton
public class SecretRotation {
  private static final Logger LOG = LoggerFactory.getLogger(SecretRotation.class);
  private static final int BATCH = 100;

  /** What a run rewrote. */
  public record Result(int registries, int joinTokens, int primaryKeyId) {}

  private final RegistryService registries;
  private final JoinTokens joinTokens;
  private final AtRestCipher cipher;
  private final AuditLog audit;

  public SecretRotation(
      RegistryService registries, JoinTokens joinTokens, AtRestCipher cipher, AuditLog audit) {
    this.registries = registries;
    this.joinTokens = joinTokens;
    this.cipher = cipher;
    this.audit = audit;
  }

  public Result reencryptAll(String actor) {
    int registryRows = 0;
    for (int n; (n = registries.reencryptBatch(BATCH)) > 0; ) {
      registryRows += n;
      LOG.info("Re-encrypted {} registry secrets so far", registryRows);
    }
    int tokenRows = 0;
    for (int n; (n = joinTokens.reencryptBatch(BATCH)) > 0; ) {
      tokenRows += n;
    }
    Result result = new Result(registryRows, tokenRows, cipher.primaryKeyId());
    record(actor, result);
    LOG.info(
        "Re-encrypted {} registries and {} join tokens under key {}",
        registryRows,
        tokenRows,
        result.primaryKeyId());
    return result;
  }

  @Transactional
  void record(String actor, Result result) {
    audit.record(
        actor,
        "secrets.re-encrypted",
        "catalog",
        null,
        null,
        Map.of(
            "registries", result.registries(),
            "joinTokens", result.joinTokens(),
            "primaryKeyId", result.primaryKeyId()));
  }
}
