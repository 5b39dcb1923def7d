package io.portolan.catalog.crypto;

import io.micronaut.transaction.TransactionOperations;
import io.portolan.catalog.audit.AuditLog;
import io.portolan.catalog.consumer.JoinTokens;
import io.portolan.catalog.registry.RegistryService;
import io.portolan.sealing.AtRestCipher;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Re-encrypts every stored secret under the master keyset's current primary key, in small
 * transactions, without downtime: rotate the keyset first (the new primary plus the old keys, on
 * every catalog instance: {@code ./portolan keys rotate-master}), then run this; rows still under
 * an old key keep decrypting meanwhile. When the result says nothing remains under old keys, the
 * old keys can be retired ({@code ./portolan keys retire-old-master-keys}).
 *
 * <p>Thread-safe; concurrent runs skip each other's locked rows.
 */
@Singleton
public class SecretRotation {
  private static final Logger LOG = LoggerFactory.getLogger(SecretRotation.class);
  private static final int BATCH = 100;

  /**
   * What a run rewrote, and how many rows are still under old keys (rows locked by a concurrent
   * change are skipped; run again until this is zero).
   */
  public record Result(
      int registries, int joinTokens, int primaryKeyId, long remainingUnderOldKeys) {}

  private final RegistryService registries;
  private final JoinTokens joinTokens;
  private final AtRestCipher cipher;
  private final AuditLog audit;
  private final TransactionOperations<Connection> transactions;

  public SecretRotation(
      RegistryService registries,
      JoinTokens joinTokens,
      AtRestCipher cipher,
      AuditLog audit,
      TransactionOperations<Connection> transactions) {
    this.registries = registries;
    this.joinTokens = joinTokens;
    this.cipher = cipher;
    this.audit = audit;
    this.transactions = transactions;
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
    long remaining = registries.countUnderOldKeys() + joinTokens.countUnderOldKeys();
    Result result = new Result(registryRows, tokenRows, cipher.primaryKeyId(), remaining);
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("registries", result.registries());
    details.put("joinTokens", result.joinTokens());
    details.put("primaryKeyId", result.primaryKeyId());
    details.put("remainingUnderOldKeys", remaining);
    transactions.executeWrite(
        status -> {
          audit.record(actor, "secrets.re-encrypted", "catalog", null, null, details);
          return null;
        });
    LOG.info(
        "Re-encrypted {} registries and {} join tokens under key {}; {} rows remain under old keys",
        registryRows,
        tokenRows,
        result.primaryKeyId(),
        remaining);
    return result;
  }
}
