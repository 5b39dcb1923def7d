package io.portolan.events;

import java.time.Instant;
import java.util.Objects;
import java.util.Set;

/**
 * A credential consumer (an injector, indexer or pusher) presents its public key. It receives
 * nothing until the catalog approves this exact key.
 *
 * @param consumerId {@code cluster:<id>}, {@code indexer:<id>} or {@code pusher:<id>}
 * @param publicKeyset the Tink public keyset, as Tink's JSON keyset format
 * @param keyFingerprint sha256 of the public keyset, which the approval names
 * @param joinProof HMAC-SHA256 of {@code consumerId + "\n" + keyFingerprint} under a one-time join
 *     token, base64url; null when the consumer waits for an admin's approval
 * @param joinTokenId the id of that join token; null without a proof
 */
public record ConsumerAnnounced(
    int schemaVersion,
    String consumerId,
    ConsumerKind kind,
    String publicKeyset,
    String keyFingerprint,
    Set<Capability> capabilities,
    String joinTokenId,
    String joinProof,
    String softwareVersion,
    Instant announcedAt)
    implements ConsumerAnnouncement {
  public static final int SCHEMA_VERSION = 1;

  public ConsumerAnnounced {
    Objects.requireNonNull(consumerId, "consumerId");
    Objects.requireNonNull(publicKeyset, "publicKeyset");
    Objects.requireNonNull(keyFingerprint, "keyFingerprint");
    capabilities = capabilities == null ? Set.of() : Set.copyOf(capabilities);
  }

  public ConsumerAnnounced(
      String consumerId,
      ConsumerKind kind,
      String publicKeyset,
      String keyFingerprint,
      Set<Capability> capabilities,
      String joinTokenId,
      String joinProof,
      String softwareVersion,
      Instant announcedAt) {
    this(
        SCHEMA_VERSION,
        consumerId,
        kind,
        publicKeyset,
        keyFingerprint,
        capabilities,
        joinTokenId,
        joinProof,
        softwareVersion,
        announcedAt);
  }

  @Override
  public String key() {
    return consumerId;
  }
}
