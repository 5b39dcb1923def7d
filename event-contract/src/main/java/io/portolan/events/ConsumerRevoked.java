package io.portolan.events;

import java.time.Instant;
import java.util.Objects;

/** The catalog no longer trusts this consumer; the minter revokes every credential it holds. */
public record ConsumerRevoked(
    int schemaVersion, String consumerId, String revokedBy, String reason, Instant revokedAt)
    implements ConsumerDecision {
  public static final int SCHEMA_VERSION = 1;

  public ConsumerRevoked {
    Objects.requireNonNull(consumerId, "consumerId");
  }

  public ConsumerRevoked(String consumerId, String revokedBy, String reason, Instant revokedAt) {
    this(SCHEMA_VERSION, consumerId, revokedBy, reason, revokedAt);
  }
}
