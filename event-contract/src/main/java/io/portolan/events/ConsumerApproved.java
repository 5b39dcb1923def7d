package io.portolan.events;

import java.time.Instant;
import java.util.Objects;
import java.util.Set;

/**
 * The catalog trusts this consumer's key. The minter seals credentials to {@code publicKeyset} only
 * while this is the consumer's latest decision.
 */
public record ConsumerApproved(
    int schemaVersion,
    String consumerId,
    ConsumerKind kind,
    String publicKeyset,
    String keyFingerprint,
    Set<Capability> capabilities,
    String approvedBy,
    Instant approvedAt)
    implements ConsumerDecision {
  public static final int SCHEMA_VERSION = 1;

  public ConsumerApproved {
    Objects.requireNonNull(consumerId, "consumerId");
    Objects.requireNonNull(publicKeyset, "publicKeyset");
    Objects.requireNonNull(keyFingerprint, "keyFingerprint");
    capabilities = capabilities == null ? Set.of() : Set.copyOf(capabilities);
  }

  public ConsumerApproved(
      String consumerId,
      ConsumerKind kind,
      String publicKeyset,
      String keyFingerprint,
      Set<Capability> capabilities,
      String approvedBy,
      Instant approvedAt) {
    this(
        SCHEMA_VERSION,
        consumerId,
        kind,
        publicKeyset,
        keyFingerprint,
        capabilities,
        approvedBy,
        approvedAt);
  }

  /** The id of the cluster, indexer or pusher instance: the consumer id without its kind prefix. */
  public String instanceName() {
    return consumerId.substring(consumerId.indexOf(':') + 1);
  }
}
